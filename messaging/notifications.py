"""Discreet e-mail notifications: "nouveau message" and a link, nothing else; at most one per conversation per
15 minutes; each person chooses immediate, a daily digest or none (User.message_notifications).

Tasks receive ids only, never text.
"""

import logging
import time
from datetime import timedelta

from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from casework.models import HouseholdMember
from messaging.enums import ConversationKind
from messaging.models import Message, NotificationState
from portal import perms, sms, sms_optout
from portal.enums import NotificationFrequency, Party, Role
from portal.links import absolute
from portal.models import User

logger = logging.getLogger(__name__)

QUIET_PERIOD = timedelta(minutes=15)
SUBJECT = "Nouveau message"
DIGEST_SUBJECT = "Nouveaux messages"


def household_users(case):
    return User.objects.filter(
        is_active=True, household_member__in=HouseholdMember.objects.filter(household_id=case.household_id)
    )


def team(organisation_id, roles):
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__is_active=True,
        memberships__role__in=roles,
    ).distinct()


def association_recipients(case):
    # The assigned worker is told; without one, the whole team (they cover for each other).
    worker = case.assigned_worker
    team_members = team(case.programme.association_id, [Role.WORKER, Role.COORDINATOR])
    if worker is not None and team_members.filter(pk=worker.pk).exists():
        return User.objects.filter(pk=worker.pk)
    return team_members


def recipients(message):
    conversation = message.conversation
    case = conversation.case
    if conversation.kind == ConversationKind.HOUSEHOLD:
        users = household_users(case) if message.side != Party.HOUSEHOLD else association_recipients(case)
    elif message.side == Party.LANDLORD:
        users = association_recipients(case)
    elif case.landlord_may_know:
        users = team(case.programme.landlord_id, [Role.LANDLORD_REFERENT])
    else:  # a thread left on a case the landlord may not know of: nobody there is told
        users = User.objects.none()
    return users.exclude(pk=message.author_id) if message.author_id else users


def conversation_link(conversation, user):
    name = "messaging:household_conversation" if perms.is_household(user) else "messaging:partner_conversation"
    return absolute(name, conversation.pk)


def notice_sms_text(link):
    """The notice by SMS for a phone-only household: that there is news and where to sign in, never the message."""
    return f"Vous avez un nouveau message dans votre espace en ligne. Pour le lire, connectez-vous : {link}"


def send_notice(user, subject, link):
    if not user.email:
        # A phone-only household: the same discreet notice by SMS, to its verified number, unless it answered STOP.
        if user.phone_verified and sms_optout.allows(user.phone):
            sms.send_now(user.phone, notice_sms_text(link))
        return
    send_mail(
        subject,
        "Bonjour,\n\nVous avez un nouveau message dans votre espace en ligne.\n\n"
        f"Pour le lire, connectez-vous : {link}\n\n"
        "Vous pouvez choisir de recevoir ces avertissements une fois par jour, ou plus du tout, "
        "dans vos préférences.",
        None,
        [user.email],
    )


def pending_key(conversation_id, side):
    return f"messaging:notify-pending:{conversation_id}:{side}"


# This process's copy of its recent claims: a busy conversation costs no Redis round trip per message. The task
# releases both when it runs (at once here when tasks run in-process; otherwise the copy lapses after a moment).
LOCAL_CLAIM_SECONDS = 5
_local_claims = {}


def sms_reply_recipients(message):
    """Who receives an association's reply as SMS text: household members who chose « réponses par SMS » on a number
    they verified or a worker confirmed (User.sms_reply_phone). Everyone else gets the discreet notice."""
    conversation = message.conversation
    if conversation.kind != ConversationKind.HOUSEHOLD or message.side != Party.ASSOCIATION:
        return []
    return sms_reply_users(conversation.case)


def sms_reply_users(case):
    return [user for user in household_users(case) if user.sms_reply_phone]


def sms_reply_text(message):
    return f"{message.body}\n— L'association. Répondez à ce numéro, ou dans votre espace."


