"""Portal views: health check, the two spaces' homes, account settings, members, drafts."""

from allauth.account.utils import get_next_redirect_url
from asgiref.sync import async_to_sync
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import audit, drafts, invitations, layers, perms, security_events, sms_optout, spaces
from portal.access import household_required, partner_area_required
from portal.enums import ROLES_BY_KIND, InvitationKind, NotificationFrequency, Role
from portal.links import with_next
from portal.models import Invitation, Membership, Organisation, User
from portal.second_factor import has_confirmed_device
from portal.sessions import end_user_sessions


@login_not_required
@never_cache
def health(request):
    """200 when the database, the cache and the channel layer answer; otherwise 503 naming what failed (for a load
    balancer: a Redis outage takes every process out alike, while signed-in pages and sends keep working)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001
        checks["database"] = "indisponible"
    try:
        reachable = getattr(cache, "reachable", None)  # the Redis cache; a local memory cache is always there
        if reachable is not None:
            reachable()
        checks["cache"] = "ok"
    except Exception:  # noqa: BLE001
        checks["cache"] = "indisponible"
    try:
        async_to_sync(layers.round_trip)()
        checks["channel_layer"] = "ok"
    except Exception:  # noqa: BLE001
        checks["channel_layer"] = "indisponible"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "indisponible", **checks}, status=200 if healthy else 503)


def after_login(request):
    """Reached once sign-in is complete (second factor included where required), by every sign-in
    (PortalAccountAdapter.post_login): the browser is now known. Then the page the person was going to (`next`,
    checked by allauth), or their home."""
    user = request.user
    going = get_next_redirect_url(request)
    if perms.can_access_partner_area(user):
        response = redirect(going or "portal:partner_home")
    elif perms.is_staff_member(user):
        response = redirect(going or "wagtailadmin_home")
    elif signed_in_by_code_recently(request):  # « Recevoir un code »: offer a new password (« Plus tard » skips)
        response = redirect(with_next(reverse("portal:set_password_after_code"), going))
    else:
        response = redirect(going or "portal:household_home")
    return security_events.remember_browser(request, response, user)


@household_required
def household_home(request):
    return render(
        request,
        "portal/household_home.html",
        {"panels": spaces.render_panels(spaces.HOUSEHOLD_PANELS, request)},
    )


@household_required
def household_welcome(request):
    return render(
        request,
        "portal/household_welcome.html",
        {"panels": spaces.render_panels(spaces.WELCOME_PANELS, request)},
    )


class PreferencesForm(forms.ModelForm):
    """The number itself changes only through allauth's « changer de numéro » page (re-authentication, then a
    code by SMS): typed here it would be unverified. SMS reminders stay off until a number is verified."""

    class Meta:
        model = User
        fields = ["first_name", "message_notifications", "reminder_by_email", "reminder_by_sms", "replies_by_sms"]
        labels = {"first_name": "Prénom", "replies_by_sms": "Recevoir les réponses de l'association par SMS"}
        help_texts = {
            "replies_by_sms": "Le texte des réponses arrive sur votre portable : il peut se lire sur un écran "
            "verrouillé. Sinon, vous recevez seulement un avertissement et vous lisez la réponse dans votre espace."
        }
        widgets = {"message_notifications": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not perms.is_household(self.instance):
            del self.fields["replies_by_sms"]
        if not self.instance.phone_verified:
            for name in ("reminder_by_sms", "replies_by_sms"):
                if name not in self.fields:
                    continue
                field = self.fields[name]
                field.disabled = True
                self.initial[name] = False  # off, whatever was ticked before: nothing would be sent
                field.help_text = (
                    "Impossible pour l'instant : aucun numéro de portable vérifié. "
                    "Ajoutez ou confirmez votre numéro, un code vous sera envoyé par SMS."
                )


def account_settings(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if "reminder_by_sms" in form.changed_data and form.instance.reminder_by_sms:
            sms_optout.start(form.instance.phone)  # turning SMS on in the space lifts a STOP, like START
        audit.record(request, "account.preferences_changed")
        messages.success(request, "Vos préférences sont enregistrées.")
        return redirect("portal:account_settings")
    return render(
        request,
        "portal/account_settings.html",
        {
            "form": form,
            "has_second_factor": has_confirmed_device(request.user),
            "is_staff_member": perms.is_staff_member(request.user),
            "frequencies": NotificationFrequency,
        },
    )


@partner_area_required
def partner_home(request):
    memberships = perms.active_memberships(request.user)
    if request.user.is_superuser:
        managed = list(Organisation.objects.all())
    else:
        managed = [m.organisation for m in memberships if perms.can_manage_members(request.user, m.organisation)]
    return render(
        request,
        "portal/partner_home.html",
        {
            "memberships": memberships,
            "managed_organisations": managed,
            "is_platform_admin": perms.is_platform_admin(request.user),
            "panels": spaces.render_panels(spaces.PARTNER_PANELS, request),
        },
    )


class StaffInvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail professionnelle")
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ROLES_BY_KIND.get(organisation.kind, set())
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in allowed]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Cette personne a déjà un compte sur le portail.")
        return email


def managed_organisation_or_404(request, organisation_id):
    if request.user.is_superuser:
        return get_object_or_404(Organisation, pk=organisation_id)
    for membership in perms.active_memberships(request.user):
        if membership.organisation_id == organisation_id and perms.can_manage_members(
            request.user, membership.organisation
        ):
            return membership.organisation
    raise Http404


@partner_area_required
def members(request, organisation_id):
    organisation = managed_organisation_or_404(request, organisation_id)
    form = StaffInvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = invitations.invite_staff(
            request, organisation, form.cleaned_data["email"], form.cleaned_data["role"]
        )
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
        return redirect("portal:members", organisation_id=organisation.pk)
    team = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__email")
    )
    pending = Invitation.objects.usable().filter(organisation=organisation, kind=InvitationKind.STAFF)
    events = security_events.events_for_members([m.user_id for m in team]).select_related("actor")[:200]
    return render(
        request,
        "portal/members.html",
        {
            "organisation": organisation,
            "team": team,
            "pending": pending,
            "form": form,
            "security_events": [(event, security_events.label(event)) for event in events],
            "members_by_id": {str(m.user_id): m.user for m in team},
        },
    )


@partner_area_required
@require_POST
def reset_second_factor(request, organisation_id, membership_id):
    """A lost device: the member's coordinator (or a platform administrator) removes their devices and ends
    their sessions; they enrol a new device at their next sign-in, within 24 hours (portal/second_factor.py)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    organisation = managed_organisation_or_404(request, organisation_id)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation, is_active=True)
    if membership.user_id == request.user.pk:
        messages.error(request, "Vous ne pouvez pas réinitialiser votre propre double authentification.")
        return redirect("portal:members", organisation_id=organisation.pk)
    member = membership.user
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    end_user_sessions(member, reason="second_factor_reset")
    audit.record(request, "otp.reset", membership)
    security_events.record(request, member, "second_factor_reset")
    messages.success(
        request,
        f"La double authentification de {member} est réinitialisée : cette personne active un nouvel appareil "
        "à sa prochaine connexion, dans les 24 heures.",
    )
    return redirect("portal:members", organisation_id=organisation.pk)


