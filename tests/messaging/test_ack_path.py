"""The path from a `send` frame to its acknowledgement shares no thread with other work, and waits for no other frame
of its socket (issue 24).

Every acknowledgement of a /ws/ process once waited for asgiref's single thread-sensitive thread: the frame's
session check ran there (channels' `database_sync_to_async` default), and so did each round of the watch (every
socket's session, the newest sequence numbers). A round every 2 s held every acknowledgement back for its length.
Later, under a frozen Redis, catch-ups (every page asks one when live updates resume; the watch gives every socket
behind what it missed) filled the two pool threads that store, and a socket's `send` waited behind its own
`catch_up` (a socket handled its frames one after another).
These tests hold that other work in a thread and assert that a send is still acknowledged meanwhile; the receive
timeouts are generous (they only turn a hang into a failure), never a measure of speed.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from messaging import services, watch
from messaging.services import post_message
from tests.messaging.test_reliability import open_socket
from tests.messaging.ws import communicator, receive_until, session_cookie

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


async def acknowledged_while_held(comm, key, held, seq):
    """Once the other work holds its thread (`held`), a send is stored as `seq` and acknowledged meanwhile."""
    await until(held)
    ack = await send_and_ack(comm, key)
    assert (ack["seq"], ack["duplicate"]) == (seq, False)


async def test_a_send_is_acknowledged_while_the_thread_sensitive_thread_is_busy(conversation, household_user):
    comm, _ = await open_socket(conversation, household_user)
    release, held = threading.Event(), threading.Event()

    def busy():  # any thread-sensitive work of the process: an HTTP view's, a middleware's, a long query
        held.set()
        release.wait(HANG_SECONDS)

    occupied = asyncio.ensure_future(sync_to_async(busy, thread_sensitive=True)())
    try:
        await acknowledged_while_held(comm, "pendant", held, 1)
    finally:
        release.set()
        await occupied
        await comm.disconnect()


async def test_a_socket_opens_while_the_thread_sensitive_thread_is_busy(conversation, household_user):
    """After a kill -9 the process that stays takes the other's pages at once: their handshakes read the user on the
    socket-opening threads (portal.ws_auth), not one after another on asgiref's single thread (channels' default)."""
    cookie = await database_sync_to_async(session_cookie)(household_user)
    release, held = threading.Event(), threading.Event()

    def busy():
        held.set()
        release.wait(HANG_SECONDS)

    occupied = asyncio.ensure_future(sync_to_async(busy, thread_sensitive=True)())
    try:
        await until(held)
        comm = communicator(conversation.pk, cookie)
        accepted, _ = await comm.connect(timeout=ACK_TIMEOUT)
        assert accepted and not occupied.done()
        ready, _ = await receive_until(comm, "ready", timeout=ACK_TIMEOUT)
        assert ready["last_seq"] == 0 and not occupied.done()
        await comm.disconnect()
    finally:
        release.set()
        await occupied


async def test_a_send_is_acknowledged_while_sockets_are_opening(conversation, household_user, worker, monkeypatch):
    """After a kill -9 the process that stays takes the other's pages at once. Their handshakes (user, session,
    authorisation) once ran on the pool threads that store: fifty of them held every acknowledgement of the process
    back (ack p99 3.4 s). Here two handshakes are held in their opening hop (the staff read's audit), as many as
    there are threads for them, and a page already open is acknowledged meanwhile."""
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=2))  # ASGI_THREADS=2
    comm, _ = await open_socket(conversation, household_user)
    release, held, begun = threading.Event(), threading.Event(), []
    audit_read = services.audit_read

    def held_opening(*args, **kwargs):
        begun.append(1)
        if len(begun) >= 2:
            held.set()
        release.wait(HANG_SECONDS)
        return audit_read(*args, **kwargs)

    monkeypatch.setattr(services, "audit_read", held_opening)
    cookie = await database_sync_to_async(session_cookie)(worker)
    opening = [communicator(conversation.pk, cookie) for _ in range(2)]
    connects = [asyncio.ensure_future(page.connect(timeout=HANG_SECONDS)) for page in opening]
    try:
        await acknowledged_while_held(comm, "pendant-les-ouvertures", held, 1)
    finally:
        release.set()
        opened = await asyncio.gather(*connects)
    assert [accepted for accepted, _ in opened] == [True, True]
    for page in (*opening, comm):
        await page.disconnect()


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
        await acknowledged_while_held(comm, "pendant-la-ronde", held, 1)
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


def hold_catch_ups(monkeypatch, count):
    """Every catch-up read (a page's `catch_up`, the watch's missed messages) waits for `release` once `count` have
    begun (then `held` is set): as many held reads as there are threads to read them on."""
    release, held, begun = threading.Event(), threading.Event(), []
    frame = services.catch_up_frame

    def held_read(*args, **kwargs):
        begun.append(1)
        if len(begun) >= count:
            held.set()
        release.wait(HANG_SECONDS)
        return frame(*args, **kwargs)

    monkeypatch.setattr(services, "catch_up_frame", held_read)
    return release, held


async def test_a_send_is_acknowledged_while_its_own_socket_catch_up_is_held(conversation, household_user, monkeypatch):
    comm, _ = await open_socket(conversation, household_user)
    release, held = hold_catch_ups(monkeypatch, 1)
    try:
        await comm.send_json_to({"type": "catch_up", "after": 0})
        await acknowledged_while_held(comm, "derriere-le-rattrapage", held, 1)
    finally:
        release.set()
    # The catch-up is answered all the same, without the message its socket gave in the ack.
    batch, _ = await receive_until(comm, "messages")
    assert batch["messages"] == []
    await comm.disconnect()


async def test_sends_are_acknowledged_while_every_catch_up_read_is_held(
    conversation, household_user, worker, monkeypatch
):
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=2))  # ASGI_THREADS=2
    behind, _ = await open_socket(conversation, household_user)
    # Stored, not published (as while the layer is away): that page lacks seq 1.
    await database_sync_to_async(post_message)(conversation, worker, "pendant la coupure", "w-1")
    asking, _ = await open_socket(conversation, worker)
    sender, _ = await open_socket(conversation, household_user)
    release, held = hold_catch_ups(monkeypatch, 2)
    # After an outage: the watch gives a socket what it missed while another page asks to catch up.
    socket = next(socket for socket in watch.current().sockets if socket.known_seq == 0)
    tick = asyncio.ensure_future(socket.watch_tick(None, 1))
    try:
        await asking.send_json_to({"type": "catch_up", "after": 0})
        await acknowledged_while_held(sender, "pendant-les-rattrapages", held, 2)
    finally:
        release.set()
        await tick
    batch, _ = await receive_until(behind, "messages")
    assert [m["seq"] for m in batch["messages"]] == [1]
    for comm in (behind, asking, sender):
        await comm.disconnect()
