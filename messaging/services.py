"""Storing, publishing, catching up and reading messages: the one place every path (websocket, JSON, form) uses.

The database is the source of truth. A message is stored and committed first; only then is its id published on
the channel layer (never its text). A layer that is down loses nothing: clients catch up from the database.
"""

import asyncio
import json
import logging
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework.enums import ReachOutKind
from casework.models import Case
from casework.workflow import household_reached_out as reached_out
from messaging import notifications
from messaging import perms as messaging_perms
from messaging.enums import ConversationKind
from messaging.files import detected_type
from messaging.models import Attachment, Conversation, Message, ReadReceipt
from portal import audit, crypto, formats, layers, perms
from portal.enums import Party

logger = logging.getLogger(__name__)

CATCH_UP_BATCH = 200
# A batch stops short of this many bytes: daphne (autobahn) refuses a frame over 1 MiB and the socket dies with it.
CATCH_UP_MAX_BYTES = 256 * 1024
CATCH_UP_CHUNK = 50  # messages read (and decrypted) at a time until a batch is full
PUBLISH_TIMEOUT_SECONDS = 0.5
# A websocket's publish that failed is tried again after these delays (publish_again): one that a loaded process made
# late is given live a moment later, not by the messaging watch a round later.
PUBLISH_RETRY_SECONDS = (0.25, 0.5, 1)


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


BURST_REFUSAL = "Vous avez envoyé beaucoup de messages en peu de temps. Patientez quelques secondes avant de réessayer."


def post_message(conversation, user, body, client_key, files=(), side=None):
    """Store a message once per client key. Returns (message, created).

    The caller publishes it (publish/publish_sync) and, for a new message, runs after_commit() once it is
    committed. `side` spares a lookup when the caller knows it (the websocket works it out once per connection).
    """
    client_key = str(client_key or "").strip()[:64]
    if not client_key:
        raise MessageRefused("no_key", "Le message n'a pas d'identifiant : rechargez la page et réessayez.")
    body = check_body(body, has_files=bool(files))
    return store_message(conversation, user, body, client_key, files, side=side, limit_bursts=True)


# The hot path. Every message runs these statements; written in SQL because compiling the equivalent querysets
# costs more CPU than running them (about 0.5 ms each, measured with bench/messaging.py). Plain SQL that
# PostgreSQL and SQLite (3.35+, for RETURNING) both understand; the test suite runs on both.


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else cursor.rowcount


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def next_seq(conversation_id, now):
    """Add one to the conversation's sequence and return it: one statement, which also locks the row until commit."""
    row = _run(
        f"UPDATE {_table(Conversation)} SET last_seq = last_seq + 1, last_message_at = %s "  # noqa: S608 — table names only
        "WHERE id = %s RETURNING last_seq",
        [connection.ops.adapt_datetimefield_value(now), conversation_id],
    )
    if row is None:
        raise Conversation.DoesNotExist(conversation_id)
    return row[0]


def insert_message(conversation, seq, client_key, author, side, body, created_at, burst_since=None, via_sms=False):
    """INSERT … RETURNING id, the body encrypted by its field as the ORM would; returns the saved Message.

    With `burst_since`, the same statement inserts only while the author has written fewer than
    MESSAGE_BURST_LIMIT messages since then, and returns None otherwise.
    """
    message = Message(
        conversation=conversation,
        seq=seq,
        client_key=client_key,
        author=author,
        side=side,
        body=body,
        created_at=created_at,
        via_sms=via_sms,
    )
    # Every concrete column but the key, from the model itself: a field added to Message is written here too
    # (with its default, pre_save applied as the ORM would), never silently left out of the INSERT.
    fields = [field for field in Message._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    values = [field.get_db_prep_save(field.pre_save(message, True), connection) for field in fields]
    placeholders = ", ".join(["%s"] * len(columns))
    if burst_since is None:
        source, params = f"VALUES ({placeholders})", values
    else:
        source = (
            f"SELECT {placeholders} WHERE (SELECT COUNT(*) FROM {_table(Message)} "  # noqa: S608
            "WHERE author_id = %s AND created_at >= %s) < %s"
        )
        params = [
            *values,
            author.pk,
            connection.ops.adapt_datetimefield_value(burst_since),
            settings.MESSAGE_BURST_LIMIT,
        ]
    row = _run(f"INSERT INTO {_table(Message)} ({', '.join(columns)}) {source} RETURNING id", params)  # noqa: S608
    if row is None:
        return None
    message.pk = row[0]
    message._state.adding = False
    message._state.db = connection.alias
    return message


def _advance_receipt(conversation, user, seq, side):
    """Move the user's receipt forward to `seq`, reading for `side`; True when it moved (or was created). The side
    is the reader's as of its latest advance: a reader whose role changes is counted on its new side from its next
    read on (what it read before, it read for the old one)."""
    if seq > 0 and _run(
        f"UPDATE {_table(ReadReceipt)} SET last_read_seq = %s, side = %s, updated_at = %s "  # noqa: S608
        "WHERE conversation_id = %s AND user_id = %s AND last_read_seq < %s",
        [seq, side, connection.ops.adapt_datetimefield_value(timezone.now()), conversation.pk, user.pk, seq],
    ):
        return True
    _, created = ReadReceipt.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_seq": seq, "side": side}
    )
    return created and seq > 0