@partner_area_required
@require_POST
def end_membership(request, organisation_id, membership_id):
    organisation = managed_organisation_or_404(request, organisation_id)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation, is_active=True)
    if membership.user_id == request.user.pk:
        messages.error(request, "Vous ne pouvez pas retirer votre propre accès.")
        return redirect("portal:members", organisation_id=organisation.pk)
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save()
    audit.record(request, "staff.membership_ended", membership)
    messages.success(request, f"L'accès de {membership.user} est retiré ; ses sessions sont fermées.")
    return redirect("portal:members", organisation_id=organisation.pk)


@require_POST
def save_draft(request, key):
    """Autosave endpoint for long texts (notes, minutes, messages), called as the user types."""
    body = request.POST.get("body", "")
    if not drafts.is_known(key):
        return JsonResponse({"error": "Brouillon inconnu."}, status=400)
    if len(body) > 100_000:
        return JsonResponse({"error": "Texte trop long."}, status=400)
    draft = drafts.save(request.user, key, body)
    return JsonResponse({"saved_at": timezone.localtime(draft.updated_at).strftime("%H:%M") if draft else None})


# Folders of MEDIA_ROOT that development serves: Wagtail's images and their renditions. Documents go through
# Wagtail's serve view; household files never leave their encrypted storage but through scoped views.
DEV_MEDIA_FOLDERS = ("images/", "original_images/")


def media_image(request, path):
    """Development's `/media/`: only image folders, never sniffed, sandboxed; anything else answers 404."""
    from django.views.static import serve

    if not path.startswith(DEV_MEDIA_FOLDERS) or ".." in path.split("/"):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# After « Recevoir un code », a household may choose a new password without the old one (a forgotten password is
# never a dead end) for this long after the code was typed.
PASSWORD_AFTER_CODE_WINDOW = 15 * 60


def signed_in_by_code_recently(request):
    """True when this session's latest sign-in was by a one-time code (allauth's records), not long ago."""
    import time

    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    if not records or records[-1].get("method") != "code":
        return False
    return time.time() - records[-1].get("at", 0) < PASSWORD_AFTER_CODE_WINDOW


@household_required
def set_password_after_code(request):
    from allauth.account.internal.flows.password_change import change_password, finalize_password_set
    from django.contrib.auth.forms import SetPasswordForm

    if not signed_in_by_code_recently(request):
        return redirect("account_change_password")
    then = get_next_redirect_url(request) or reverse("portal:household_home")  # where the sign-in was going
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_password(request.user, form.cleaned_data["new_password1"])
        finalize_password_set(request, request.user)
        return redirect(then)
    return render(request, "portal/password_after_code.html", {"form": form, "then": then})


@login_not_required
def short_invitation(request, code):
    """/i/<code>: the letter's short link, to the invitation page with the code filled in (which notes the opening)."""
    return redirect(reverse("portal:invitation_redeem_code", kwargs={"code": code[:40]}))
