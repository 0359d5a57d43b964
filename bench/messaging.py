"""Messaging benchmark: N conversations with 2 websocket clients each, M messages/s in total, through one daphne.

Every message goes the production way: stored and committed in the database, then its id published on the
channel layer, then loaded and sent to each connected client. Prints the delivery ratio, p50/p95/p99 latency
(send → the other client's frame) and the memory of the app process per idle connection.

    createdb -h 127.0.0.1 -U postgres portal_messaging   # once; the benchmark EMPTIES this database (and Redis db 3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_messaging REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/messaging.py --conversations 100 --rate 200 --duration 30 --idle 1000

Targets on a 2-core machine (issue 5): 200 connections at 200 msg/s, delivery 1.000, p99 < 250 ms;
1,000 idle connections under 64 KiB each.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from messaging.enums import ConversationKind  # noqa: E402
from messaging.models import Conversation  # noqa: E402
from portal.enums import OrganisationKind, Role  # noqa: E402
from tests.conftest import verify_client  # noqa: E402
from tests.live import start_daphne  # noqa: E402
from tests.messaging.factories import household_case  # noqa: E402
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory  # noqa: E402


def prepare(conversations):
    """A programme between one association and one landlord; per conversation one household and one worker."""
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # a database of its own: it starts empty
    if os.environ.get("REDIS_URL"):
        # So does the layer's Redis database: groups of an earlier run's sockets would still be served.
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    run = uuid.uuid4().hex[:6]
    association = OrganisationFactory(name=f"Association bench {run}", kind=OrganisationKind.ASSOCIATION)
    landlord = OrganisationFactory(name=f"Bailleur bench {run}", kind=OrganisationKind.LANDLORD)
    pairs = []
    for n in range(conversations):
        household = UserFactory(confirmed=True, email=f"bench-{run}-menage{n}@test.example")
        worker = MembershipFactory(
            organisation=association, role=Role.WORKER, user=UserFactory(email=f"bench-{run}-ts{n}@test.example")
        ).user
        case = household_case(association, landlord, household)
        conversation = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
        household_client = Client()
        household_client.force_login(household)
        worker_client = verify_client(Client(), worker)
        pairs.append(
            (conversation.pk, household_client.cookies["sessionid"].value, worker_client.cookies["sessionid"].value)
        )
    return pairs


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def total_cpu(servers):
    return sum(cpu_seconds(server.process.pid) for server in servers)


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Client_:
    """One websocket client: it sends on a schedule and records when the peer's messages arrive."""

    def __init__(self, server, conversation_id, cookie, sent_at, received):
        self.url = f"{server.ws_url}/ws/messages/{conversation_id}/"
        self.origin = server.url
        self.cookie = cookie
        self.sent_at = sent_at
        self.received = received
        self.acked = 0
        self.catch_ups = 0
        self.caught_up = 0
        self.errors = []

    async def open(self):
        self.socket = await connect(
            self.url, origin=self.origin, additional_headers={"Cookie": f"sessionid={self.cookie}"}, max_queue=None
        )
        frame = json.loads(await self.socket.recv())
        assert frame["type"] == "ready", frame
        self.reader = asyncio.create_task(self.read())

    async def read(self):
        async for raw in self.socket:
            frame = json.loads(raw)
            if frame["type"] == "message" and not frame["message"]["mine"]:
                key = frame["message"]["body"].split()[-1]
                if key in self.sent_at and key not in self.received:
                    self.received[key] = time.perf_counter() - self.sent_at[key]
            elif frame["type"] == "ack":
                self.acked += 1
            elif frame["type"] == "live" and frame["live"]:
                # As messaging.js does: the layer came back, ask for what was missed.
                self.catch_ups += 1
                await self.socket.send(json.dumps({"type": "catch_up", "after": 0}))
            elif frame["type"] == "messages":
                for message in frame["messages"]:
                    key = message["body"].split()[-1]
                    if not message["mine"] and key in self.sent_at and key not in self.received:
                        self.received[key] = time.perf_counter() - self.sent_at[key]
                        self.caught_up += 1
            elif frame["type"] == "error":
                self.errors.append(frame.get("code"))

    async def send(self):
        key = uuid.uuid4().hex
        self.sent_at[key] = time.perf_counter()
        await self.socket.send(json.dumps({"type": "send", "client_key": key, "body": f"bench {key}"}))

    async def close(self):
        await self.socket.close()
        self.reader.cancel()


async def first_contact(clients, sent_at, received):
    """Not measured: each conversation's first messages, whose side effects happen once per case (the case is
    flagged as reached out, the association told, a receipt row created), as a live portal has long done."""
    for batch in range(0, len(clients), 20):
        await asyncio.gather(*(c.send() for c in clients[batch : batch + 20]))
        await asyncio.sleep(0.2)
    deadline = time.perf_counter() + 30
    while len(received) < len(sent_at) and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    for client in clients:
        client.acked = 0
    sent_at.clear()
    received.clear()


