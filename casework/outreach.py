"""Invitations and reminders sent by the portal to a household that has not reached out yet (docs/rules.md § 15).

- A worker sends the invitation by SMS and/or e-mail, for one case or a selection of the caseload; each one is a
  contact attempt on the case (ContactAttempt + Outreach) and goes out through a task that carries its id only.
- Reminders go on day 3 and day 7 after the invitation while the household has not reached out: the one rule of
  « reached out » (CaseQuerySet.awaiting_reach_out / Case.awaits_reach_out, casework.deadlines) stops them.
- A number that answered STOP gets nothing (portal.sms_optout); the delivery status is the provider's, read from
  the SMS record the status webhook updates (portal.sms_webhooks.status).
- The texts are discreet: nothing about rent or arrears readable on a locked screen.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from casework.enums import ContactOutcome
from casework.models import Case, ContactAttempt, Outreach
from portal import audit, phones, sms, sms_optout
from portal.enums import ContactChannel
from portal.links import absolute

logger = logging.getLogger(__name__)

REMINDER_DAYS = {Outreach.REMINDER_3: 3, Outreach.REMINDER_7: 7}
CHANNELS = (ContactChannel.SMS, ContactChannel.EMAIL)
SMS_TEXT = (
    # Only GSM-7 characters (no « ç », « ê »…): 160 characters per SMS rather than 70 (portal.sms.measure).
    "Bonjour, suite au courrier de votre bailleur, l'association {association} peut vous aider. "
    "Votre espace : {lien} ou appelez le {telephone}."
)
REMINDER_TEXT = (
    "Bonjour, l'association {association} attend toujours de vos nouvelles. Votre espace : {lien} ou {telephone}."
)
EMAIL_SUBJECT = "Un message de l'association {association}"


def contacts(case):
    """(mobile numbers, e-mail addresses) the lease holds for the household, each once."""
    numbers, addresses = [], []
    for member in case.household.members.all():
        number = phones.normalise_or_blank(member.phone)
        if number and number not in numbers:
            numbers.append(number)
        if member.email and member.email.lower() not in addresses:
            addresses.append(member.email.lower())
    return numbers, addresses


def link(case):
    """The short link carrying the letter's code (/i/<code>/): the household still types its postcode there."""
    return absolute("short_invitation", case.invitation.code)


def values(association_name, short_link, phone):
    """What the placeholders {association}, {lien}, {telephone} of a text become (portal.sms.fill)."""
    return {"association": association_name, "lien": short_link, "telephone": phone or ""}


def text(case, kind):
    programme = case.programme
    if kind == Outreach.INVITATION:
        template = programme.invitation_sms_text or SMS_TEXT
    else:
        template = programme.reminder_sms_text or REMINDER_TEXT
    return sms.fill(template, values(programme.association.name, link(case), programme.association.phone))


def queue_at_referral(case):
    """The programme's option: the invitation leaves with the referral, on every channel the lease holds."""
    numbers, addresses = contacts(case)
    channels = [c for c, found in ((ContactChannel.SMS, numbers), (ContactChannel.EMAIL, addresses)) if found]
    if case.programme.auto_invite and channels and can_invite(case):
        queue(case, channels)


def can_invite(case):
    """Open, not on the waiting list (casework.capacity: invited once taken off it), not reached out yet, with a
    letter's code still usable."""
    return (
        case.is_open
        and not case.is_waiting
        and case.awaits_reach_out
        and case.invitation is not None
        and case.invitation.is_usable
    )


def queue(case, channels, kind=Outreach.INVITATION, by=None):
    """Record one contact attempt per channel and send each after the commit; returns the Outreach rows."""
    rows = []
    for channel in channels:
        attempt = ContactAttempt.objects.create(
            case=case, author=by, channel=channel, outcome=ContactOutcome.SENT, note=dict(Outreach.KINDS)[kind]
        )
        rows.append(Outreach.objects.create(case=case, kind=kind, channel=channel, attempt=attempt))
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: [send_outreach.enqueue(pk) for pk in ids])
    return rows


def _mark(row, reason):
    row.not_sent = reason
    row.save(update_fields=["not_sent"])
    return 0


def _send_sms(row, case):
    numbers, _ = contacts(case)
    allowed = [n for n in numbers if sms_optout.allows(n)]
    if not numbers:
        return _mark(row, "no_address")
    if not allowed:
        return _mark(row, "stopped")
    try:
        row.sms = sms.get_backend().send(allowed[0], text(case, row.kind))
    except sms.SmsError as error:
        logger.warning("invitation SMS not sent: %s", error)
        return _mark(row, "failed")
    return 1


def _send_email(row, case):
    _, addresses = contacts(case)
    if not addresses:
        return _mark(row, "no_address")
    association = case.programme.association.name
    body = text(case, row.kind) + "\n\nCe message est personnel : merci de ne pas y répondre par e-mail."
    send_mail(EMAIL_SUBJECT.format(association=association), body, None, addresses[:1])
    return 1


@task()
def send_outreach(outreach_id):
    """Send one invitation or reminder (by id: the task carries no number, address or text)."""
    row = (
        Outreach.objects.select_related("case__programme__association", "case__invitation")
        .filter(pk=outreach_id, sent_at__isnull=True, not_sent="")
        .first()
    )
    if row is None:
        return 0
    case = row.case
    if not can_invite(case):
        return _mark(row, "reached_out")
    sent = _send_sms(row, case) if row.channel == ContactChannel.SMS else _send_email(row, case)
    if sent:
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at", "sms"])
    return sent


def status(row):
    """What the case page shows for one invitation or reminder: the provider's last word, or why nothing went."""
    if row.not_sent:
        return NOT_SENT_LABELS.get(row.not_sent, "non envoyé")
    if row.sent_at is None:
        return "en attente d'envoi"
    if row.sms is not None:
        return SMS_STATUS_LABELS.get(row.sms.status, row.sms.status or "envoyé")
    return "envoyé"


NOT_SENT_LABELS = {
    "no_address": "non envoyé : aucune coordonnée",
    "stopped": "non envoyé : STOP reçu",
    "reached_out": "non envoyé : le ménage s'est manifesté",
    "failed": "échec : refusé par le fournisseur",
}
SMS_STATUS_LABELS = {
    "outbox": "envoyé (boîte de développement)",
    "queued": "envoyé",
    "accepted": "envoyé",
    "sent": "envoyé",
    "delivered": "reçu",
    "undelivered": "échec : non distribué",
    "failed": "échec : non distribué",
}


def due_reminders(now=None):
    """Queue the day-3 and day-7 reminders due, on the channels of the invitation, for the cases still awaiting a
    sign of the household. Idempotent: one reminder of each kind per invitation channel."""
    now = now or timezone.now()
    queued = 0
    awaiting = Case.objects.open().awaiting_reach_out()
    for kind, days in REMINDER_DAYS.items():
        invitations = Outreach.objects.filter(
            kind=Outreach.INVITATION, sent_at__lte=now - timedelta(days=days), case__in=awaiting
        ).select_related("case__invitation", "case__programme")
        for invitation in invitations:
            case = invitation.case
            if Outreach.objects.filter(case=case, kind=kind, channel=invitation.channel).exists():
                continue
            if can_invite(case):
                queue(case, [invitation.channel], kind=kind)
                queued += 1
    return queued


def save_programme_texts(form, request):
    """The coordinator's invitation texts for her programme (a validated ProgrammeTextsForm), audited."""
    programme = form.save()
    audit.record(request, "programme.invitation_texts_changed", programme)
    return programme
