"""Messaging under faults: contiguity across reconnections, nothing given twice, the layer coming back, bounds."""

import asyncio
import json
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from messaging import services, watch
from messaging.consumers import CATCH_UP_BURST, CATCH_UP_PER_SECOND
from messaging.services import post_message
from portal import ws_flow
from tests.messaging.test_reliability import open_socket
from tests.messaging.ws import communicator, receive_until, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fast_watch(settings):
    settings.MESSAGING_WATCH_SECONDS = 0.1


async def seqs_given(comm, timeout=1.0):
    """Every message sequence number the socket is given until it stays quiet for `timeout` seconds."""
    seqs = []
    while not await comm.receive_nothing(timeout=timeout):
        frame = await comm.receive_json_from()
        if frame["type"] == "message":
            seqs.append(frame["message"]["seq"])
        elif frame["type"] == "messages":
            seqs += [m["seq"] for m in frame["messages"]]
    return seqs


async def test_a_new_socket_is_offered_the_gap_the_page_says_it_has(conversation, household_user, worker, fast_watch):
    # The household's socket is closed. The worker sends seq 1 (nobody receives it); the household sends seq 2
    # over HTTP (its acknowledgement carries it). The page has everything up to 0 and says so when it reconnects.
    await database_sync_to_async(post_message)(conversation, worker, "pendant la coupure", "w-1")
    await database_sync_to_async(post_message)(conversation, household_user, "envoyé par HTTP", "h-2")
    cookie = await database_sync_to_async(session_cookie)(household_user)
    comm = communicator(conversation.pk, cookie, after=0)
    accepted, _ = await comm.connect()
    assert accepted
    ready, _ = await receive_until(comm, "ready")
    # Without asking: what follows ?after= comes right after "ready" (the page does not ask, static/js/messaging.js).
    assert ready["catching_up"] is True
    assert await seqs_given(comm) == [1, 2]
    await comm.disconnect()


async def test_the_catch_up_that_follows_the_opening_is_not_checked_twice(
    conversation, household_user, worker, monkeypatch
):
    """After a kill, fifty pages each opened (the session checked), then asked a catch-up, checked again on the two
    catch-up threads. The opening's check covers the catch-up that follows it; a page's own catch_up is checked."""
    from portal import sessions

    await database_sync_to_async(post_message)(conversation, worker, "pendant la coupure", "w-1")
    checks, valid = [], sessions.socket_session_valid
    monkeypatch.setattr(sessions, "socket_session_valid", lambda scope: checks.append(1) or valid(scope))
    cookie = await database_sync_to_async(session_cookie)(household_user)
    comm = communicator(conversation.pk, cookie, after=0)
    assert (await comm.connect())[0]
    batch, _ = await receive_until(comm, "messages")
    assert [m["seq"] for m in batch["messages"]] == [1] and checks == []
    await comm.send_json_to({"type": "catch_up", "after": 1})
    await receive_until(comm, "messages")
    assert checks == [1]
    await comm.disconnect()


async def test_a_catch_up_that_waited_after_the_opening_checks_the_session_again(
    conversation, household_user, worker, monkeypatch
):
    """Behind fifty others after a kill, the catch-up that follows an opening may be read seconds after the opening's
    check: the session may have ended meanwhile (its close event published before the socket joined its group).
    Past OPENING_CHECK_FRESH_SECONDS it checks again, and a session that ended gets nothing."""
    from messaging import consumers
    from portal import sessions

    await database_sync_to_async(post_message)(conversation, worker, "après la déconnexion", "w-1")
    monkeypatch.setattr(consumers, "OPENING_CHECK_FRESH_SECONDS", -1)  # every opening's check is already old
    monkeypatch.setattr(sessions, "socket_session_valid", lambda scope: False)  # ended since the opening
    cookie = await database_sync_to_async(session_cookie)(household_user)
    comm = communicator(conversation.pk, cookie, after=0)
    assert (await comm.connect())[0]
    ready, _ = await receive_until(comm, "ready")
    assert ready["catching_up"] is True
    closed = await comm.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": sessions.CLOSE_CODE}


async def test_the_first_catch_up_says_where_the_page_stands(conversation, household_user, worker, fast_watch):
    await database_sync_to_async(post_message)(conversation, worker, "un", "w-1")
    await database_sync_to_async(post_message)(conversation, worker, "deux", "w-2")
    comm, _ = await open_socket(conversation, household_user)
    await comm.send_json_to({"type": "catch_up", "after": 1})
    batch, _ = await receive_until(comm, "messages")
    assert [m["seq"] for m in batch["messages"]] == [2]
    # seq 1 is the page's own affair (it said it has it): the watch does not give it again.
    assert await seqs_given(comm, timeout=0.5) == []
    await comm.disconnect()


