"""A client that stops reading, against a real daphne process (portal/ws_flow.py reaches Twisted's transport only
there): it is closed past the bound, and the process does not grow with what it asks for."""

import asyncio
import json
import socket
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect

from messaging.services import store_message
from portal import ws_flow
from tests.live import start_daphne
from tests.messaging.ws import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HISTORY = 300  # messages of about 10 KB: 3 MB, far more than the kernel's buffers for a small receive window
STALL_SECONDS = 3


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seed(conversation, user):
    for n in range(HISTORY):
        store_message(conversation, user, f"historique {n} " + "x" * 10_000, f"hist-{n}")


def small_window_socket(port):
    """A connected TCP socket whose receive buffer is small: the server's data waits on its side once unread."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window is fixed then
    sock.connect(("127.0.0.1", port))
    return sock


async def ask_until_closed(client, seconds):
    """Asks for the history again and again, reading nothing; True when the server ends the connection."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        try:
            await client.send(json.dumps({"type": "catch_up", "after": 0}))
        except Exception:  # noqa: BLE001 — reset by the server: what this test waits for
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_client_that_stops_reading_is_closed_and_the_process_stays_bounded(
    conversation, household_user, tmp_path
):
    await database_sync_to_async(seed)(conversation, household_user)
    cookie = await database_sync_to_async(session_cookie)(household_user)
    with start_daphne(tmp_path, LIVE_WEBSOCKET_MAX_STALL_SECONDS=STALL_SECONDS) as server:
        url = f"{server.ws_url}/ws/messages/{conversation.pk}/?after=0"
        headers = {"Cookie": f"sessionid={cookie}"}
        # A page that reads: one full catch-up batch warms the process (imports, caches) before the measure.
        async with connect(url, origin=server.url, additional_headers=headers) as reader:
            await reader.send(json.dumps({"type": "catch_up", "after": 0}))
            while json.loads(await reader.recv())["type"] != "messages":
                pass
        before = rss_mib(server.process.pid)
        peak = before

        async def sample():
            nonlocal peak
            while True:
                peak = max(peak, rss_mib(server.process.pid))
                await asyncio.sleep(0.1)

        sampler = asyncio.create_task(sample())
        client = await connect(
            url,
            origin=server.url,
            additional_headers=headers,
            sock=small_window_socket(server.port),
            max_queue=1,  # the client library stops reading from the network once one frame waits
        )
        closed = await ask_until_closed(client, STALL_SECONDS + 15)
        sampler.cancel()
        client.transport.abort()
        log = server.log()
    assert closed, "the server kept a client that does not read"
    assert f"closing a websocket whose client does not read (user {household_user.pk}, code 4008)" in log
    assert ws_flow.SLOW_READER_CLOSE_CODE == 4008  # the code the page's script reconnects on (any but 4001)
    # It asked for the 3 MB history dozens of times: the process holds at most a batch or two for it.
    assert peak - before < 16, f"{before:.0f} → {peak:.0f} MiB"
