"""The second-factor rule, in one place: who needs one, what counts as verified, the only exceptions, re-authentication.

Deny by default: every view that needs a signed-in user, and every websocket, needs a verified second factor
whenever the user is a professional (staff) or has a confirmed device. The only views a session that passed the
password alone may reach are named here (EXEMPT_VIEWS, and FIRST_ENROLMENT_VIEW for a professional who has no
device yet). There is no list of path prefixes: a new view is covered the day it is written.

Sensitive changes (second factor, backup codes, e-mail, phone, password) need, on top of a verified session, a
code typed on the re-authentication page within REAUTHENTICATION_SECONDS. django-otp keeps only the device id in
the session, so the time of that code is kept in the session too. The password alone never counts once a device
exists.
"""

import time
from datetime import timedelta
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import perms
from portal.models import AuditEvent

# The code-entry page and logout: what a password-only session may reach (besides public pages).
EXEMPT_VIEWS = frozenset({"portal:otp_verify", "account_logout"})
# First enrolment: a professional without any confirmed device sets one up before anything else.
FIRST_ENROLMENT_VIEW = "portal:otp_setup"
REAUTHENTICATION_VIEW = "portal:reauthenticate"
# Changes that need a code typed within the last REAUTHENTICATION_SECONDS (when the user has a device).
SENSITIVE_VIEWS = frozenset(
    {
        "portal:otp_setup",
        "portal:otp_backup_codes",
        "portal:otp_disable",
        "account_email",
        "account_change_password",
        "account_set_password",
        "account_change_phone",
    }
)
REAUTHENTICATED_AT_KEY = "portal_code_reauthenticated_at"
REAUTHENTICATION_SECONDS = 300


def _confirmed_devices(user):
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True),
        StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False),
    )


def has_confirmed_device(user):
    preloaded = getattr(user, "_has_confirmed_device", None)  # with_requirement_flags(), for this object only
    if preloaded is not None:
        return preloaded
    return any(devices.exists() for devices in _confirmed_devices(user))


def with_requirement_flags(users):
    """`users` (a User queryset) with what required() reads about each, in the same query (perms' staff flags
    and a confirmed device): checking many sessions at once costs no query per user. Then adopt_requirement_flags()."""
    from django.db.models import Exists, OuterRef

    totp, static = _confirmed_devices(OuterRef("pk"))
    return perms.with_staff_flags(users).annotate(has_totp_device=Exists(totp), has_static_device=Exists(static))


def adopt_requirement_flags(user):
    perms.adopt_staff_flags(user)
    user._has_confirmed_device = bool(user.has_totp_device or user.has_static_device)  # SQLite's EXISTS gives 0/1


def required(user):
    """Does this signed-in user need a verified second factor? Professionals always; households once enrolled."""
    return bool(getattr(user, "is_authenticated", False)) and (
        perms.is_staff_member(user) or has_confirmed_device(user)
    )


def session_verified(user, session):
    """The session carries a confirmed device of this user (OTPMiddleware's check, for places it does not run)."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and getattr(device, "confirmed", True)


def satisfied(user, verified):
    """The rule itself: a signed-in user may go on when verified, or when no second factor is required."""
    return verified or not required(user)


def code_entry_url(user, next_url):
    """Where a session that lacks the second factor is sent: the code page, or first enrolment without a device."""
    target = "portal:otp_verify" if has_confirmed_device(user) else FIRST_ENROLMENT_VIEW
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


def _exempt(request, view_name):
    if view_name in EXEMPT_VIEWS:
        return True
    # First enrolment only: once a device is confirmed, changing it is a sensitive change of a verified session.
    return view_name == FIRST_ENROLMENT_VIEW and not has_confirmed_device(request.user)


FIRST_ENROLMENT_AFTER_RESET = timedelta(hours=24)


def first_enrolment_open(user):
    """A professional without a device may enrol: a new account that never enrolled, or within 24 hours of a reset
    of the second factor by an administrator or their coordinator. Otherwise a lost device needs such a reset."""
    if not perms.is_staff_member(user):
        return True  # a household's second factor is optional
    events = AuditEvent.objects.filter(object_type="portal.user", object_id=str(user.pk))
    reset = events.filter(action="security.second_factor_reset").order_by("-created_at").first()
    if reset is not None:
        return timezone.now() - reset.created_at < FIRST_ENROLMENT_AFTER_RESET
    return not events.filter(action="security.second_factor_enrolled").exists()


def mark_reauthenticated_at(session, now=None):
    session[REAUTHENTICATED_AT_KEY] = int(time.time() if now is None else now)


def mark_reauthenticated(request):
    """A code was just typed on the re-authentication page (allauth's own check is told too)."""
    from allauth.account.internal.flows.login import record_authentication

    mark_reauthenticated_at(request.session)
    record_authentication(request, request.user, method="mfa", reauthenticated=True)


def recently_reauthenticated(request):
    """A code typed on the re-authentication page within the last 5 minutes (a password never counts)."""
    at = request.session.get(REAUTHENTICATED_AT_KEY)
    return isinstance(at, int) and 0 <= time.time() - at < REAUTHENTICATION_SECONDS


def needs_reauthentication(request, view_name):
    """Sensitive changes of a user with a device need a fresh code. Without a device (a household that never
    enrolled, a professional's first enrolment) allauth's own password re-authentication applies."""
    return view_name in SENSITIVE_VIEWS and has_confirmed_device(request.user) and not recently_reauthenticated(request)


def reauthentication_url(request):
    return f"{reverse(REAUTHENTICATION_VIEW)}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """Applies the rule to every view needing a signed-in user (after LoginRequiredMiddleware and OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not getattr(view_func, "login_required", True):
            return None  # anonymous visitors are LoginRequiredMiddleware's; public views are public to all
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        verified = user.is_verified()
        if not satisfied(user, verified):
            if _exempt(request, view_name):
                return None
            return redirect(code_entry_url(user, request.get_full_path()))
        if needs_reauthentication(request, view_name):
            return redirect(reauthentication_url(request))
        return None


def session_allows(user, session_data):
    """For websockets: may this session (its stored data, read afresh) still act for this user?"""
    return satisfied(user, session_verified(user, session_data))
