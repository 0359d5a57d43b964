"""Security events of an account: recorded once, told to the person by e-mail, shown to who manages members.

`record(request_or_none, user, kind)` writes the audit event `security.<kind>` about the user and sends a discreet
notice saying what changed and what to do if it was not them. A sign-in from a browser that lacks the long-lived
"known browser" cookie set at an earlier completed sign-in of that user is such an event too (`new_browser`).
Whoever may manage an organisation's members (portal.perms.can_manage_members) sees 90 days of its members' events.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal import audit, formats, sms
from portal.links import absolute
from portal.models import AuditEvent

logger = logging.getLogger(__name__)

PREFIX = "security."
VISIBLE_DAYS = 90
KNOWN_BROWSER_COOKIE = "portal_known_browser"
KNOWN_BROWSER_MAX_AGE = 400 * 24 * 3600
KNOWN_BROWSER_MAX_USERS = 5

WHAT = {
    "second_factor_enrolled": "Un nouvel appareil de double authentification a été activé sur votre compte.",
    "backup_codes_regenerated": "De nouveaux codes de secours ont été créés ; les anciens ne fonctionnent plus.",
    "second_factor_disabled": "La double authentification a été désactivée sur votre compte.",
    "second_factor_reset": "Votre double authentification a été réinitialisée par un responsable : activez un "
    "nouvel appareil dans les 24 heures à votre prochaine connexion.",
    "email_changed": "L'adresse e-mail de votre compte a été modifiée.",
    "phone_changed": "Le numéro de téléphone de votre compte a été modifié.",
    "password_changed": "Le mot de passe de votre compte a été modifié.",
    "password_reset": "Le mot de passe de votre compte a été réinitialisé.",
    "new_browser": "Une connexion à votre compte a eu lieu depuis un navigateur ou un appareil inconnu.",
}


def record(who, user, kind, former_phone=None, **extra):
    """Audit the event on the user, then tell them (to the address of record, and the former one if it changed;
    by SMS to `former_phone`, a number replaced by another, which the audit log does not keep)."""
    event = audit.record(who, f"{PREFIX}{kind}", user, **extra)
    recipients = [address for address in (user.email, extra.get("former_email")) if address]
    if recipients:
        when = formats.moment(event.created_at)
        body = (
            f"Bonjour,\n\n{WHAT[kind]}\n(le {when})\n\n"
            "Si c'est bien vous, vous n'avez rien à faire.\n\n"
            "Si ce n'est pas vous : changez tout de suite votre mot de passe "
            f"({absolute('account_reset_password')}) et prévenez l'association qui vous accompagne "
            "ou votre responsable ; ils peuvent fermer vos sessions et réinitialiser votre double authentification."
        )
        send_mail("Sécurité de votre compte", body, None, recipients, fail_silently=True)
    if former_phone:
        try:
            sms.get_backend().send(
                former_phone, f"{WHAT[kind]} Si ce n'est pas vous, prévenez l'association qui vous accompagne."
            )
        except sms.SmsError:  # the change stands; the notice by e-mail and the audit event remain
            logger.warning("security notice by SMS refused by the provider (user %s)", user.pk)
    return event


def events_for_members(user_ids, days=VISIBLE_DAYS):
    """The security events of these accounts over the last `days` days, newest first."""
    since = timezone.now() - timedelta(days=days)
    ids = [str(pk) for pk in user_ids]
    return AuditEvent.objects.filter(
        object_type="portal.user", object_id__in=ids, action__startswith=PREFIX, created_at__gte=since
    ).order_by("-created_at")


def label(event):
    return WHAT.get(event.action.removeprefix(PREFIX), event.action)


# The known-browser cookie: a short keyed hash per user who completed a sign-in in this browser.


def _token(user):
    return salted_hmac("portal.known-browser", str(user.pk)).hexdigest()[:20]


def _tokens(request):
    return [t for t in request.COOKIES.get(KNOWN_BROWSER_COOKIE, "").split(".") if t]


def is_known_browser(request, user):
    return _token(user) in _tokens(request)


def remember_browser(request, response, user):
    tokens = [t for t in _tokens(request) if t != _token(user)][-(KNOWN_BROWSER_MAX_USERS - 1) :] + [_token(user)]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        ".".join(tokens),
        max_age=KNOWN_BROWSER_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
