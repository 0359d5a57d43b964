"""The call-back request of the contact page: validation, spam guards, creation, a discreet alert."""

from django.conf import settings
from django.core.mail import send_mail
from django.http import Http404
from django.template.response import TemplateResponse

from casework import call_backs
from home import ratelimit
from home.forms import ContactForm
from home.models import ContactPage, SiteSettings
from portal import audit
from portal.links import absolute

# Three requests an hour from one address is plenty for a person; more is a robot or a mistake.
CONTACT_LIMIT = 3
CONTACT_WINDOW_SECONDS = 3600
UNAVAILABLE = (
    "Le formulaire est momentanément indisponible. Appelez la ligne d'écoute : votre saisie est conservée ci-dessous."
)
TOO_MANY = (
    "Vous avez déjà envoyé plusieurs demandes en peu de temps. L'association les a bien reçues : "
    "elle vous rappellera. Si c'est urgent, appelez la ligne d'écoute."
)


def handle(page, request):
    """A POST from the contact page: redirect to the confirmation, or show the page again with the errors."""
    site_settings = SiteSettings.for_request(request)
    form = ContactForm(request.POST)
    if form.is_valid():
        if form.is_spam():
            return page.redirect_to_thanks()  # say nothing to the robot
        if site_settings.association is None:
            form.add_error(None, UNAVAILABLE)
        elif not ratelimit.allow("contact", request, limit=CONTACT_LIMIT, window=CONTACT_WINDOW_SECONDS):
            form.add_error(None, TOO_MANY)
        else:
            contact_request = create_request(form, site_settings.association)
            audit.record(request, "contact_request.created", obj=contact_request)
            alert_association(contact_request)
            return page.redirect_to_thanks()
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=200)


def submit_view(request):
    page = ContactPage.objects.live().public().first()
    if page is None:
        raise Http404
    return handle(page, request)


def create_request(form, association):
    """The request is casework's (casework.call_backs.receive): the public site only passes the form on."""
    data = form.cleaned_data
    return call_backs.receive(
        association,
        name=data["name"],
        channel=data["channel"],
        contact=form.contact_value(),
        preferred_times=data["preferred_times"],
        message=data["message"],
    )


def alert_association(contact_request):
    """Tell the association a request arrived: a link, no name, no content (docs/rules.md § 4, discreet notifications)."""
    email = contact_request.association.email
    if not email:
        return
    link = absolute("home:contact_requests")
    send_mail(
        "Nouvelle demande de contact",
        f"Une nouvelle demande de contact est arrivée depuis le site public.\n\nConsultez-la après connexion : {link}\n",
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
