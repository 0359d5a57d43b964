"""Storing, publishing, catching up and reading messages: the one place every path (websocket, JSON, form) uses.

The database is the source of truth. A message is stored and committed first; only then is its id published on
the channel layer (never its text). A layer that is down loses nothing: clients catch up from the database.
"""

import logging
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework.enums import ReachOutKind
from casework.models import Case
from messaging import perms as messaging_perms
from messaging.enums import ConversationKind, Side
from messaging.models import Attachment, Conversation, Message, ReadReceipt
from portal import audit

logger = logging.getLogger(__name__)

CATCH_UP_BATCH = 200


class MessageRefused(Exception):
    """A message that cannot be stored; `message` is shown to the person who wrote it."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def check_body(body, has_files=False):
    body = (body or "").strip()
    if len(body) > settings.MESSAGE_MAX_LENGTH:
        raise MessageRefused(
            "too_long",
            f"Votre message fait {len(body)} caractères : la limite est de {settings.MESSAGE_MAX_LENGTH}. "
            "Raccourcissez-le ou envoyez-le en plusieurs fois.",
        )
    if not body and not has_files:
        raise MessageRefused("empty", "Écrivez un message avant de l'envoyer.")
    return body


def check_burst(user):
    # Counted in the database, so the limit holds across connections and app processes.
    since = timezone.now() - timedelta(seconds=settings.MESSAGE_BURST_WINDOW_SECONDS)
    if Message.objects.filter(author=user, created_at__gte=since).count() >= settings.MESSAGE_BURST_LIMIT:
        raise MessageRefused(
            "burst",
            "Vous avez envoyé beaucoup de messages en peu de temps. Patientez quelques secondes avant de réessayer.",
        )


def post_message(conversation, user, body, client_key, files=()):
    """Store a message once per client key. Returns (message, created).

    The caller then publishes it (publish/publish_sync) and, for a new message, runs after_commit(): the
    side effects come after the frame so they add nothing to its latency.
    """
    client_key = str(client_key or "").strip()[:64]
    if not client_key:
        raise MessageRefused("no_key", "Le message n'a pas d'identifiant : rechargez la page et réessayez.")
    existing = Message.objects.filter(conversation=conversation, client_key=client_key).first()
    if existing is not None:
        return existing, False
    body = check_body(body, has_files=bool(files))
    check_burst(user)
    return store_message(conversation, user, body, client_key, files)


def store_message(conversation, user, body, client_key, files=(), when=None):
    """The storing itself, under a lock on the conversation row: the next sequence number, the files."""
    side = messaging_perms.side_of(user, conversation)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        existing = Message.objects.filter(conversation=locked, client_key=client_key).first()
        if existing is not None:
            return existing, False
        now = when or timezone.now()
        locked.last_seq += 1
        locked.last_message_at = now
        locked.save(update_fields=["last_seq", "last_message_at"])
        message = Message.objects.create(
            conversation=locked,
            seq=locked.last_seq,
            client_key=client_key,
            author=user,
            side=side,
            body=body,
            created_at=now,
        )
        # Kept on the object so that publishing and answering need no query to list them.
        message.stored_attachments = [
            Attachment.objects.create(
                message=message,
                file=upload,
                original_name=upload.name,
                content_type=upload.content_type,
                size=upload.size,
            )
            for upload in files
        ]
        # The author has read what they wrote.
        _advance_receipt(locked, user, message.seq)
    conversation.last_seq = locked.last_seq
    return message, True


def deliver(message, created):
    """For synchronous callers (views): publish the stored message, then its side effects once committed."""
    live = publish_sync(message)
    if created:
        transaction.on_commit(lambda: after_commit(message))
    return live


def after_commit(message):
    """Side effects of a stored message: the household reaching out, e-mail notifications (ids only)."""
    from messaging.notifications import notify_new_message

    conversation = message.conversation
    if message.side == Side.HOUSEHOLD and conversation.kind == ConversationKind.HOUSEHOLD:
        case = Case.objects.get(pk=conversation.case_id)
        # Once flagged (and not since put in "no contact"), later messages change nothing for the case.
        if case.household_reached_out_at is None or (
            case.no_contact_at is not None and case.household_reached_out_at < case.no_contact_at
        ):
            household_reached_out(case, message.created_at)
    try:
        notify_new_message.enqueue(message.pk)
    except Exception:  # noqa: BLE001 — a notification queue failure must not undo a stored message
        logger.exception("could not enqueue the notification of message %s", message.pk)


def household_reached_out(case, when):
    """A household message stops the escalation and flags the case (design.md section 4)."""
    from casework.workflow import household_reached_out as reached_out

    reached_out(case, ReachOutKind.MESSAGE, when=when)


def event_for(message, origin=""):
    # Only ids travel on the channel layer: never the text of a message. `files` spares receivers a query when 0;
    # `origin` is the sending socket, which already has the message in its ack.
    stored = getattr(message, "stored_attachments", None)
    return {
        "type": "message.new",
        "conversation": message.conversation_id,
        "id": message.pk,
        "seq": message.seq,
        "files": len(stored) if stored is not None else -1,
        "origin": origin,
    }


async def publish(message, origin=""):
    """Tell the conversation's open websockets that a message exists. False when the layer is down."""
    layer = get_channel_layer()
    if layer is None:
        return False
    event = event_for(message, origin)
    for attempt in range(2):
        try:
            await layer.group_send(f"conversation.{message.conversation_id}", event)
            return True
        except Exception:  # noqa: BLE001, PERF203 — Redis down or hung: the message is stored; clients catch up
            # After a Redis restart a pooled connection fails once; the second attempt takes a fresh one.
            if attempt:
                logger.warning("channel layer unreachable: message %s will reach clients by catch-up", message.pk)
    return False


