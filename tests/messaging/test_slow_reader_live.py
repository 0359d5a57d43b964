"""A client that stops reading, against a real daphne process (portal/ws_flow.py reaches Twisted's transport only
there): it is closed past the bound, and the process does not grow with what it asks for."""

import asyncio
import json
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect

from messaging.services import store_message
from portal import ws_flow
from tests.live import small_window_socket, start_daphne
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


CLOSING = "closing a websocket whose client does not read (user {}, code 4008)"


async def ask_until_closed(client, server, user, seconds):
    """Asks for the history again and again, reading nothing, until the server says it closed this client."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline and CLOSING.format(user.pk) not in server.log():
        try:
            await client.send(json.dumps({"type": "catch_up", "after": 0}))
        except Exception:  # noqa: BLE001 — reset by the server
            pass
        await asyncio.sleep(0.05)
    return CLOSING.format(user.pk) in server.log()


# PostgreSQL only: on SQLite the daphne child writes the test file beside the test process, and the later tests of
# the run then met "disk I/O error" (CI of 30/11, pass 1).
@pytest.mark.postgres
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
        closed = await ask_until_closed(client, server, household_user, STALL_SECONDS + 30)
        sampler.cancel()
        client.transport.abort()
    # Closed with code 4008 and dropped with its unread buffer: the close frame cannot reach the page, which sees an
    # abnormal closure and reconnects (static/js/messaging.js reconnects on every code but 4001).
    assert closed, "the server kept a client that does not read"
    assert ws_flow.SLOW_READER_CLOSE_CODE == 4008
    # It asked for the 3 MB history dozens of times: the process holds at most a batch or two for it.
    assert peak - before < 16, f"{before:.0f} → {peak:.0f} MiB"