async def test_a_late_event_does_not_give_a_message_twice(
    conversation, household_user, worker, fast_watch, monkeypatch
):
    receiver, _ = await open_socket(conversation, household_user)
    sender, _ = await open_socket(conversation, worker)
    events = []

    async def held_back(event):
        events.append(event)  # published late, after the watch gave the message
        return True

    monkeypatch.setattr(services, "publish", held_back)
    await sender.send_json_to({"type": "send", "client_key": "late-1", "body": "en retard"})
    await receive_until(sender, "ack")
    frame, _ = await receive_until(receiver, "messages", timeout=5)
    assert [m["seq"] for m in frame["messages"]] == [1]
    await get_channel_layer().group_send(f"conversation.{conversation.pk}", events[0])
    # Nor does a catch-up from before it.
    await receiver.send_json_to({"type": "catch_up", "after": 0})
    batch, _ = await receive_until(receiver, "messages")
    assert batch["messages"] == []
    assert await seqs_given(receiver, timeout=0.5) == []
    await receiver.disconnect()
    await sender.disconnect()


async def test_a_catch_up_flood_is_limited(conversation, household_user, worker):
    for n in range(3):
        await database_sync_to_async(post_message)(conversation, worker, f"message {n}", f"w-{n}")
    comm, _ = await open_socket(conversation, household_user)
    started = time.monotonic()
    for _ in range(100):
        await comm.send_json_to({"type": "catch_up", "after": 0})
    answers = 0
    while not await comm.receive_nothing(timeout=1):
        answers += (await comm.receive_json_from())["type"] == "messages"
    # Requests beyond the burst wait for their turn and fold into one: far fewer answers than requests (the bound
    # counts the time taken, which a loaded machine stretches).
    elapsed = time.monotonic() - started
    assert 1 <= answers <= CATCH_UP_BURST + CATCH_UP_PER_SECOND * elapsed + 1 < 100
    await comm.disconnect()


class PausedFlow:
    """What portal/ws_flow.py reports for a client that has stopped reading (its transport's buffer is full)."""

    paused = True

    def over_bound(self, size):
        return False

    def drop(self):
        pass


class StalledFlow(PausedFlow):
    """A client that has not read for longer than the bound (portal/ws_flow.py)."""

    def over_bound(self, size):
        return True


async def test_a_client_that_does_not_read_is_closed_once(conversation, household_user, caplog):
    comm, _ = await open_socket(conversation, household_user)
    (socket,) = watch.current().sockets
    socket.flow = StalledFlow()
    for _ in range(5):  # it keeps asking; what it sent before the close is still handled after it
        await comm.send_json_to({"type": "catch_up", "after": 0})
    output = await comm.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": ws_flow.SLOW_READER_CLOSE_CODE}
    assert await comm.receive_nothing(timeout=1)
    assert caplog.text.count("closing a websocket whose client does not read") == 1
    await comm.disconnect()


async def test_a_catch_up_waits_while_the_previous_batch_is_unread(conversation, household_user, worker, monkeypatch):
    for n in range(3):
        await database_sync_to_async(post_message)(conversation, worker, f"message {n}", f"w-{n}")
    flow = PausedFlow()
    monkeypatch.setattr(ws_flow.OutgoingFlow, "of", classmethod(lambda cls, send: flow))
    comm, _ = await open_socket(conversation, household_user)
    for _ in range(5):
        await comm.send_json_to({"type": "catch_up", "after": 0})
    # Nothing is read from the database nor queued for a client that does not read what it was sent.
    assert await comm.receive_nothing(timeout=1)
    flow.paused = False  # it reads again: one answer for the five requests
    frame, _ = await receive_until(comm, "messages", timeout=3)
    assert [m["seq"] for m in frame["messages"]] == [1, 2, 3]
    assert await seqs_given(comm, timeout=0.5) == []
    await comm.disconnect()


async def test_a_catch_up_batch_of_long_messages_reads_them_a_chunk_at_a_time(
    conversation, household_user, worker, monkeypatch
):
    for n in range(services.CATCH_UP_CHUNK * 3):
        await database_sync_to_async(services.store_message)(conversation, worker, "x" * 5000, f"long-{n}")
    read = []
    original = services.messages_after

    def counted(*args, **kwargs):
        chunk = original(*args, **kwargs)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(services, "messages_after", counted)
    batch = await database_sync_to_async(services.catch_up_frame)(
        conversation, household_user, 0, household_user, "json"
    )
    # About 256 KiB, some 50 messages of 5,000 letters: two chunks read and decrypted, not a full batch of 200.
    assert batch["more"] and len(batch["messages"]) < sum(read) <= 2 * services.CATCH_UP_CHUNK