async def load_test(servers, pairs, rate, duration):
    """With several app processes, a conversation's two clients are on different ones: every message crosses Redis."""
    sent_at, received = {}, {}
    clients = []
    for n, (conversation_id, household_cookie, worker_cookie) in enumerate(pairs):
        household_server, worker_server = servers[n % len(servers)], servers[(n + 1) % len(servers)]
        clients.append(Client_(household_server, conversation_id, household_cookie, sent_at, received))
        clients.append(Client_(worker_server, conversation_id, worker_cookie, sent_at, received))
    for batch in range(0, len(clients), 50):
        await asyncio.gather(*(c.open() for c in clients[batch : batch + 50]))
    await first_contact(clients, sent_at, received)
    cpu_before = total_cpu(servers)  # the cost of sending, not of opening the sockets
    client_cpu_before = time.process_time()
    per_client_interval = len(clients) / rate

    async def sender(client):
        await asyncio.sleep(random.uniform(0, per_client_interval))
        started = time.perf_counter()
        n = 0
        while time.perf_counter() - started < duration:
            await client.send()
            n += 1
            await asyncio.sleep(max(0, started + n * per_client_interval - time.perf_counter()))

    started = time.perf_counter()
    await asyncio.gather(*(sender(c) for c in clients))
    # Let the last messages arrive.
    deadline = time.perf_counter() + 10
    while len(received) < len(sent_at) and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    cpu_used = total_cpu(servers) - cpu_before
    client_cpu = time.process_time() - client_cpu_before
    acked = sum(c.acked for c in clients)
    errors = [e for c in clients for e in c.errors]
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    latencies = [value * 1000 for value in received.values()]
    return {
        "connections": len(clients),
        "cpu": cpu_used,
        "client_cpu": client_cpu,
        "elapsed": time.perf_counter() - started,
        "sent": len(sent_at),
        "acked": acked,
        "delivered": len(received),
        "errors": len(errors),
        "catch_ups": sum(c.catch_ups for c in clients),
        "caught_up": sum(c.caught_up for c in clients),
        # Over the sending itself: from the first message to the last one.
        "rate": (len(sent_at) - 1) / max(1e-9, max(sent_at.values()) - min(sent_at.values())),
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies) if latencies else float("nan"),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
    }


async def idle_memory(server, pairs, count):
    await asyncio.sleep(2)
    before = rss_kib(server.process.pid)
    sockets = []
    for batch in range(0, count, 50):
        chunk = [pairs[(batch + i) % len(pairs)] for i in range(min(50, count - batch))]

        async def open_one(pair):
            conversation_id, cookie, _ = pair
            socket = await connect(
                f"{server.ws_url}/ws/messages/{conversation_id}/",
                origin=server.url,
                additional_headers={"Cookie": f"sessionid={cookie}"},
            )
            assert json.loads(await socket.recv())["type"] == "ready"
            return socket

        sockets += await asyncio.gather(*(open_one(pair) for pair in chunk))
    await asyncio.sleep(3)
    after = rss_kib(server.process.pid)
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    return {
        "idle": len(sockets),
        "rss_before_kib": before,
        "rss_after_kib": after,
        "per_connection_kib": (after - before) / len(sockets),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100, help="conversations (2 clients each)")
    parser.add_argument("--rate", type=float, default=200, help="messages per second in total")
    parser.add_argument("--duration", type=float, default=30, help="seconds of sending")
    parser.add_argument("--idle", type=int, default=1000, help="idle connections for the memory figure")
    parser.add_argument("--processes", type=int, default=1, help="app processes (daphne) sharing the Redis layer")
    parser.add_argument("--log-dir", help="keep the app processes' logs there (default: a temporary directory)")
    args = parser.parse_args()
    from django.conf import settings
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"channel layer: {'Redis ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'in-memory'}")
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        print("warning: the targets are for PostgreSQL and the Redis layer (set DATABASE_URL and REDIS_URL)")
    pairs = prepare(args.conversations)
    connection.close()
    with tempfile.TemporaryDirectory() as temporary_dir, contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(
                start_daphne(
                    args.log_dir or temporary_dir,
                    redis_url=os.environ.get("REDIS_URL"),
                    # As docs/deployment.md recommends: persistent database connections, notifications queued in
                    # the database, two worker threads (more threads fight over the interpreter lock: p99 doubles).
                    CONN_MAX_AGE=60,
                    LIVE_TASKS_DATABASE=1,
                    ASGI_THREADS=os.environ.get("ASGI_THREADS", "2"),
                )
            )
            for _ in range(args.processes)
        ]
        server = servers[0]
        print(
            f"daphne pids {', '.join(str(s.process.pid) for s in servers)}, "
            f"message limits {settings.MESSAGE_BURST_LIMIT}/{settings.MESSAGE_BURST_WINDOW_SECONDS}s"
        )
        result = asyncio.run(load_test(servers, pairs, args.rate, args.duration))
        cpu_used = result["cpu"]
        print(
            f"load: {result['connections']} connections, {result['sent']} messages at {result['rate']:.0f} msg/s, "
            f"acknowledged {result['acked']}, delivered {result['delivered']} ({result['caught_up']} by catch-up after "
            f"{result['catch_ups']} layer interruptions), errors {result['errors']}"
        )
        print(f"delivery ratio: {result['delivered'] / max(1, result['sent']):.3f}")
        print(
            f"app processes' CPU while sending: {cpu_used:.1f} s, {1000 * cpu_used / max(1, result['acked']):.1f} ms per "
            f"message ({100 * cpu_used / result['elapsed']:.0f} % of a core; the benchmark's clients used "
            f"{100 * result['client_cpu'] / result['elapsed']:.0f} %; machine load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores)"
        )
        print(
            f"latency ms: p50 {result['p50']:.1f}  p95 {result['p95']:.1f}  p99 {result['p99']:.1f}  "
            f"max {result['max']:.1f}  mean {result['mean']:.1f}"
        )
        memory = asyncio.run(idle_memory(server, pairs, args.idle))
        print(
            f"idle: {memory['idle']} connections, RSS {memory['rss_before_kib'] / 1024:.1f} → "
            f"{memory['rss_after_kib'] / 1024:.1f} MiB, {memory['per_connection_kib']:.1f} KiB per connection"
        )


if __name__ == "__main__":
    main()