def stored_message(conversation, client_key):
    return (
        Message.objects.select_related("author")
        .prefetch_related("attachments")
        .filter(conversation=conversation, client_key=client_key)
        .first()
    )


class _OverBurstLimit(Exception):
    """Leaves the storing transaction, so that the sequence number it took is given back."""


def store_message(
    conversation, user, body, client_key, files=(), when=None, side=None, limit_bursts=False, via_sms=False
):
    """The storing itself, in one transaction: the next sequence number (row lock), the message, its files.

    `via_sms`: received by SMS (messaging.sms_bridge), then `user` may be None (a number the lease holds, with no
    account behind it) and `side` says who wrote.

    A retried send (same client key) meets the unique constraint, or the burst limit: the transaction is rolled
    back (no sequence number is ever left without its message: pages count on it) and the stored message is
    returned. That check costs nothing on the usual path, which runs three statements in all (the
    sequence, the message with the burst limit, the receipt).
    """
    side = side or messaging_perms.side_of(user, conversation)
    now = when or timezone.now()
    try:
        with transaction.atomic():
            seq = next_seq(conversation.pk, now)
            burst_since = now - timedelta(seconds=settings.MESSAGE_BURST_WINDOW_SECONDS) if limit_bursts else None
            message = insert_message(conversation, seq, client_key, user, side, body, now, burst_since, via_sms)
            if message is None:  # over the burst limit: the transaction is undone (the sequence number with it)
                raise _OverBurstLimit
            # Kept on the object so that publishing and answering need no query to list them.
            message.stored_attachments = [
                Attachment.objects.create(
                    message=message,
                    file=upload,
                    original_name=upload.name,
                    # The type its bytes show, never the one the client sent.
                    content_type=detected_type(upload) or "application/octet-stream",
                    # The form scanned it (portal.malware); a file stored another way counts as not scanned.
                    scan_status=getattr(upload, "scan_status", "not_scanned"),
                    size=upload.size,
                )
                for upload in files
            ]
            if user is not None:  # the author has read what they wrote
                _advance_receipt(conversation, user, seq, side)
    except _OverBurstLimit:
        # Unless it is a retry of a stored message, refused.
        existing = stored_message(conversation, client_key)
        if existing is None:
            raise MessageRefused("burst", BURST_REFUSAL) from None
        return existing, False
    except IntegrityError:
        existing = stored_message(conversation, client_key)
        if existing is None:
            raise
        return existing, False
    conversation.last_seq = seq
    conversation.last_message_at = now
    return message, True


def deliver(message, created):
    """For synchronous callers (views): publish the stored message, then its side effects once committed."""
    live = publish_sync(message)
    if created:
        # Robust: the message is stored; a failing side effect is logged, never the answer to the sender.
        transaction.on_commit(lambda: after_commit(message), robust=True)
    return live


def after_commit(message):
    """Side effects of a stored message: the household reaching out, e-mail notifications (ids only)."""
    conversation = message.conversation
    if message.side == Party.HOUSEHOLD and conversation.kind == ConversationKind.HOUSEHOLD:
        # Once flagged (and not since put in "no contact"), later messages change nothing for the case.
        if Case.objects.filter(pk=conversation.case_id).awaiting_reach_out().exists():
            household_reached_out(Case.objects.get(pk=conversation.case_id), message.created_at)
    notifications.enqueue_sms_reply(message)
    notifications.enqueue(message)