@task()
def send_sms_reply(message_id):
    """The reply as SMS text (ids only in the task's arguments: the text is read here, never queued)."""
    message = Message.objects.select_related("conversation__case").filter(pk=message_id).first()
    if message is None or not message.body:
        return 0
    sent = 0
    for user in sms_reply_recipients(message):
        sms.send_now(user.sms_reply_phone, sms_reply_text(message))
        sent += 1
    if sent:
        Message.objects.filter(pk=message.pk).update(via_sms=True)
    return sent


def enqueue_sms_reply(message):
    if sms_reply_recipients(message):
        try:
            send_sms_reply.enqueue(message.pk)
        except Exception:  # noqa: BLE001 — a queue failure must not undo a stored message
            logger.exception("could not enqueue the SMS reply of message %s", message.pk)


def enqueue(message):
    """Queue the notification of a new message, unless one for the same conversation and side is still waiting.

    The waiting task reads who to tell and their preferences when it runs, after this message was stored; for the
    same side the recipients are the same people: it does what this message's task would have done. A busy
    conversation then costs one task, not one per message. The claim lives in the shared cache (across processes)
    and lapses after the quiet period if a task were ever lost. With the cache away, `cache.add` answers True
    within its short timeout (portal/resilience.py): the task is queued anyway, and its claim in the database
    still sends one e-mail per quiet period.
    """
    local_key = (message.conversation_id, message.side)
    now = time.monotonic()
    if now - _local_claims.get(local_key, -LOCAL_CLAIM_SECONDS) < LOCAL_CLAIM_SECONDS:
        return False
    if len(_local_claims) > 10_000:
        _local_claims.clear()
    _local_claims[local_key] = now
    key = pending_key(message.conversation_id, message.side)
    if not cache.add(key, 1, QUIET_PERIOD.total_seconds()):
        return False
    try:
        notify_new_message.enqueue(message.pk)
    except Exception:  # noqa: BLE001 — a notification queue failure must not undo a stored message
        release(message.conversation_id, message.side)
        logger.exception("could not enqueue the notification of message %s", message.pk)
        return False
    return True


def release(conversation_id, side):
    _local_claims.pop((conversation_id, side), None)
    cache.delete(pending_key(conversation_id, side))


@task()
def notify_new_message(message_id):
    message = (
        Message.objects.select_related(
            "conversation__case__programme", "conversation__case__assigned_worker", "conversation__case__referral"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    release(message.conversation_id, message.side)  # later messages queue a task again
    conversation = message.conversation
    now = timezone.now()
    sent = 0
    for user in recipients(message):
        if (
            user.sms_reply_phone
            and message.side == Party.ASSOCIATION
            and conversation.kind == ConversationKind.HOUSEHOLD
        ):
            continue  # the reply reached them as SMS text (send_sms_reply)
        preference = user.message_notifications
        if preference == NotificationFrequency.NONE:
            continue
        state, _ = NotificationState.objects.get_or_create(conversation=conversation, user=user)
        if preference == NotificationFrequency.DAILY:
            NotificationState.objects.filter(pk=state.pk).update(digest_pending=True)
            continue
        # Claim the slot with a conditional update so two processes never both send within the quiet period.
        claimed = NotificationState.objects.filter(
            Q(last_emailed_at__isnull=True) | Q(last_emailed_at__lte=now - QUIET_PERIOD), pk=state.pk
        ).update(last_emailed_at=now)
        if claimed:
            send_notice(user, SUBJECT, conversation_link(conversation, user))
            sent += 1
    return sent


def send_daily_digests():
    """One e-mail per person who chose the daily digest and has pending news. Idempotent: pending flags clear."""
    sent = 0
    pending = NotificationState.objects.filter(digest_pending=True, user__is_active=True)
    for user in User.objects.filter(pk__in=pending.values("user_id")):
        states = NotificationState.objects.filter(digest_pending=True, user=user)
        if user.message_notifications == NotificationFrequency.DAILY:
            space = "messaging:household_index" if perms.is_household(user) else "messaging:partner_index"
            send_notice(user, DIGEST_SUBJECT, absolute(space))
            sent += 1
        states.update(digest_pending=False, last_emailed_at=timezone.now())
    return sent
