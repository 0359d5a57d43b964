"""Nothing lost: the row is committed before any frame; offline clients catch up; Redis may stop and come back."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import connections

from messaging.models import Message
from tests.messaging.ws import communicator, receive_until, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def committed(client_key):
    """Seen from another connection (another thread): only committed rows are visible there."""
    try:
        return Message.objects.filter(client_key=client_key).exists()
    finally:
        connections.close_all()


async def open_socket(conversation, user):
    cookie = await database_sync_to_async(session_cookie)(user)
    comm = communicator(conversation.pk, cookie)
    accepted, _ = await comm.connect()
    assert accepted
    ready, _ = await receive_until(comm, "ready")
    return comm, ready


async def test_message_row_is_committed_before_it_is_published_and_acknowledged(
    conversation, household_user, worker, monkeypatch
):
    layer = get_channel_layer()
    seen_at_publish = []
    original = layer.group_send

    async def spy(group, message):
        if message["type"] == "message.new":
            row = await database_sync_to_async(Message.objects.get)(pk=message["id"])
            seen_at_publish.append(await sync_to_async(committed, thread_sensitive=False)(row.client_key))
        await original(group, message)

    monkeypatch.setattr(layer, "group_send", spy)
    household, _ = await open_socket(conversation, household_user)
    staff, _ = await open_socket(conversation, worker)
    await household.send_json_to({"type": "send", "client_key": "commit-1", "body": "stocké d'abord"})
    ack, _ = await receive_until(household, "ack")
    frame, _ = await receive_until(staff, "message")
    assert seen_at_publish == [True]
    assert frame["message"]["id"] == ack["id"]
    await household.disconnect()
    await staff.disconnect()


async def collect_catch_up(comm, after=0):
    """Catch up until nothing more: every sequence number the socket is given meanwhile, in the order given (batches,
    and a live event that arrives between them: after an outage, a publish tried again a moment later), and the
    last batch."""
    seqs = []
    while True:
        await comm.send_json_to({"type": "catch_up", "after": after})
        batch, seen = await receive_until(comm, "messages", timeout=10)
        seqs += [frame["message"]["seq"] for frame in seen if frame["type"] == "message"]
        seqs += [m["seq"] for m in batch["messages"]]
        if not batch["more"]:
            return seqs, batch
        after = batch["messages"][-1]["seq"]


async def received_seqs(comm, expected):
    """Sequence numbers of the messages a socket is given (live or in batches), until it has all those expected."""
    seqs = []
    while not set(expected) <= set(seqs):
        frame = await comm.receive_json_from(timeout=15)
        if frame["type"] == "message":
            seqs.append(frame["message"]["seq"])
        elif frame["type"] == "messages":
            seqs += [m["seq"] for m in frame["messages"]]
    return seqs


async def send_and_ack(comm, keys):
    acks = []
    for key in keys:
        await comm.send_json_to({"type": "send", "client_key": key, "body": f"message {key}"})
        ack, _ = await receive_until(comm, "ack", timeout=10)
        assert ack["client_key"] == key
        acks.append(ack)
    return acks


async def test_offline_client_receives_all_200_messages_without_duplicates(
    conversation, household_user, worker, settings
):
    settings.MESSAGE_BURST_LIMIT = 1000
    receiver, ready = await open_socket(conversation, household_user)
    last_seen = ready["last_seq"]
    await receiver.disconnect()  # offline

    sender, _ = await open_socket(conversation, worker)
    acks = await send_and_ack(sender, [f"off-{n}" for n in range(200)])
    # A few retries of sends whose ack was "lost": harmless.
    retried = await send_and_ack(sender, [f"off-{n}" for n in range(0, 200, 20)])
    assert all(a["duplicate"] for a in retried)
    await sender.disconnect()

    receiver, _ = await open_socket(conversation, household_user)
    seqs, _ = await collect_catch_up(receiver, last_seen)
    await receiver.disconnect()
    assert len(seqs) == 200 and len(set(seqs)) == 200
    assert sorted(seqs) == [a["seq"] for a in acks] == list(range(1, 201))
    assert await database_sync_to_async(Message.objects.count)() == 200


@pytest.mark.redis
@pytest.mark.slow
async def test_redis_stopped_and_restarted_mid_way_loses_nothing(
    conversation,
    household_user,
    worker,
    settings,
    private_redis,
):
    settings.MESSAGE_BURST_LIMIT = 1000
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": settings.CHANNEL_LAYER_BACKEND,
            "CONFIG": {"hosts": [private_redis.url], "prefix": "reliability"},
        }
    }
    settings.MESSAGING_WATCH_SECONDS = 0.2
    live_receiver, _ = await open_socket(conversation, household_user)
    steady, _ = await open_socket(conversation, household_user)  # stays open through the outage
    sender, _ = await open_socket(conversation, worker)
    first = await send_and_ack(sender, [f"r-{n}" for n in range(100)])
    assert all(a["live"] for a in first)
    live_seqs = []
    for _ in range(100):
        frame, _ = await receive_until(live_receiver, "message", timeout=10)
        live_seqs.append(frame["message"]["seq"])
    assert live_seqs == list(range(1, 101))
    await live_receiver.disconnect()
    assert await received_seqs(steady, range(1, 101)) == list(range(1, 101))

    await asyncio.to_thread(private_redis.stop)
    during = await send_and_ack(sender, [f"r-{n}" for n in range(100, 200)])
    # Stored and acknowledged while the layer is down; the ack says live updates are paused.
    assert [a["seq"] for a in during] == list(range(101, 201))
    assert not all(a["live"] for a in during)

    await asyncio.to_thread(private_redis.start)
    # The sender's connection survived; it joins its groups again and says live updates are back.
    frame, _ = await receive_until(sender, "live", timeout=15)
    while frame["live"] is not True:
        frame, _ = await receive_until(sender, "live", timeout=15)
    after = await send_and_ack(sender, ["r-after"])
    assert after[0]["live"] is True and after[0]["seq"] == 201

    receiver, _ = await open_socket(conversation, household_user)
    seqs, batch = await collect_catch_up(receiver, 100)
    # Each once; those whose publish was tried again as Redis came back may come live, before their batch.
    assert sorted(seqs) == list(range(101, 202)) and len(seqs) == len(set(seqs)) and batch["last_seq"] == 201
    # And live delivery works again on the restarted Redis.
    await sender.send_json_to({"type": "send", "client_key": "r-live", "body": "de retour"})
    frame, _ = await receive_until(receiver, "message", timeout=10)
    assert frame["message"]["seq"] == 202
    # The socket that stayed open was given everything it missed, once (messaging/watch.py), without asking; the
    # page puts them in order.
    given = await received_seqs(steady, range(101, 203))
    assert sorted(given) == list(range(101, 203))
    await steady.disconnect()
    await receiver.disconnect()
    await sender.disconnect()
    assert await database_sync_to_async(Message.objects.count)() == 202


async def test_a_retry_at_the_burst_limit_leaves_no_hole_in_the_sequence(conversation, household_user, settings):
    """Pages keep the highest seq below which they have everything: a number with no message would stop them."""
    settings.MESSAGE_BURST_LIMIT = 2
    comm, _ = await open_socket(conversation, household_user)
    await send_and_ack(comm, ["h-1", "h-2"])
    retried = await send_and_ack(comm, ["h-2"])  # at the limit: acknowledged as the stored one
    assert retried[0]["duplicate"] is True
    await comm.disconnect()
    await database_sync_to_async(conversation.refresh_from_db)()
    assert conversation.last_seq == 2