def household_reached_out(case, when):
    """A household message stops the escalation and flags the case (docs/rules.md § 2)."""
    reached_out(case, ReachOutKind.MESSAGE, when=when)


def event_for(message, origin=""):
    """The channel-layer event of a new message. Its content travels sealed (encrypted with the portal's keys, as at
    rest), so a receiving socket needs no database read and Redis never holds its text. `origin` is the sending
    socket, which already has the message in its ack."""
    return {
        "type": "message.new",
        "conversation": message.conversation_id,
        "id": message.pk,
        "seq": message.seq,
        "sealed": crypto.encrypt_text(json.dumps(shared_fields(message), separators=(",", ":"))),
        "origin": origin,
    }


def unseal(event):
    return json.loads(crypto.decrypt_text(event["sealed"]))


async def publish(event):
    """Give a message's event (event_for(), built where the ORM may run) to the conversation's open websockets.
    False when the layer is down or hung: never more than PUBLISH_TIMEOUT_SECONDS, and while the layer's breaker is
    open only as its trial, one publish at a time (portal/layers.py); the watch and catch-up bring the message
    instead."""
    layer = get_channel_layer()
    if layer is None or not layers.breaker.admit():
        return False
    for attempt in range(2):
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):
                await layer.group_send(f"conversation.{event['conversation']}", event)
        except TimeoutError as error:  # hung: a second attempt would hang as long
            layers.breaker.failed(error)
            return False
        except asyncio.CancelledError:
            layers.breaker.abandoned()
            raise
        except Exception as error:  # noqa: BLE001 — Redis down: the message is stored; clients catch up
            # After a Redis restart a pooled connection fails once; the second attempt takes a fresh one.
            if attempt:
                layers.breaker.failed(error)
                logger.warning("channel layer unreachable: message %s will reach clients by catch-up", event["id"])
        else:
            layers.breaker.succeeded()
            return True
    return False


async def publish_again(event):
    """After a failed publish(): tried again after each of PUBLISH_RETRY_SECONDS until it is given (True). While
    the layer's breaker is open these are skipped or are its one trial: a hung Redis costs no more than before."""
    for delay in PUBLISH_RETRY_SECONDS:
        await asyncio.sleep(delay)
        if await publish(event):
            return True
    return False


def publish_sync(message):
    return async_to_sync(publish)(event_for(message))


def ack_frame(message, created, live):
    return {
        "type": "ack",
        "client_key": message.client_key,
        "id": message.pk,
        "seq": message.seq,
        "duplicate": not created,
        "live": live,
    }


def messages_after(conversation, after_seq, limit=CATCH_UP_BATCH, up_to=None):
    messages = conversation.messages.filter(seq__gt=after_seq)
    if up_to is not None:
        messages = messages.filter(seq__lte=up_to)
    return list(messages.select_related("author").prefetch_related("attachments").order_by("seq")[:limit])


def batch_after(conversation, after_seq, up_to=None):
    """Messages after `after_seq` as a catch-up batch reads them: CATCH_UP_CHUNK at a time, so that a batch cut
    by its size (long messages) has not read and decrypted up to CATCH_UP_BATCH of them first."""
    read = 0
    while read < CATCH_UP_BATCH:
        chunk = messages_after(conversation, after_seq, limit=min(CATCH_UP_CHUNK, CATCH_UP_BATCH - read), up_to=up_to)
        yield from chunk
        if len(chunk) < CATCH_UP_CHUNK:
            return
        read += len(chunk)
        after_seq = chunk[-1].seq


def catch_up_frame(conversation, viewer, after, who, channel, up_to=None):
    """Everything after `after` (one batch of at most CATCH_UP_BATCH messages and about CATCH_UP_MAX_BYTES; `more`
    says to ask again). A staff catch-up is an audited read."""
    messages, size = [], 0
    for message in batch_after(conversation, after, up_to=up_to):
        shown = as_dict(message, viewer)
        size += len(json.dumps(shown))  # as the frame will carry it (non-ASCII escaped: up to six bytes a letter)
        if messages and size > CATCH_UP_MAX_BYTES:
            break
        messages.append(shown)
    conversation.refresh_from_db(fields=["last_seq"])  # after reading: `more` is never false while more is stored
    if messages:
        audit_read(who, viewer, conversation, channel, after=after)
    return {
        "type": "messages",
        "messages": messages,
        "last_seq": conversation.last_seq,
        "more": bool(messages) and messages[-1]["seq"] < conversation.last_seq,
        "receipts": receipts(conversation),
    }


