"""The conversation websocket: /ws/messages/<conversation id>/.

Client frames: {"type": "send", "client_key", "body"}, {"type": "catch_up", "after": seq}, {"type": "read", "seq"}.
Server frames: "ready", "ack", "message", "messages" (catch-up batch), "receipt", "error", "live" (layer state).

The socket's URL says what the page has (`?after=<seq>`: it has every message up to that one), and the socket then
sends what follows right after "ready" ("catching_up": true; the page does not ask); without it, the first
"catch_up" says so. From there the socket keeps track of what it gave the page (known_seq and given_ahead):
the watch offers what is missing, and nothing is given twice, whichever path (live event, watch, catch-up) it
comes by.

Refusals happen before accept() (a browser sees HTTP 403): anonymous users, people outside the conversation,
sessions that portal/sessions.py finds invalid (ended, expired, second factor missing where required). That check
runs again on every inbound frame (ConversationConsumer._frame_allowed; for a send, in the thread hop that stores it;
for a catch_up, in the hop that reads its answer) and, for every socket at once, on each round of the messaging
watch. The consumer survives the channel layer going down: sending still stores and acknowledges (publishing and
notifying happen after the ack, with short timeouts); when the layer is back the socket subscribes again and the
client is told to catch up.

A socket handles its frames one after another, so nothing slow is awaited in a frame's handler but the store of a
send: a catch_up is answered by a task of the socket's own (reading on threads of their own, `catch_up_threads`),
layer calls and side effects follow in background tasks. A send is never queued behind a catch-up, a hung Redis or
another socket's reads.

Bounds: catch_up requests are rate-limited per socket and answered one at a time (those over the limit, or asked
while one is read, wait and fold into one); a page that does not read what it is sent is closed with
SLOW_READER_CLOSE_CODE (portal/ws_flow.py), and it reconnects and catches up.
"""

import asyncio
import contextlib
import copy
import logging
import time
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch

from messaging import perms as messaging_perms
from messaging import services, watch
from messaging.models import Conversation
from portal import drafts, layers, threads, ws_auth, ws_flow
from portal import sessions as portal_sessions

logger = logging.getLogger(__name__)
# Where a send's time goes, per acknowledgement, at DEBUG (bench/faults.py --timing turns it on).
timing = logging.getLogger("messaging.timing")

LAYER_RETRY_SECONDS = (0.5, 1, 2, 5)
LAYER_CALL_SECONDS = 1  # subscribing and joining groups: a hung Redis holds a socket's opening no longer
# catch_up: a burst of CATCH_UP_BURST requests, then CATCH_UP_PER_SECOND (a page asks once per 200 messages).
CATCH_UP_BURST = 10
CATCH_UP_PER_SECOND = 2
CATCH_UP_PAUSED_POLL_SECONDS = 0.25  # how often a waiting catch-up looks whether its client reads again
# How long a closing socket waits for its sends' publication and side effects (each has its own short timeout).
AFTER_ACK_GRACE_SECONDS = 2
# The catch-up that follows an opening relies on the opening's session check while it is this recent; later (it
# waited behind fifty others, after a kill) it checks again: a session ended meanwhile gets nothing.
OPENING_CHECK_FRESH_SECONDS = 0.5


