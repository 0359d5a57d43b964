"""The watch (messaging/watch.py): what the channel layer loses still reaches open sockets; layer outages are told."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from messaging import services, watch
from messaging.services import post_message
from tests.messaging.test_reliability import open_socket
from tests.messaging.ws import receive_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fast_watch(settings):
    settings.MESSAGING_WATCH_SECONDS = 0.1


async def test_a_message_whose_event_the_layer_lost_still_reaches_the_open_socket(
    conversation, household_user, worker, fast_watch, monkeypatch
):
    receiver, _ = await open_socket(conversation, household_user)
    sender, _ = await open_socket(conversation, worker)
    await sender.send_json_to({"type": "send", "client_key": "live-1", "body": "reçu en direct"})
    frame, _ = await receive_until(receiver, "message")
    assert frame["message"]["seq"] == 1

    async def lost(event):
        return True  # published, as far as the sender knows, but nobody gets it

    monkeypatch.setattr(services, "publish", lost)
    await sender.send_json_to({"type": "send", "client_key": "lost-2", "body": "perdu en route"})
    await sender.send_json_to({"type": "send", "client_key": "lost-3", "body": "perdu aussi"})
    bodies = []
    while len(bodies) < 2:
        frame = await receiver.receive_json_from(timeout=5)
        assert frame["type"] == "messages"  # given by the watch, as a catch-up
        bodies += [m["body"] for m in frame["messages"]]
    assert bodies == ["perdu en route", "perdu aussi"]
    # Once given, not again: the socket is up to date.
    assert await receiver.receive_nothing(timeout=0.5)
    # The sender's own socket had them in its acknowledgements: nothing more for it.
    acks = [(await receive_until(sender, "ack"))[0] for _ in range(3)]
    assert [a["seq"] for a in acks] == [1, 2, 3]
    assert await sender.receive_nothing(timeout=0.5)
    await receiver.disconnect()
    await sender.disconnect()


async def test_events_on_their_way_are_not_given_twice(conversation, household_user, worker, fast_watch, settings):
    settings.MESSAGE_BURST_LIMIT = 1000
    receiver, _ = await open_socket(conversation, household_user)
    sender, _ = await open_socket(conversation, worker)
    for n in range(30):
        await sender.send_json_to({"type": "send", "client_key": f"k{n}", "body": f"message {n}"})
    seqs = []
    while len(seqs) < 30:
        frame = await receiver.receive_json_from(timeout=5)
        if frame["type"] == "message":
            seqs.append(frame["message"]["seq"])
        elif frame["type"] == "messages":
            seqs += [m["seq"] for m in frame["messages"]]
    assert seqs == list(range(1, 31))
    assert await receiver.receive_nothing(timeout=0.5)
    await receiver.disconnect()
    await sender.disconnect()


async def test_sockets_say_when_the_layer_stops_and_comes_back(conversation, household_user, fast_watch, monkeypatch):
    layer = get_channel_layer()
    comm, ready = await open_socket(conversation, household_user)
    assert ready["live"] is True
    original_send = layer.send

    async def down(channel, message):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(layer, "send", down)
    frame, _ = await receive_until(comm, "live", timeout=5)
    assert frame == {"type": "live", "live": False}
    # Sending still works meanwhile: stored and acknowledged.
    await comm.send_json_to({"type": "send", "client_key": "pendant", "body": "pendant la panne"})
    ack, _ = await receive_until(comm, "ack")
    assert ack["seq"] == 1
    monkeypatch.setattr(layer, "send", original_send)
    frame, _ = await receive_until(comm, "live", timeout=5)
    assert frame == {"type": "live", "live": True}
    await comm.disconnect()


async def test_the_watch_stops_with_the_last_socket(conversation, household_user, fast_watch):
    comm, _ = await open_socket(conversation, household_user)
    current = watch.current()
    assert len(current.sockets) == 1 and not current.task.done()
    await comm.disconnect()
    for _ in range(30):
        if current.task.done():
            break
        await asyncio.sleep(0.1)
    assert not current.sockets and current.task.done()


@pytest.fixture
def catch_up_reads(settings, monkeypatch):
    """Each catch-up read's `after`; the watch's own rounds are out of the way (the test runs the socket's)."""
    settings.MESSAGING_WATCH_SECONDS = 60
    reads, frame = [], services.catch_up_frame

    def counted(conversation, viewer, after, *args, **kwargs):
        reads.append(after)
        return frame(conversation, viewer, after, *args, **kwargs)

    monkeypatch.setattr(services, "catch_up_frame", counted)
    return reads


async def behind_by_one(conversation, household_user, worker):
    """A socket whose page lacks seq 1 (stored while the layer was away: no event reached it), and its consumer."""
    comm, _ = await open_socket(conversation, household_user)
    await database_sync_to_async(post_message)(conversation, worker, "pendant la panne", "w-1")
    (socket,) = watch.current().sockets
    return comm, socket


async def test_when_live_updates_resume_the_page_catch_up_reads_what_was_missed_once(
    conversation, household_user, worker, catch_up_reads
):
    # After an outage every socket is behind: the watch says "live": true and leaves the reading to the catch-up
    # the page then asks (both once read the same messages, for a hundred sockets at once).
    comm, socket = await behind_by_one(conversation, household_user, worker)
    socket.live = False  # the layer was away
    await socket.watch_tick(True, 1)
    frame, seen = await receive_until(comm, "live")
    assert frame["live"] is True and catch_up_reads == [] and len(seen) == 1
    await comm.send_json_to({"type": "catch_up", "after": 0})
    batch, _ = await receive_until(comm, "messages")
    assert [m["seq"] for m in batch["messages"]] == [1] and catch_up_reads == [0]
    await socket.watch_tick(True, 1)  # the next round: nothing missing, nothing read
    assert catch_up_reads == [0] and await comm.receive_nothing(timeout=0.5)
    await comm.disconnect()


async def test_a_catch_up_waiting_for_its_turn_is_not_read_twice_by_the_watch(
    conversation, household_user, worker, catch_up_reads
):
    comm, socket = await behind_by_one(conversation, household_user, worker)
    socket.catch_up_tokens = 0  # over the rate limit: the page's catch_up waits for a token
    await comm.send_json_to({"type": "catch_up", "after": 0})
    await comm.receive_nothing(timeout=0.1)
    await socket.watch_tick(None, 1)
    batches = []
    while not await comm.receive_nothing(timeout=1.5):  # the token comes back within 0.5 s
        batches.append([m["seq"] for m in (await comm.receive_json_from())["messages"]])
    assert batches == [[1]] and catch_up_reads == [0]
    await comm.disconnect()


async def test_while_the_layer_is_away_a_message_stored_is_given_at_the_next_round(
    conversation, household_user, worker, catch_up_reads, monkeypatch
):
    """Issue 24: catch-up during an outage within one watch period. With the layer away no event is on its way, so
    the round after a message is stored gives it (it waited a second round: 8–10 s under a frozen Redis)."""
    comm, _ = await open_socket(conversation, household_user)
    current = watch.current()

    async def away():
        return False

    monkeypatch.setattr(current, "probe", away)
    await current.round()  # the layer found away: the page is told
    frame, _ = await receive_until(comm, "live")
    assert frame["live"] is False
    await database_sync_to_async(post_message)(conversation, worker, "pendant la panne", "w-1")
    await current.round()
    batch, _ = await receive_until(comm, "messages", timeout=5)
    assert [m["seq"] for m in batch["messages"]] == [1]
    await current.round()  # given once
    assert await comm.receive_nothing(timeout=0.5)
    await comm.disconnect()


async def test_pages_are_told_the_layer_is_back_at_the_first_probe_that_answers(
    conversation, household_user, settings, monkeypatch
):
    """While the layer is away the watch probes it every quarter period: the pages hear that it is back (and catch
    up) well within the period, not at the next round (after a Redis restart, up to a period later)."""
    settings.MESSAGING_WATCH_SECONDS = 4
    layer = get_channel_layer()
    comm, _ = await open_socket(conversation, household_user)
    original_send = layer.send

    async def down(channel, message):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(layer, "send", down)
    frame, _ = await receive_until(comm, "live", timeout=10)  # a round's probe failed: the next round is 4 s away
    assert frame == {"type": "live", "live": False}
    monkeypatch.setattr(layer, "send", original_send)
    frame, _ = await receive_until(comm, "live", timeout=2.5)
    assert frame == {"type": "live", "live": True}
    await comm.disconnect()


class FakeSocket:
    """What a watch round reads of a socket, and the `newest` it is told to compare with."""

    def __init__(self, conversation):
        self.conversation = conversation
        self.scope = {}
        self.told = []

    async def watch_tick(self, live, newest):
        self.told.append(newest)


async def test_a_round_gives_what_was_already_the_newest_a_quarter_period_before(conversation, monkeypatch):
    """A message whose event was lost just after a round (its publish died with a killed process) was given two
    rounds later: the round compared with the newest of the previous round. It now compares with the last sample,
    a quarter period before it."""
    current = watch.Watch()
    socket = FakeSocket(conversation)
    current.sockets.add(socket)
    monkeypatch.setattr(watch, "round_reads", lambda sockets: ([], {conversation.pk: 3}))
    current.newest = {conversation.pk: 1}  # the previous round's
    current.sampled = {conversation.pk: 2}  # a quarter period ago
    await current.round()
    assert socket.told == [2]
    current.sampled = None  # no sample since (the database did not answer): the previous round's
    await current.round()
    assert socket.told == [2, 3]
