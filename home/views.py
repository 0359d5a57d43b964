"""Public views of the home app (search, feedback, robots.txt) and the association's list of contact requests."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page, Site

from casework import call_backs
from home import contact, ratelimit
from home import perms as home_perms
from home import search as site_search
from home.forms import ContactForm, FeedbackForm
from home.models import PageFeedback
from portal import audit

SEARCH_PAGE_SIZE = 10
FEEDBACK_LIMIT = 20
FEEDBACK_WINDOW_SECONDS = 3600


@login_not_required
@require_GET
def search(request):
    """Search over published public pages: French stems, accents folded, editors' synonyms (home/search.py)."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        results = Paginator(site_search.search(query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"search_query": query, "results": results}
    if results is not None and not results.paginator.count:
        context["contact_form"] = ContactForm()
    return render(request, "home/search.html", context)


@login_not_required
@require_GET
def site_map(request):
    """« Plan du site »: every live public page of the site, as nested lists (the HTML twin of sitemap.xml)."""
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    pages = []
    if root is not None:
        pages = list(
            root.get_descendants(inclusive=True).live().public().only("id", "title", "url_path", "depth", "path")
        )
    base_depth = root.depth if root is not None else 0
    rows = [{"page": page, "level": page.depth - base_depth} for page in pages]
    return render(request, "home/site_map.html", {"rows": rows})


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@login_not_required
@csrf_exempt  # cached pages carry no CSRF cookie; honeypot and rate limit guard this small endpoint instead
@require_POST
def feedback(request):
    """'Was this page useful?': anonymous, nothing about the visitor is kept."""
    form = FeedbackForm(request.POST)
    page = None
    if form.is_valid():
        page = get_object_or_404(Page.objects.live().public(), pk=form.cleaned_data["page"])
        if form.is_spam():
            pass  # answer as if it worked, store nothing
        elif not ratelimit.allow("feedback", request, limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW_SECONDS):
            form.add_error(None, "Vous avez déjà donné beaucoup d'avis. Merci ! Réessayez plus tard.")
        else:
            PageFeedback.objects.create(
                page=page, useful=form.cleaned_data["useful"], comment=form.cleaned_data["comment"]
            )
    if form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": True, "message": "Merci pour votre avis."})
        return render(request, "home/feedback_thanks.html", {"feedback_page": page})
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    if page is None:
        page_id = str(form.data.get("page", ""))
        page = Page.objects.live().public().filter(pk=page_id).first() if page_id.isdigit() else None
    return render(request, "home/feedback_form.html", {"form": form, "feedback_page": page}, status=400)


@login_not_required
@csrf_exempt  # the contact page is cached and carries no CSRF cookie; honeypot and rate limit guard this form
@require_POST
def contact_submit(request):
    """The call-back request sent from the contact page (no account, no cookie needed)."""
    return contact.submit_view(request)


def _site_root_url(request):
    """The configured host of the site (Site record), the one sitemap.xml uses; the request's host otherwise."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


@login_not_required
@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /partenaires/",
        "Disallow: /espace/",
        "Disallow: /comptes/",
        "Disallow: /recherche/",
        "",
        f"Sitemap: {_site_root_url(request)}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def contact_requests(request):
    """The association's inbound call-back requests (association members only; 404 for everyone else)."""
    organisations = home_perms.contact_request_organisations(request.user)
    if not organisations:
        raise Http404
    requests = list(
        call_backs.for_associations([o.pk for o in organisations]).select_related("association", "handled_by")
    )
    audit.record(request, "contact_request.list", count=len(requests))
    return render(request, "home/contact_requests.html", {"contact_requests": requests})


@require_POST
def contact_request_handled(request, pk):
    organisations = home_perms.contact_request_organisations(request.user)
    if not organisations:
        raise Http404
    scoped = call_backs.for_associations([o.pk for o in organisations])
    contact_request = get_object_or_404(scoped, pk=pk)
    call_backs.mark_handled(contact_request, request.user)
    audit.record(request, "contact_request.handled", obj=contact_request)
    return redirect(reverse("home:contact_requests") + f"#demande-{pk}")
