"""The conversation websocket: /ws/messages/<conversation id>/.

Client frames: {"type": "send", "client_key", "body"}, {"type": "catch_up", "after": seq}, {"type": "read", "seq"}.
Server frames: "ready", "ack", "message", "messages" (catch-up batch), "receipt", "error", "live" (layer state).

Refusals happen before accept() (a browser sees HTTP 403): anonymous users, people outside the conversation,
sessions that portal/sessions.py finds invalid (ended, expired, second factor missing where required). That check
runs again on every inbound frame and on each round of the messaging watch. The consumer survives the channel layer going down: sending
still stores and acknowledges; when the layer is back the client is told to catch up.
"""

import asyncio
import logging
import uuid

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch

from messaging import perms as messaging_perms
from messaging import services, watch
from messaging.models import Conversation
from portal import drafts
from portal import sessions as portal_sessions

logger = logging.getLogger(__name__)

LAYER_RETRY_SECONDS = (0.5, 1, 2, 5)


def database_sync_to_async(function):
    # Not thread-sensitive: the ORM work of many connections runs in parallel threads (each with its own database
    # connection) instead of queueing on one thread; a commit's wait no longer holds up every other socket.
    return DatabaseSyncToAsync(function, thread_sensitive=False)


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def __call__(self, scope, receive, send):
        # As AsyncConsumer.__call__, but the channel layer's receive is made resilient: a Redis outage does not
        # kill the connection (the client keeps sending; it catches up when the layer returns).
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        self.live = self.channel_layer is not None
        self.groups_joined = False
        self.joined = asyncio.Event()
        # What this socket has given its page: every message up to known_seq, and these later ones (the watch
        # compares known_seq with the conversation's newest message).
        self.known_seq = 0
        self.given_ahead = set()
        if self.channel_layer is None:
            sources = [receive]
        else:
            try:
                self.channel_name = await self.channel_layer.new_channel()
            except Exception:  # noqa: BLE001 — Redis down: a name of our own; receiving subscribes it once back
                self.channel_name = f"{self.channel_layer.prefix}specific.{uuid.uuid4().hex}"
                self.live = False
            sources = [receive, self.resilient_channel_receive]
        try:
            await await_many_dispatch(sources, self.dispatch)
        except StopConsumer:
            pass

    async def dispatch(self, message):
        # As AsyncConsumer.dispatch without its per-event close_old_connections hop to the main sync thread:
        # this consumer's database work runs in pool threads, which close their own stale connections.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def resilient_channel_receive(self):
        await self.joined.wait()
        attempt = 0
        while True:
            try:
                if not self.live:
                    await self.join_groups()
                    await self.set_live(True)
                return await self.channel_layer.receive(self.channel_name)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 — Redis down: say so, wait, retry (groups are joined again)
                logger.warning("channel layer receive failed for %s", self.channel_name, exc_info=True)
                await self.set_live(False)
                await asyncio.sleep(LAYER_RETRY_SECONDS[min(attempt, len(LAYER_RETRY_SECONDS) - 1)])
                attempt += 1

    async def set_live(self, live):
        """Tell the page when live updates stop or resume (it catches up when they resume)."""
        if live != self.live:
            self.live = live
            await self.send_json({"type": "live", "live": live})

    async def layer_state(self, live):
        """From the watch (messaging/watch.py): the layer answers again, or no longer does."""
        if live and not self.live:
            try:
                await self.join_groups()  # those that failed while it was away
            except Exception:  # noqa: BLE001 — gone again: the next round retries
                return
        await self.set_live(live)

    async def send_missed(self, up_to):
        """From the watch: messages this socket's page lacks although they are stored (an event the layer lost).
        Up to the newest one the watch saw a round ago: newer ones may still be on their way."""
        frame = await self.catch_up(self.known_seq, up_to)
        frame["messages"] = [m for m in frame["messages"] if m["seq"] not in self.given_ahead]
        if frame["messages"]:
            self.given(*(m["seq"] for m in frame["messages"]))
            await self.send_json(frame)

    def given(self, *seqs):
        for seq in seqs:
            if seq > self.known_seq:
                self.given_ahead.add(seq)
        while self.known_seq + 1 in self.given_ahead:
            self.known_seq += 1
            self.given_ahead.discard(self.known_seq)

    def groups_of_socket(self):
        # session.<hash>: the end of the session closes this socket (portal/sessions.py).
        groups = [f"conversation.{self.conversation.pk}", f"user.{self.user.pk}"]
        return [*groups, portal_sessions.socket_group(self.scope)]

    async def join_groups(self):
        for group in self.groups_of_socket():
            await self.channel_layer.group_add(group, self.channel_name)

    async def connect(self):
        self.user = self.scope.get("user")
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        self.conversation = await self.authorised_conversation(conversation_id)
        if self.conversation is None:
            await self.close()  # before accept(): the browser sees the handshake refused (HTTP 403)
            return
        if self.channel_layer is not None:
            try:
                await self.join_groups()
            except Exception:  # noqa: BLE001 — accepted anyway: sending works, live updates resume later
                self.live = False
            self.groups_joined = True
        await self.accept()
        self.joined.set()
        self.known_seq = self.conversation.last_seq  # older ones: the page asks for them after "ready"
        watch.current().add(self)
        await self.send_json(
            {
                "type": "ready",
                "conversation": self.conversation.pk,
                "last_seq": self.conversation.last_seq,
                "live": self.live,
            }
        )

    @database_sync_to_async
    def authorised_conversation(self, conversation_id):
        user = self.user
        if user is None or not user.is_authenticated or not portal_sessions.socket_session_valid(self.scope):
            return None  # the session's rules, second factor included, are portal/sessions.py's
        conversation = (
            messaging_perms.visible_conversations(user).select_related("case").filter(pk=conversation_id).first()
        )
        if conversation is not None:
            services.audit_read(user, user, conversation, "websocket")
            # Worked out once: a user's side cannot change while the socket is open (losing a membership closes it).
            self.side = messaging_perms.side_of(user, conversation)
            services.space_of(user)  # warms the user's memberships, read again for every frame's links
        return conversation

    async def disconnect(self, code):
        watch.current().discard(self)
        if self.channel_layer is not None and self.groups_joined:
            for group in self.groups_of_socket():
                try:
                    await self.channel_layer.group_discard(group, self.channel_name)
                except Exception:  # noqa: BLE001, S110 — the layer is down: its groups expire by themselves
                    pass

    async def receive_json(self, content, **kwargs):
        if not await portal_sessions.socket_session_still_valid(self.scope):
            await self.close(code=portal_sessions.CLOSE_CODE)  # ended, logged out, expired: act on nothing
            return
        kind = content.get("type") if isinstance(content, dict) else None
        handler = {"send": self.on_send, "catch_up": self.on_catch_up, "read": self.on_read}.get(kind)
        if handler is None:
            await self.send_json({"type": "error", "code": "unknown", "message": "Demande inconnue."})
            return
        await handler(content)

    async def on_send(self, content):
        client_key = content.get("client_key")
        try:
            message, created, event = await self.store(content.get("body", ""), client_key, bool(content.get("draft")))
        except services.MessageRefused as refusal:
            await self.send_json(
                {"type": "error", "code": refusal.code, "message": refusal.message, "client_key": client_key}
            )
            return
        # The row is committed (store() returned outside its transaction): acknowledge at once, then publish
        # (a hung Redis must not hold the ack back). "live" in the ack is the layer's state as last seen.
        self.given(message.seq)
        ack = services.ack_frame(message, created, self.live)
        if created:
            ack["message"] = services.as_dict(message, self.user)  # no query: author and files are on the object
        await self.send_json(ack)
        if not await services.publish(event) and self.channel_layer is not None:
            await self.set_live(False)

    @database_sync_to_async
    def store(self, body, client_key, clear_draft):
        """Store (and commit), then the side effects in the same worker thread: one thread hop per message."""
        if not isinstance(body, str):
            raise services.MessageRefused("invalid", "Message illisible.")
        message, created = services.post_message(self.conversation, self.user, body, client_key, side=self.side)
        if created:
            try:
                if clear_draft:  # the page saved a draft of this text (static/js/messaging.js)
                    drafts.clear(self.user, drafts.key("message", self.conversation.pk))
                services.after_commit(message)
            except Exception:  # the message is stored: its acknowledgement must not be lost
                logger.exception("side effects of message %s failed", message.pk)
        # A retried send is published again (its first publication may have been lost), to every socket.
        return message, created, services.event_for(message, origin=self.channel_name if created else "")

    async def on_catch_up(self, content):
        try:
            after = max(0, int(content.get("after", 0)))
        except (TypeError, ValueError):
            after = 0
        frame = await self.catch_up(after)
        self.given(*(m["seq"] for m in frame["messages"]))
        await self.send_json(frame)

    @database_sync_to_async
    def catch_up(self, after, up_to=None):
        conversation = Conversation.objects.select_related("case").get(pk=self.conversation.pk)
        return services.catch_up_frame(conversation, self.user, after, self.user, "websocket", up_to=up_to)

    async def on_read(self, content):
        try:
            seq = int(content.get("seq", 0))
        except (TypeError, ValueError):
            return
        moved, seq = await self.mark_read(seq)
        if moved and self.live:
            try:
                await self.channel_layer.group_send(
                    f"conversation.{self.conversation.pk}",
                    {"type": "receipt.update", "side": self.side, "seq": seq},
                )
            except Exception:  # noqa: BLE001 — a receipt is stored; others see it at their next catch-up
                await self.set_live(False)

    @database_sync_to_async
    def mark_read(self, seq):
        conversation = Conversation.objects.get(pk=self.conversation.pk)
        moved, seq = services.mark_read(conversation, self.user, seq)
        if moved:
            services.audit_read(self.user, self.user, conversation, "websocket", read_seq=seq)
        return moved, seq

    # Channel layer events.
    async def message_new(self, event):
        if event.get("origin") and event["origin"] == getattr(self, "channel_name", None):
            return  # the sender's own socket has the message in its ack
        if event.get("conversation") != self.conversation.pk:
            return
        # The message travels sealed on the layer: no database read per receiving socket.
        frame = services.for_viewer(services.unseal(event), self.user)
        self.given(frame["seq"])
        await self.send_json({"type": "message", "message": frame})

    async def receipt_update(self, event):
        await self.send_json({"type": "receipt", "side": event["side"], "seq": event["seq"]})

    async def session_ended(self, event):
        await self.close(code=portal_sessions.CLOSE_CODE)
