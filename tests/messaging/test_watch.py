"""The watch (messaging/watch.py): what the channel layer loses still reaches open sockets; layer outages are told."""

import asyncio

import pytest
from channels.layers import get_channel_layer

from messaging import services, watch
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
