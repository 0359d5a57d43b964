"""The path from a `send` frame to its acknowledgement shares no thread with other work (issue 24).

Every acknowledgement of a /ws/ process once waited for asgiref's single thread-sensitive thread: the frame's
session check ran there (channels' `database_sync_to_async` default), and so did each round of the watch (every
socket's session, the newest sequence numbers). A round every 2 s held every acknowledgement back for its length.
These tests hold that other work in a thread and assert that a send is still acknowledged meanwhile; the receive
timeouts are generous (they only turn a hang into a failure), never a measure of speed.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async

from messaging import services, watch
from tests.messaging.test_reliability import open_socket
from tests.messaging.ws import receive_until

pytestmark = pytest.mark.django_db(transaction=True)

HANG_SECONDS = 30  # a held thread lets go by itself at the latest then, whatever the test does
ACK_TIMEOUT = 10


async def until(event):
    """Wait (on the event loop, no thread) until another thread sets `event`."""
    for _ in range(HANG_SECONDS * 100):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the held work never started")


async def send_and_ack(comm, key):
    await comm.send_json_to({"type": "send", "client_key": key, "body": f"message {key}"})
    ack, _ = await receive_until(comm, "ack", timeout=ACK_TIMEOUT)
    return ack


async def test_a_send_is_acknowledged_while_the_thread_sensitive_thread_is_busy(conversation, household_user):
    comm, _ = await open_socket(conversation, household_user)
    release, held = threading.Event(), threading.Event()

    def busy():  # any thread-sensitive work of the process: an HTTP view's, a middleware's, a long query
        held.set()
        release.wait(HANG_SECONDS)

    occupied = asyncio.ensure_future(sync_to_async(busy, thread_sensitive=True)())
    try:
        await until(held)
        ack = await send_and_ack(comm, "pendant")
        assert (ack["seq"], ack["duplicate"]) == (1, False)
    finally:
        release.set()
        await occupied
        await comm.disconnect()


async def test_a_send_is_acknowledged_while_a_watch_round_is_stuck_in_its_reads(
    conversation, household_user, monkeypatch
):
    comm, _ = await open_socket(conversation, household_user)
    release, held = threading.Event(), threading.Event()
    reads = watch.round_reads

    def stuck(sockets):  # fifty sockets' sessions on a loaded database
        held.set()
        release.wait(HANG_SECONDS)
        return reads(sockets)

    monkeypatch.setattr(watch, "round_reads", stuck)
    round_ = asyncio.ensure_future(watch.current().round())
    try:
        await until(held)
        ack = await send_and_ack(comm, "pendant-la-ronde")
        assert (ack["seq"], ack["duplicate"]) == (1, False)
    finally:
        release.set()
        await round_
        await comm.disconnect()


async def test_a_hung_side_effect_does_not_hold_up_the_next_acknowledgement(conversation, household_user, monkeypatch):
    # One thread stores (as a /ws/ process with ASGI_THREADS=1): the first message's side effects (the notification
    # claim in Redis, frozen) hang; the second message is acknowledged all the same.
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=1))
    release, held = threading.Event(), threading.Event()
    after_commit = services.after_commit

    def hung(message):
        if message.seq == 1:
            held.set()
            release.wait(HANG_SECONDS)
        after_commit(message)

    monkeypatch.setattr(services, "after_commit", hung)
    comm, _ = await open_socket(conversation, household_user)
    try:
        assert (await send_and_ack(comm, "premier"))["seq"] == 1
        await until(held)
        assert (await send_and_ack(comm, "second"))["seq"] == 2
    finally:
        release.set()
        await comm.disconnect()