def publish_sync(message):
    return async_to_sync(publish)(message)


def ack_frame(message, created, live):
    return {
        "type": "ack",
        "client_key": message.client_key,
        "id": message.pk,
        "seq": message.seq,
        "duplicate": not created,
        "live": live,
    }


def messages_after(conversation, after_seq, limit=CATCH_UP_BATCH):
    return list(
        conversation.messages.filter(seq__gt=after_seq)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("seq")[:limit]
    )


def catch_up_frame(conversation, viewer, after, who, channel):
    """Everything after `after` (one batch; `more` says to ask again). A staff catch-up is an audited read."""
    batch = messages_after(conversation, after)
    conversation.refresh_from_db(fields=["last_seq"])
    if batch:
        audit_read(who, viewer, conversation, channel, after=after)
    return {
        "type": "messages",
        "messages": [as_dict(m, viewer) for m in batch],
        "last_seq": conversation.last_seq,
        "more": bool(batch) and batch[-1].seq < conversation.last_seq,
        "receipts": receipts(conversation),
    }


def _advance_receipt(conversation, user, seq):
    receipts = ReadReceipt.objects.filter(conversation=conversation, user=user)
    if receipts.filter(last_read_seq__lt=seq).update(last_read_seq=seq, updated_at=timezone.now()):
        return True
    _, created = ReadReceipt.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_seq": seq}
    )
    return created and seq > 0


def mark_read(conversation, user, seq):
    """Move the user's receipt forward to `seq` (never back, never past the newest message)."""
    seq = max(0, min(int(seq), conversation.last_seq))
    return _advance_receipt(conversation, user, seq), seq


def receipts(conversation):
    """Each participant's last read sequence number, keyed by side (what the other side may know)."""
    result = {}
    for receipt in conversation.receipts.select_related("user"):
        side = messaging_perms.side_of(receipt.user, conversation)
        result[side] = max(result.get(side, 0), receipt.last_read_seq)
    return result


def with_unread(conversations, user):
    """Annotate `unread`: messages of others after the user's last read one."""
    read_seq = ReadReceipt.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_seq")[:1]
    return conversations.annotate(read_seq=Coalesce(Subquery(read_seq), 0)).annotate(
        unread=Count(
            "messages",
            filter=Q(messages__seq__gt=F("read_seq")) & (Q(messages__author__isnull=True) | ~Q(messages__author=user)),
        )
    )


def audit_read(who, user, conversation, channel, **extra):
    if messaging_perms.is_staff_reader(user, conversation):
        audit.record(
            who, "messaging.conversation_read", conversation, subject=conversation.case, channel=channel, **extra
        )


def author_label(message, viewer):
    if message.author_id is not None and message.author_id == viewer.pk:
        return "Vous"
    if message.side == Side.HOUSEHOLD:
        return "Le ménage" if message.author is None else message.author.get_full_name() or "Le ménage"
    name = message.author.first_name if message.author is not None else ""
    org = "l'association" if message.side == Side.ASSOCIATION else "le bailleur"
    return f"{name} ({org})" if name else org.capitalize()


def space_of(viewer):
    from portal import perms

    return "household" if perms.is_household(viewer) else "partner"


def attachment_url(attachment, viewer):
    name = "messaging:household_attachment" if space_of(viewer) == "household" else "messaging:partner_attachment"
    return reverse(name, args=[attachment.pk])


def as_dict(message, viewer):
    attachments = getattr(message, "stored_attachments", None)
    if attachments is None:
        attachments = message.attachments.all()
    return {
        "id": message.pk,
        "seq": message.seq,
        "conversation": message.conversation_id,
        "client_key": message.client_key if message.author_id == viewer.pk else None,
        "side": message.side,
        "mine": message.author_id == viewer.pk,
        "author": author_label(message, viewer),
        "body": message.body,
        "created_at": timezone.localtime(message.created_at).isoformat(),
        "time": timezone.localtime(message.created_at).strftime("%d/%m/%Y à %H:%M"),
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size, "url": attachment_url(a, viewer)} for a in attachments
        ],
    }