def mark_read(conversation, user, seq, side=None):
    """Move the user's receipt forward to `seq` (never back, never past the newest message). `side`: the user's, when
    the caller knows it (a socket works it out when it opens)."""
    seq = max(0, min(int(seq), conversation.last_seq))
    return _advance_receipt(conversation, user, seq, side or messaging_perms.side_of(user, conversation)), seq


def receipts(conversation):
    """Each participant's last read sequence number, keyed by side (what the other side may know). One query, each
    receipt keeping its reader's side: every catch-up answers with them (a hundred at once when live updates
    resume), and reading the readers' roles was half of a catch-up's time. Receipts recorded before 30/11 have no
    side until their reader reads again: theirs is worked out from the readers' roles (two queries more)."""
    rows = list(conversation.receipts.all())
    readers = {}
    if unknown := {row.user_id for row in rows if not row.side}:  # recorded before receipts kept their side
        readers = perms.with_roles(get_user_model().objects.filter(pk__in=unknown)).in_bulk()
        for reader in readers.values():
            perms.adopt_staff_flags(reader)
    result = {}
    for row in rows:
        side = row.side or messaging_perms.side_of(readers[row.user_id], conversation)
        result[side] = max(result.get(side, 0), row.last_read_seq)
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


def author_name(message):
    """The name a reader sees: a household member's full name, a professional's first name."""
    if message.author is None:
        return ""
    return message.author.get_full_name() if message.side == Party.HOUSEHOLD else message.author.first_name


def author_label(shared, mine):
    if mine:
        return "Vous"
    name = shared["author_name"]
    if shared["side"] == Party.HOUSEHOLD:
        return name or "Le ménage"
    org = "l'association" if shared["side"] == Party.ASSOCIATION else "le bailleur"
    return f"{name} ({org})" if name else org.capitalize()


def space_of(viewer):
    return "household" if perms.is_household(viewer) else "partner"


def attachment_url(attachment_id, space):
    name = "messaging:household_attachment" if space == "household" else "messaging:partner_attachment"
    return reverse(name, args=[attachment_id])


def shared_fields(message):
    """What every reader of a message sees; for_viewer() adds what depends on the reader. Needs no query when
    the author and the files are on the object (a message just stored, or loaded with its author and files)."""
    attachments = getattr(message, "stored_attachments", None)
    if attachments is None:
        attachments = message.attachments.all()
    created_at = timezone.localtime(message.created_at)
    return {
        "id": message.pk,
        "seq": message.seq,
        "conversation": message.conversation_id,
        "client_key": message.client_key,
        "author_id": message.author_id,
        "author_name": author_name(message),
        "side": message.side,
        "body": message.body,
        "via_sms": message.via_sms,
        "created_at": created_at.isoformat(),
        "time": formats.moment(created_at),
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size, "scanned": a.scan_status == "clean"}
            for a in attachments
        ],
    }


def sms_label(shared):
    """« reçu par SMS » on what the household answered by SMS, « envoyé par SMS » on a reply sent as SMS text."""
    if not shared.get("via_sms"):
        return ""
    return "reçu par SMS" if shared["side"] == Party.HOUSEHOLD else "envoyé par SMS"


def for_viewer(shared, viewer):
    """A message as one reader's page or socket shows it."""
    mine = shared["author_id"] is not None and shared["author_id"] == viewer.pk
    space = space_of(viewer)
    return {
        "id": shared["id"],
        "seq": shared["seq"],
        "conversation": shared["conversation"],
        "client_key": shared["client_key"] if mine else None,
        "side": shared["side"],
        "mine": mine,
        "author": author_label(shared, mine),
        "body": shared["body"],
        "sms_label": sms_label(shared),
        "created_at": shared["created_at"],
        "time": shared["time"],
        "attachments": [{**a, "url": attachment_url(a["id"], space)} for a in shared["attachments"]],
    }


def as_dict(message, viewer):
    return for_viewer(shared_fields(message), viewer)