def page_after(scope):
    """The `?after=` of the socket's URL: the page has every message up to it. None when absent or unreadable."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("after")
    try:
        return max(0, int(values[0])) if values else None
    except ValueError:
        return None


# The pool threads (portal.threads.pool, ASGI_THREADS) check frames, store and acknowledge; nothing else of a socket
# runs there. What follows an acknowledgement (the notification claim in the cache, the task, the case reaching out)
# runs on a thread of its own: a hung Redis or a slow side effect delays other side effects, not the next message's
# acknowledgement. Catch-ups (a page's `catch_up`, what the watch gives a socket that missed messages: fifty pages at
# once when live updates resume after an outage) read on two threads of their own: they once queued every store
# of the process behind them.
after_ack_thread = threads.Threads("messaging-after-ack")
catch_up_threads = threads.Threads("messaging-catch-up", workers=2)


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
        self.layer_back = asyncio.Event()  # set when the watch has joined the groups again after an outage
        # What this socket's page has: every message up to known_seq, and these later ones this socket gave it.
        # Until the page says where it stands (?after= or its first catch_up), known_seq is provisional.
        self.known_seq = 0
        self.given_ahead = set()
        self.page_said = False
        self.catch_up_tokens = CATCH_UP_BURST
        self.catch_up_refilled = time.monotonic()
        self.catch_up_asked = False  # a catch_up not answered yet (requests meanwhile fold into it)
        self.catch_up_checked = True  # whether its answer makes the frame's session check (not the opening's own)
        self.catch_up_task = None  # the one task that answers them
        self.background = set()  # publication and side effects of this socket's frames, after their answer
        self.flow = ws_flow.OutgoingFlow.of(send)
        self.slow_reader = False
        self.joining = asyncio.Lock()
        self.channel_name = None
        if self.channel_layer is None:
            sources = [receive]
        else:
            self.channel_subscribed = False
            try:
                await self.subscribe()
            except Exception:  # noqa: BLE001 — Redis down: subscribed again once it is back
                self.live = False
            sources = [receive, self.resilient_channel_receive]
        try:
            await await_many_dispatch(sources, self.dispatch)
        except StopConsumer:
            pass

    async def subscribe(self):
        """A channel name of our own, subscribed on the layer. While Redis is down there is none (a name made up
        then could never join a group: "only channels that exist in-process"); one is taken once it answers."""
        async with asyncio.timeout(LAYER_CALL_SECONDS):
            self.channel_name = await layers.new_channel(self.channel_layer)
        self.channel_subscribed = True

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
                # Until the next attempt, or until the watch has joined the groups again (layer_state): events
                # published from then on wait in the channel's queue, and were given only when the backoff ended
                # (up to 5 s after the page was told that live updates resumed). Cleared before set_live() yields,
                # so that the watch's word meanwhile is not lost.
                self.layer_back.clear()
                await self.set_live(False)
                with contextlib.suppress(TimeoutError):
                    delay = LAYER_RETRY_SECONDS[min(attempt, len(LAYER_RETRY_SECONDS) - 1)]
                    await asyncio.wait_for(self.layer_back.wait(), delay)
                attempt += 1

    async def set_live(self, live):
        """Tell the page when live updates stop or resume (it catches up when they resume)."""
        if live != self.live:
            self.live = live
            await self.send_json({"type": "live", "live": live})

    async def send(self, text_data=None, bytes_data=None, close=False):
        """Every frame goes out here: a page that has stopped reading is closed instead of buffered for."""
        if self.slow_reader:
            return
        if self.flow.over_bound(len(text_data or bytes_data or "")):
            await self.close_slow_reader()
            return
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def close_slow_reader(self):
        self.slow_reader = True
        logger.warning(
            "closing a websocket whose client does not read (user %s, code %s)",
            self.user.pk,
            ws_flow.SLOW_READER_CLOSE_CODE,
        )
        # The close frame would wait behind what the client does not read: the connection is dropped with its
        # buffer (the page sees an abnormal closure, 1006, and reconnects as for any code but 4001).
        # (Through close(): the websocket send with only `close` raised "You must pass one of bytes_data or
        # text_data" before anything was sent or dropped.)
        await self.close(code=ws_flow.SLOW_READER_CLOSE_CODE)
        self.flow.drop()

    async def _frame_allowed(self):
        """The one check before every inbound frame: the session still stands (portal/sessions.py: not ended,
        not expired, second factor where required). False: the socket is closed and the frame not handled.
        A send makes the same check in the thread hop that stores it (store()): one hop per message before its ack;
        a catch_up in the hop that reads its answer (catch_up())."""
        if await portal_sessions.socket_session_still_valid(self.scope):
            return True
        await self.close(code=portal_sessions.CLOSE_CODE)  # ended, logged out, expired: act on nothing
        return False

    async def watch_tick(self, live, newest):
        """The watch's round for this socket: the layer's state (None without a layer), then what the page lacks
        among messages up to `newest` (the newest a quarter period ago: newer ones may still be on their way). The
        round has already closed the sockets whose session ended (portal/sessions.ended_sockets, one query for
        all)."""
        if live is not None and await self.layer_state(live):
            return  # the page was told that live updates resume: it asks a catch-up (or the next round gives)
        if self.known_seq < newest and not self.catch_up_asked:
            # A catch_up asked and not read yet reads past `newest`: the same messages are not read twice. After an
            # outage both came at once for every socket, on the two catch-up threads.
            await self.send_missed(newest)

    async def layer_state(self, live):
        """From the watch (messaging/watch.py): the layer answers again, or no longer does. True when it told the
        page that live updates resume."""
        resumed = live and not self.live
        if resumed:
            try:
                await self.join_groups()  # those that failed while it was away
            except Exception:  # noqa: BLE001 — gone again: the next round retries
                return False
            self.layer_back.set()  # the receive loop stops waiting for its next attempt
        await self.set_live(live)
        return resumed

    async def send_missed(self, up_to):
        """From the watch: messages this socket's page lacks although they are stored (an event the layer lost)."""
        frame = await self.catch_up(self.known_seq, up_to)
        frame["messages"] = [m for m in frame["messages"] if not self.has(m["seq"])]
        if frame["messages"]:
            self.given(*(m["seq"] for m in frame["messages"]))
            await self.send_json(frame)

    def has(self, seq):
        """Whether the page has this message (it said so, or this socket gave it)."""
        return seq <= self.known_seq or seq in self.given_ahead

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

    def page_has(self, after):
        """The page's word: it has every message up to `after`. Its first word replaces the provisional start."""
        if not self.page_said:
            self.page_said = True
            if after < self.known_seq:
                # Provisionally known: up to the newest message at connection; past it, what this socket gave.
                self.given_ahead |= set(range(max(self.provisional_seq, after) + 1, self.known_seq + 1))
                self.known_seq = after
        if after > self.known_seq:
            self.known_seq = after
            self.given_ahead = {seq for seq in self.given_ahead if seq > after}
        self.given()

    async def join_groups(self):
        async with self.joining:  # the watch and the receive loop may both try: one subscription
            if not self.channel_subscribed:
                await self.subscribe()
        async with asyncio.timeout(LAYER_CALL_SECONDS):  # a hung Redis: retried by the watch's next round
            for group in self.groups_of_socket():
                await self.channel_layer.group_add(group, self.channel_name)

    async def connect(self):
        self.user = None  # read in the opening hop (portal.ws_auth)
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        opened = time.perf_counter()
        self.conversation = await self.authorised_conversation(conversation_id)
        authorised = time.perf_counter()
        if self.conversation is None:
            await self.close()  # before accept(): the browser sees the handshake refused (HTTP 403)
            return
        if self.channel_layer is not None:
            try:
                await self.join_groups()
            except Exception:  # noqa: BLE001 — accepted anyway: sending works, live updates resume later
                self.live = False
            self.groups_joined = True
        if timing.isEnabledFor(logging.DEBUG):  # where an opening's time goes (bench/faults.py --timing)
            timing.debug(
                "open thread_wait=%.1f authorise=%.1f join=%.1f",
                1000 * (self.opening_began - opened),
                1000 * (authorised - self.opening_began),
                1000 * (time.perf_counter() - authorised),
            )
        await self.accept()
        self.joined.set()
        after = page_after(self.scope)
        if after is None:
            self.known_seq = self.provisional_seq = self.conversation.last_seq  # until the page's first catch_up
        else:
            self.page_has(after)
        watch.current().add(self)
        await self.send_json(
            {
                "type": "ready",
                "conversation": self.conversation.pk,
                "last_seq": self.conversation.last_seq,
                "live": self.live,
                "catching_up": after is not None,  # the page does not ask: what follows its ?after= comes next
            }
        )
        if after is not None:
            # The page's catch-up without its round trip, nor a second session check: the opening hop has just made
            # it. After a kill, fifty pages each asked and were checked again, on the two catch-up threads.
            self.ask_catch_up(checked=False)

    @ws_auth.opening
    def authorised_conversation(self, conversation_id):
        """The socket's opening hop: its user (portal.ws_auth), the session's rules, the conversation in reach."""
        self.opening_began = time.perf_counter()
        user = self.user = ws_auth.socket_user(self.scope)
        if user is None:
            return None  # the session's rules, second factor included, are portal/sessions.py's
        self.opening_checked = time.monotonic()
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
        if self.catch_up_task is not None:
            self.catch_up_task.cancel()
        if self.background:  # bounded: each has its own short timeouts
            await asyncio.wait(self.background, timeout=AFTER_ACK_GRACE_SECONDS)
        if self.channel_layer is not None and self.groups_joined:
            for group in self.groups_of_socket():
                try:
                    async with asyncio.timeout(LAYER_CALL_SECONDS):
                        await self.channel_layer.group_discard(group, self.channel_name)
                except Exception:  # noqa: BLE001, S110 — the layer is down: its groups expire by themselves
                    pass

    async def receive_json(self, content, **kwargs):
        self.frame_received = time.perf_counter()
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "send":
            await self.on_send(content)  # checked in its storing hop
            return
        if kind == "catch_up":
            self.on_catch_up(content)  # checked in its reading hop, on the catch-up threads
            return
        if not await self._frame_allowed():
            return
        handler = {"read": self.on_read}.get(kind)
        if handler is None:
            await self.send_json({"type": "error", "code": "unknown", "message": "Demande inconnue."})
            return
        await handler(content)

    async def on_send(self, content):
        client_key = content.get("client_key")
        try:
            stored = await self.store(content.get("body", ""), client_key, bool(content.get("draft")))
        except services.MessageRefused as refusal:
            await self.send_json(
                {"type": "error", "code": refusal.code, "message": refusal.message, "client_key": client_key}
            )
            return
        if stored is None:  # the session has ended: nothing stored, the socket closes
            await self.close(code=portal_sessions.CLOSE_CODE)
            return
        message, created, event = stored
        # The row is committed (store() returned outside its transaction): acknowledge at once. Publishing and the
        # side effects (notification claim, reaching out) follow in the background: neither a hung Redis nor the
        # cache delays this ack or the socket's next frame. "live" in the ack is the layer's state as last seen.
        self.given(message.seq)
        ack = services.ack_frame(message, created, self.live)
        if created:
            ack["message"] = services.as_dict(message, self.user)  # no query: author and files are on the object
        await self.send_json(ack)
        if timing.isEnabledFor(logging.DEBUG):
            self.log_timing()
        self.in_background(self.after_ack(message, created, event))

    def in_background(self, work):
        """Layer calls and side effects that follow a frame's answer: the socket's next frame does not wait for them
        (a hung Redis held it up to their timeouts); a closing socket waits for them a short while."""
        task = asyncio.ensure_future(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    def log_timing(self):
        acked = time.perf_counter()
        timing.debug(
            "ack thread_wait=%.1f check_store=%.1f total=%.1f",
            1000 * (self.store_began - self.frame_received),
            1000 * (acked - self.store_began),
            1000 * (acked - self.frame_received),
        )

    async def after_ack(self, message, created, event):
        # A failed publish does not tell the page that live updates stopped: the watch's probe says so (one period).
        # A publish made late by a loaded process once did, and every such page joined again and caught up for
        # nothing; the message itself is published again a moment later.
        published = await services.publish(event)
        if created:
            await self.side_effects(message)
        if not published:
            await services.publish_again(event)

    @after_ack_thread
    def side_effects(self, message):
        try:
            services.after_commit(message)
        except Exception:  # the message is stored and acknowledged: a failing side effect is logged
            logger.exception("side effects of message %s failed", message.pk)

    @threads.pool
    def store(self, body, client_key, clear_draft):
        """The frame's session check, then store (and commit): one thread hop per message before its ack. None when
        the session has ended (portal/sessions.py: the check _frame_allowed() makes for other frames)."""
        self.store_began = time.perf_counter()
        if not portal_sessions.socket_session_valid(self.scope):
            return None
        if not isinstance(body, str):
            raise services.MessageRefused("invalid", "Message illisible.")
        message, created = services.post_message(self.conversation, self.user, body, client_key, side=self.side)
        if created and clear_draft:  # the page saved a draft of this text (static/js/messaging.js)
            try:
                drafts.clear(self.user, drafts.key("message", self.conversation.pk))
            except Exception:  # the message is stored: its acknowledgement must not be lost
                logger.exception("clearing the draft of message %s failed", message.pk)
        # A retried send is published again (its first publication may have been lost), to every socket.
        return message, created, services.event_for(message, origin=self.channel_name if created else "")

    def on_catch_up(self, content):
        """Answered in a task of this socket's (answer_catch_ups): its next frames (a send) do not wait for it."""
        try:
            after = max(0, int(content.get("after", 0)))
        except (TypeError, ValueError):
            after = 0
        if self.slow_reader:
            return  # closed for not reading: frames still queued from it are not answered (nor closed again)
        self.page_has(after)  # the page's word counts at once, in the order of its frames
        self.ask_catch_up(checked=True)

    def ask_catch_up(self, checked):
        """A catch-up to answer (a page's frame, `checked`: its answer makes the frame's session check; or the one
        that follows the opening). One folds into another not answered yet, checked if either is."""
        self.catch_up_checked = checked or (self.catch_up_asked and self.catch_up_checked)
        self.catch_up_asked = True
        if self.catch_up_task is None or self.catch_up_task.done():
            self.catch_up_task = asyncio.ensure_future(self.answer_catch_ups())

    async def answer_catch_ups(self):
        """This socket's catch-ups, one at a time: requests that come while one is read or waits fold into one next
        answer. Over the rate limit, or while the previous batch is unsent (the client is not reading), the answer
        waits for a token and for the buffer to drain: a client that does not read holds at most one batch of this
        process's memory."""
        while self.catch_up_asked:
            while self.flow.paused or not self.take_catch_up_token():
                if self.flow.over_bound(0):  # stalled past the bound with nothing more sent: closed all the same
                    await self.close_slow_reader()
                    return
                await asyncio.sleep(max(CATCH_UP_PAUSED_POLL_SECONDS, (1 - self.catch_up_tokens) / CATCH_UP_PER_SECOND))
            self.catch_up_asked = False
            checked, self.catch_up_checked = self.catch_up_checked, True
            try:
                await self.answer_catch_up(checked)
            except Exception:  # noqa: BLE001 — the database is away: the watch gives what is missing later
                logger.warning("catch-up of a websocket failed (user %s)", self.user.pk, exc_info=True)

    def take_catch_up_token(self):
        now = time.monotonic()
        self.catch_up_tokens = min(
            CATCH_UP_BURST, self.catch_up_tokens + (now - self.catch_up_refilled) * CATCH_UP_PER_SECOND
        )
        self.catch_up_refilled = now
        if self.catch_up_tokens < 1:
            return False
        self.catch_up_tokens -= 1
        return True

    async def answer_catch_up(self, checked=True):
        """What the page lacks, less what this socket already gave it (those are on their way or shown). Read from
        where what this socket gave (or the page has) stops: a request from further back would read and decrypt
        messages only to leave them out (a client asking again and again from 0 made the process do so)."""
        frame = await self.catch_up(self.known_seq, check=checked, checked_at=None if checked else self.opening_checked)
        if frame is None:  # the session has ended: nothing given, the socket closes
            await self.close(code=portal_sessions.CLOSE_CODE)
            return
        frame["messages"] = [m for m in frame["messages"] if not self.has(m["seq"])]
        self.given(*(m["seq"] for m in frame["messages"]))
        await self.send_json(frame)

    @catch_up_threads
    def catch_up(self, after, up_to=None, check=False, checked_at=None):
        """A catch-up batch; with `check`, the frame's session check first, in the same hop (as store(): None when
        the session has ended). The watch's missed messages need none: its round has checked every socket. The one
        that follows the opening (`checked_at`: when the opening checked) checks unless that check is fresh."""
        if checked_at is not None and time.monotonic() - checked_at > OPENING_CHECK_FRESH_SECONDS:
            check = True
        if check and not portal_sessions.socket_session_valid(self.scope):
            return None
        # The socket's conversation as opened (its case for the audit); catch_up_frame reads its newest seq afresh.
        conversation = copy.copy(self.conversation)
        return services.catch_up_frame(conversation, self.user, after, self.user, "websocket", up_to=up_to)

    async def on_read(self, content):
        try:
            seq = int(content.get("seq", 0))
        except (TypeError, ValueError):
            return
        moved, seq = await self.mark_read(seq)
        if moved and self.live and not layers.breaker.open:
            self.in_background(self.publish_receipt(seq))

    async def publish_receipt(self, seq):
        try:
            async with asyncio.timeout(LAYER_CALL_SECONDS):
                await self.channel_layer.group_send(
                    f"conversation.{self.conversation.pk}", {"type": "receipt.update", "side": self.side, "seq": seq}
                )
        except Exception:  # noqa: BLE001 — a receipt is stored; others see it at their next catch-up
            await self.set_live(False)

    @threads.pool
    def mark_read(self, seq):
        conversation = Conversation.objects.get(pk=self.conversation.pk)
        moved, seq = services.mark_read(conversation, self.user, seq, side=self.side)
        if moved:
            services.audit_read(self.user, self.user, conversation, "websocket", read_seq=seq)
        return moved, seq

    # Channel layer events.
    async def message_new(self, event):
        if event.get("origin") and event["origin"] == getattr(self, "channel_name", None):
            return  # the sender's own socket has the message in its ack
        if event.get("conversation") != self.conversation.pk or self.has(event["seq"]):
            return  # given already (by the watch, a catch-up or an ack): never twice
        # The message travels sealed on the layer: no database read per receiving socket.
        frame = services.for_viewer(services.unseal(event), self.user)
        self.given(frame["seq"])
        await self.send_json({"type": "message", "message": frame})

    async def receipt_update(self, event):
        await self.send_json({"type": "receipt", "side": event["side"], "seq": event["seq"]})

    async def session_ended(self, event):
        await self.close(code=portal_sessions.CLOSE_CODE)
