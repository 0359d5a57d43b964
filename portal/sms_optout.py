"""STOP and START, in one place: a number that answered STOP gets no invitation, reminder, notice or SMS reply until
it answers START or the household turns SMS back on in its space (docs/rules.md § 15).

Called by the inbound webhook (portal.sms_webhooks.inbound) and by the household's preferences; every sender asks
`allows(phone)` before sending anything but a sign-in code the person asked for.
"""

from django.utils import timezone

from portal import audit
from portal.models import SmsOptOut, User, phone_digest

STOP_WORDS = {"STOP", "ARRET", "ARRÊT", "STOPSMS", "STOP SMS"}
START_WORDS = {"START", "STARTSMS", "START SMS"}


def keyword(text):
    """ "stop", "start" or "" for an inbound text (case and surrounding spaces do not matter)."""
    word = " ".join((text or "").split()).upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return ""


def stop(phone):
    now = timezone.now()
    SmsOptOut.objects.update_or_create(
        phone_digest=phone_digest(phone), defaults={"stopped_at": now, "started_at": None}
    )
    User.objects.filter(phone=phone, phone_verified_at__isnull=False).update(reminder_by_sms=False)
    audit.record(None, "sms.stop")


def start(phone):
    updated = SmsOptOut.objects.filter(phone_digest=phone_digest(phone), stopped_at__isnull=False).update(
        stopped_at=None, started_at=timezone.now()
    )
    if updated:
        audit.record(None, "sms.start")
    return bool(updated)


def handle_inbound(phone, text):
    """Apply STOP or START from an inbound SMS; True when the text was one of them."""
    word = keyword(text)
    if word == "stop":
        stop(phone)
    elif word == "start":
        start(phone)
    return bool(word)


def allows(phone):
    """False while the number's STOP holds."""
    return not SmsOptOut.objects.filter(phone_digest=phone_digest(phone), stopped_at__isnull=False).exists()


def stopped_at(phones):
    """When the last STOP still in force among `phones` was received, or None (the case page's « STOP reçu le »)."""
    digests = [phone_digest(p) for p in phones if p]
    if not digests:
        return None
    last = (
        SmsOptOut.objects.filter(phone_digest__in=digests, stopped_at__isnull=False)
        .order_by("-stopped_at")
        .values_list("stopped_at", flat=True)
        .first()
    )
    return last