@pytest.mark.redis
@pytest.mark.slow
async def test_a_socket_opened_while_the_layer_is_down_gets_live_delivery_once_it_is_back(
    conversation, household_user, worker, settings, private_redis
):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": settings.CHANNEL_LAYER_BACKEND,
            "CONFIG": {"hosts": [private_redis.url], "prefix": "faults"},
        }
    }
    settings.MESSAGING_WATCH_SECONDS = 0.2
    await asyncio.to_thread(private_redis.stop)
    receiver, ready = await open_socket(conversation, household_user)
    assert ready["live"] is False
    await asyncio.to_thread(private_redis.start)
    frame, _ = await receive_until(receiver, "live", timeout=10)
    assert frame["live"] is True
    sender, _ = await open_socket(conversation, worker)
    await sender.send_json_to({"type": "send", "client_key": "back-1", "body": "de retour"})
    ack, _ = await receive_until(sender, "ack")
    assert ack["live"] is True
    # Live, not from the watch: a "message" frame.
    frame, _ = await receive_until(receiver, "message", timeout=5)
    assert frame["message"]["seq"] == 1
    await receiver.disconnect()
    await sender.disconnect()


async def test_a_websocket_process_serves_no_http_but_its_health_check():
    """A /ws/ process keeps persistent database connections: HTTP there would hold one per concurrent request."""
    from channels.testing import HttpCommunicator

    from portal.asgi import websocket_process_http

    refused = await HttpCommunicator(websocket_process_http, "GET", "/espace/").get_response()
    assert refused["status"] == 404
    health = await HttpCommunicator(websocket_process_http, "GET", "/sante/").get_response()
    assert health["status"] == 200 and b'"database": "ok"' in health["body"]


async def test_a_catch_up_frame_stays_well_under_the_websocket_frame_limit(conversation, worker, household_user):
    from messaging.services import store_message

    body = "é" * 5000  # the longest message, each character escaped to six bytes in JSON
    for n in range(60):
        await database_sync_to_async(store_message)(conversation, worker, body, f"long-{n}")
    comm, _ = await open_socket(conversation, household_user)
    await comm.send_json_to({"type": "catch_up", "after": 0})
    frame, _ = await receive_until(comm, "messages")
    await comm.disconnect()
    encoded = json.dumps(frame)
    assert len(encoded) < 512 * 1024
    # The rest comes on asking again.
    assert frame["more"] is True and frame["messages"][-1]["seq"] < 60


def first_publish_late(monkeypatch):
    """The layer's first group_send takes longer than a publish may (a loaded process); the sequence numbers
    published, in order, are in the list returned."""
    layer = get_channel_layer()
    group_send, calls = layer.group_send, []

    async def first_one_late(group, event):
        calls.append(event["seq"])
        if len(calls) == 1:
            await asyncio.sleep(services.PUBLISH_TIMEOUT_SECONDS + 0.5)
        await group_send(group, event)

    monkeypatch.setattr(layer, "group_send", first_one_late)
    return calls


async def test_one_slow_publish_does_not_stop_the_next_ones(conversation, household_user, worker, monkeypatch):
    """After a kill -9 the process that stays is loaded: one publish went past its half second, the layer's breaker
    opened, and for two seconds no message was published (every page got them from the watch, two rounds later).
    Now a publish a quarter of a second later is the breaker's trial: it goes ahead, and its success closes it."""
    from portal import layers

    first_publish_late(monkeypatch)
    reader, _ = await open_socket(conversation, household_user)
    late, _ = await database_sync_to_async(post_message)(conversation, worker, "en retard", "w-1")
    assert not await services.publish(await database_sync_to_async(services.event_for)(late))
    assert layers.breaker.open
    message, _ = await database_sync_to_async(post_message)(conversation, worker, "le suivant", "w-2")
    await asyncio.sleep(layers.breaker.trial_every)  # a quarter of a second later: the trial
    assert await services.publish(await database_sync_to_async(services.event_for)(message))
    assert not layers.breaker.open
    frame, _ = await receive_until(reader, "message")
    assert frame["message"]["seq"] == message.seq == 2
    await reader.disconnect()


async def test_a_failed_publish_is_given_live_a_moment_later(conversation, household_user, worker, monkeypatch):
    """A publish that a loaded process made late (past its half second) is tried again at once (the breaker's trial),
    so the peer gets the message live, not from the watch two rounds later; and the sender's page is not told that
    live updates stopped (only the watch's probe says so)."""
    calls = first_publish_late(monkeypatch)
    reader, _ = await open_socket(conversation, household_user)
    sender, _ = await open_socket(conversation, worker)
    await sender.send_json_to({"type": "send", "client_key": "en-retard", "body": "en retard"})
    ack, _ = await receive_until(sender, "ack")
    frame, seen = await receive_until(reader, "message", timeout=services.PUBLISH_TIMEOUT_SECONDS + 1)
    assert frame["message"]["seq"] == ack["seq"] == 1
    assert calls == [1, 1]
    assert [f for f in seen if f["type"] == "messages"] == []
    assert await sender.receive_nothing(timeout=0.3)  # no "live": false
    for comm in (reader, sender):
        await comm.disconnect()
