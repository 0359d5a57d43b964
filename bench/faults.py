"""Messaging under faults: two daphne processes for /ws/ and gunicorn for HTTP, as docs/deployment.md runs them, a
Redis of the harness's own, clients that behave like the page.

Each client emulates static/js/messaging.js: it keeps the highest seq below which it has everything, opens its
socket with ?after= (the server then sends what follows), catches up when live updates resume, falls back to HTTP
(JSON catch-up and send) while its socket is away (a catch-up 1.5–2.5 s after the close, then as often until a
socket opens), on a close resends what is unacknowledged over HTTP at once, then reconnects (first attempt after 0.2–1 s, then backoff with full jitter between 1 and 30 s), and resends a
message unacknowledged after 5 s with the same key over HTTP. It reconnects to a /ws/ process that answers its health
check, as a load balancer would send it: a process being restarted is not offered until it answers. Runs, each
with the fault in the middle of the sending:

- baseline: no fault;
- kill: `kill -9` of one app process, restarted a second later;
- redis-stop: Redis stopped for 10 s;
- redis-freeze: Redis frozen (SIGSTOP) for 10 s;
- slow-reader: a client that asks for the whole history again and again and never reads.

Per run it prints: sent, acknowledged, stored, delivered per peer, missing from a page at the end, duplicate
frames (one seq given twice to one socket), ack and delivery p99, time to recover (how long after the fault's end
a page still lacked a message: bench/fault_measures.py; a kill's fault ends at the kill, since the load balancer
sends the reconnections to the live process) and where the latest message came from (when it was sent, stored and
shown, by which frame or request, and what its page did meanwhile), how long pages were without a socket, and the
app processes' memory and CPU (gunicorn's workers included).

    createdb -h 127.0.0.1 -U postgres portal_wt4   # once; the harness EMPTIES this database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_wt4 .venv/bin/python bench/faults.py --ports 8240-8249

Targets (issue 24): 0 missing, 0 duplicate frames, acks p99 < 250 ms under a hung Redis, recovery within one
watch period (MESSAGING_WATCH_SECONDS) once the fault ends, memory flat under a non-reading client.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.pop("REDIS_URL", None)  # the harness's own Redis only (the shared one is never touched)

from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.utils import timezone  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from bench.fault_measures import away_poll_delay, latest, reconnect_delay  # noqa: E402
from bench.messaging import cpu_seconds, percentile, prepare, rss_kib  # noqa: E402 — sets Django up
from messaging.models import Conversation, Message  # noqa: E402
from tests.live import BASE_DIR, DAPHNE, PrivateRedis, live_environment, small_window_socket  # noqa: E402

ACK_RETRY_SECONDS = 5
# A browser waits long for a handshake; a short client timeout turned a slow start into a storm of reconnections.
OPEN_TIMEOUT_SECONDS = 30
STARTUP_SECONDS = 120  # a process restarted on a loaded machine took more than 30 s to answer
HTTP_THREADS = 64  # the pages' fetches in flight (asyncio's default pool, min(32, cores + 4), queued them)
HISTORY = 3000  # messages in the slow reader's conversation (about 30 MB: far more than the kernel's socket buffers)


# A /ws/ process as docs/deployment.md runs it: websockets only, two database threads, persistent connections.
WS_PROCESS = {"PORTAL_ASGI_WEBSOCKET_ONLY": 1, "ASGI_THREADS": 2, "CONN_MAX_AGE": 60, "LIVE_TASKS_DATABASE": 1}


SAMPLED = (
    "import sys; from bench.stacks import start; start({path!r}); sys.argv = {argv!r}; "
    "from daphne.cli import CommandLineInterface; CommandLineInterface.entrypoint()"
)


# The HTTP tier as docs/deployment.md runs it: gunicorn, two workers per core, persistent connections (a daphne
# serving HTTP answered the fallback's requests one at a time, on asgiref's one thread: after a kill, fifty pages'
# catch-ups and sends queued there for 2 s).
HTTP_WORKERS = 2 * (os.cpu_count() or 1)
HTTP_PROCESS = {"CONN_MAX_AGE": 60, "LIVE_TASKS_DATABASE": 1}


class Server:
    """One app process on a port of the harness's range, daphne (`/ws/`) or, with `wsgi`, gunicorn (HTTP); it can
    be killed and started again on that port."""

    def __init__(self, port, log_dir, redis_url, profile=None, wsgi=False, **env):
        self.port, self.log_dir, self.redis_url, self.env = port, log_dir, redis_url, env
        self.wsgi = wsgi
        self.profile = profile  # a directory: the process runs under cProfile and writes its profile on stop
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"
        self.process = None
        self.serving = False  # what a load balancer's health check says: set once /sante/ answers, unset at a kill

    @property
    def log_path(self):
        return Path(self.log_dir) / f"{'gunicorn' if self.wsgi else 'daphne'}-{self.port}.log"

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 — the child keeps it
        command = [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), "portal.asgi:application"]
        if self.wsgi:
            command = ["-m", "gunicorn", "portal.wsgi", "-w", str(HTTP_WORKERS), "-b", f"127.0.0.1:{self.port}"]
        elif self.profile:  # sampled stacks of every thread (bench/stacks.py), written when the process stops
            command = ["-c", SAMPLED.format(path=f"{self.profile}/daphne-{self.port}.txt", argv=command)]
        self.process = subprocess.Popen(
            [sys.executable, *command],
            cwd=BASE_DIR,
            env=live_environment(self.redis_url, **self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/sante/", timeout=2):  # noqa: S310 — local
                    self.serving = True
                    return
            except urllib.error.HTTPError:
                self.serving = True
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"daphne on {self.port} did not start")

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    def cpu_seconds(self):
        """CPU time of the process and of its children (gunicorn's workers)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        pids = [pid, *(int(child) for child in children.read_text().split())] if children.exists() else [pid]
        total = 0.0
        for each in pids:
            with contextlib.suppress(OSError):  # a worker that has just exited
                total += cpu_seconds(each)
        return total

    def kill(self):
        self.serving = False
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.alive:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Page:
    """One browser page of a conversation, as static/js/messaging.js behaves."""

    def __init__(self, run, conversation_id, cookie, http_server):
        self.run, self.conversation_id, self.cookie, self.http = run, conversation_id, cookie, http_server
        self.csrf = _get_new_csrf_string()
        self.last_seq, self.ahead, self.shown = 0, set(), {}
        self.pending = {}  # client key → (body, first sent at, last sent at)
        self.socket = None
        self.socket_seqs = set()  # what the current socket gave
        self.stopped = False
        self.ready = asyncio.Event()  # the first socket said "ready"
        self.away_since = None  # when its socket closed (until the next one says "ready")
        self.port = None  # the /ws/ process of its open socket
        self.sent_keys = set()
        self.http_sends = set()  # sends over HTTP in flight (the page does not wait for them to type the next)
        self.via = {}  # seq → the frame or request that first showed it
        self.events = []  # (perf_counter, what): its socket's closes and openings, its catch-ups
        self.away_poller = None  # its HTTP catch-ups while its socket is away

    # Contiguity, as the page keeps it.
    def had(self, seq, at=None, via="?"):
        if seq not in self.shown:
            self.shown[seq] = at or time.perf_counter()
            self.via[seq] = via
        if seq > self.last_seq:
            self.ahead.add(seq)
        while self.last_seq + 1 in self.ahead:
            self.last_seq += 1
            self.ahead.discard(self.last_seq)

    def given(self, seq):
        if seq in self.socket_seqs:
            self.run.duplicates += 1
        self.socket_seqs.add(seq)

    def receive(self, message, via="?"):
        self.had(message["seq"], via=via)
        if not message["mine"]:
            sent = self.run.sent_at.get(message["body"].split()[-1])
            if sent is not None:
                self.run.delivery.setdefault((self.conversation_id, message["seq"]), []).append(
                    time.perf_counter() - sent
                )

    def acknowledged(self, ack, via="ack"):
        entry = self.pending.pop(ack["client_key"], None)
        if entry is not None:
            self.run.ack_latency.append(time.perf_counter() - entry[1])
            self.run.acked.add(ack["client_key"])
        if ack.get("message"):
            self.receive(ack["message"], via=via)
        else:
            self.had(ack["seq"], via=via)

    async def frames(self, socket):
        async for raw in socket:
            frame = json.loads(raw)
            kind = frame["type"]
            if kind == "ready":
                self.events.append((time.perf_counter(), f"ready :{self.port}"))
                self.ready.set()
                if self.away_since is not None:
                    self.run.away.append(time.perf_counter() - self.away_since)
                    self.away_since = None
                if not frame.get("catching_up"):  # as the page: the server sends what follows ?after= itself
                    await self.catch_up()
                for key in list(self.pending):
                    await self.send_over_socket(key)
            elif kind == "message":
                self.given(frame["message"]["seq"])
                self.receive(frame["message"], via="live")
            elif kind == "messages":
                for message in frame["messages"]:
                    self.given(message["seq"])
                    self.receive(message, via="messages frame")
                if frame["more"]:
                    await self.catch_up()
            elif kind == "ack":
                if not frame["duplicate"]:  # a retried send's ack repeats its seq, by design
                    self.given(frame["seq"])
                self.acknowledged(frame)  # a gap left is the watch's to close (as the page)
            elif kind == "live" and frame["live"]:
                await self.catch_up()
            elif kind == "error":
                self.run.errors.append(frame.get("code"))

    async def catch_up(self):
        self.run.catch_ups += 1
        self.events.append(
            (time.perf_counter(), f"catch_up after {self.last_seq} {'socket' if self.socket else 'HTTP'}")
        )
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.send(json.dumps({"type": "catch_up", "after": self.last_seq}))
                return True
        try:
            frame = await self.http_call("GET", f"?after={self.last_seq}")
        except Exception:  # noqa: BLE001 — as the page: the next attempt catches up
            return False
        self.events.append((time.perf_counter(), "HTTP catch-up answered"))
        for message in frame["messages"]:
            self.receive(message, via="HTTP catch-up")
        return True

    async def http_call(self, method, suffix="", data=None):
        url = f"{self.http.url}/espace/messages/{self.conversation_id}/messages.json{suffix}"
        if self.run.space_of[self.cookie] == "partner":
            url = url.replace("/espace/", "/partenaires/")
        headers = {"Cookie": f"sessionid={self.cookie}; csrftoken={self.csrf}", "Accept": "application/json"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers.update({"X-CSRFToken": self.csrf, "Content-Type": "application/x-www-form-urlencoded"})

        def call():
            request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — local
                return json.loads(response.read())

        return await asyncio.to_thread(call)

    async def send_over_socket(self, key):
        body, first, _ = self.pending[key]
        self.pending[key] = (body, first, time.perf_counter())
        await self.socket.send(json.dumps({"type": "send", "client_key": key, "body": body}))

    async def send(self, key=None):
        if key is None:
            key = uuid.uuid4().hex
            self.sent_keys.add(key)
            self.run.sent_at[key] = time.perf_counter()
            self.pending[key] = (f"faults {key}", time.perf_counter(), time.perf_counter())
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.send_over_socket(key)
                return
        self.send_pending_over_http(key)

    def send_pending_over_http(self, key):
        body, first, _ = self.pending[key]
        self.pending[key] = (body, first, time.perf_counter())
        # As the page's fetch: in the background, the next message is typed meanwhile (awaiting it here held up
        # this page's pacing for up to the request's timeout: fewer messages sent than asked for).
        self.background(self.send_over_http(key, body))

    def background(self, coroutine):
        """As the page's fetch: not awaited by what follows it."""
        task = asyncio.ensure_future(coroutine)
        self.http_sends.add(task)
        task.add_done_callback(self.http_sends.discard)

    async def send_over_http(self, key, body):
        try:
            ack = await self.http_call("POST", data={"body": body, "client_key": key})
        except Exception:  # noqa: BLE001 — kept pending, sent again later with the same key
            return
        self.acknowledged(ack, via="HTTP ack")
        if self.ahead and self.socket is None:  # as the page: with a socket open, the watch closes the gap
            await self.catch_up()

    def stop_polling(self):
        if self.away_poller is not None:
            self.away_poller.cancel()
            self.away_poller = None

    async def poll_while_away(self):
        """As the page's pollWhileAway: an HTTP catch-up every 1.5–2.5 s until a socket opens (backing off while
        the HTTP tier does not answer)."""
        failures = 0
        while not self.stopped:
            await asyncio.sleep(away_poll_delay(failures))
            if self.stopped or self.socket is not None:  # a socket opened meanwhile (it catches up by itself)
                return
            failures = 0 if await self.catch_up() else failures + 1

    async def resend_unacknowledged(self):
        """As the page's resendUnacknowledged: over HTTP (an open socket's ack is late, not lost)."""
        now = time.perf_counter()
        for key, (_, _, last) in list(self.pending.items()):
            if now - last > ACK_RETRY_SECONDS:
                self.send_pending_over_http(key)

    async def live(self):
        """Connected when it can be, HTTP meanwhile, as the page (its socket's "close" handler and scheduleReconnect)."""
        attempt = 0
        while not self.stopped:
            server, opened = self.run.balance(), False
            try:
                async with connect(
                    f"{server.ws_url}/ws/messages/{self.conversation_id}/?after={self.last_seq}",
                    origin=server.url,
                    additional_headers={"Cookie": f"sessionid={self.cookie}"},
                    open_timeout=OPEN_TIMEOUT_SECONDS,
                ) as socket:
                    self.socket, self.socket_seqs, attempt, opened = socket, set(), 0, True
                    self.stop_polling()  # as the page: its schedule ends when a socket opens, a new one at the next close
                    self.port = server.port
                    await self.frames(socket)
            except Exception:  # noqa: BLE001, S110 — closed, refused, killed: as the page, HTTP then reconnect
                pass
            self.socket = None
            self.events.append((time.perf_counter(), "closed"))
            if self.stopped:
                return
            if self.away_since is None:
                self.away_since = time.perf_counter()
            self.run.reconnections += 1
            self.run.refused += not opened
            # As the page's "close" handler: HTTP catch-ups in the background while it is away (pollWhileAway), the
            # first 1.5–2.5 s after the close; the reconnection is scheduled at once.
            if self.away_poller is None or self.away_poller.done():
                self.away_poller = asyncio.ensure_future(self.poll_while_away())
            for key in list(self.pending):  # as the page: what the closed socket did not acknowledge, over HTTP now
                await self.send(key)
            await asyncio.sleep(reconnect_delay(attempt))
            attempt += 1


class Run:
    def __init__(self, servers):
        self.servers = servers
        self.ws_servers = servers[:-1]  # the last one serves HTTP only (fallback sends and catch-ups), as deployed
        self.sent_at, self.acked = {}, set()
        self.ack_latency, self.delivery = [], {}
        self.duplicates = self.reconnections = self.catch_ups = self.refused = 0
        self.errors = []
        self.space_of = {}
        self.away = []  # seconds each page was without a socket, from its close to the next "ready"
        self.fault_end = None  # perf_counter time the fault ended (a kill: the kill itself)
        self.victim_back = None  # seconds from the kill until the restarted process answered
        self.on_victim = set()  # the pages whose socket was on the killed process

    def balance(self):
        """The /ws/ process a reconnection reaches, as through a load balancer: one that answers its health check."""
        return random.choice([s for s in self.ws_servers if s.serving] or self.ws_servers)


def latest_shown(where, pages, stored, run, fault_end):
    """Which message and page the recovery comes from, times from the fault's end (s)."""
    if where is None:
        return "-"
    conversation_id, seq, sent_at, shown_at, index = where
    page = pages[index]
    key, created = next((key, at) for c, s, key, at in stored if (c, s) == (conversation_id, seq))
    events = ", ".join(
        f"{what} {at - fault_end:+.2f}" for at, what in page.events if fault_end - 1 <= at <= shown_at + 0.01
    )
    return (
        f"seq {seq} sent {sent_at - fault_end:+.2f} stored {created.timestamp() - (time.time() - time.perf_counter()) - fault_end:+.2f} "
        f"shown {shown_at - fault_end:+.2f} by {page.via.get(seq)} on "
        f"{'its sender' if key in page.sent_keys else 'the peer'}'s page"
        f"{' (on the killed process)' if id(page) in run.on_victim else ''} [{events}]"
    )


async def slow_reader(server, conversation_id, cookie, requests):
    """Opens a socket, asks for every page of the history in turn, again and again, and never reads a frame."""
    for attempt in range(10):  # daphne drops a handshake its application has not accepted within 5 s (loaded)
        try:
            socket = await connect(
                f"{server.ws_url}/ws/messages/{conversation_id}/?after=0",
                origin=server.url,
                additional_headers={"Cookie": f"sessionid={cookie}"},
                max_queue=1,  # the client library stops reading from the network once one frame waits
                open_timeout=OPEN_TIMEOUT_SECONDS,
                # As a phone on a slow link: with the loopback's default buffers (megabytes, autotuned) the kernels
                # took most of the 30 s of asking before the server's transport even paused, and its 20-s stall
                # bound then tripped after the asking ended (the run said « closed: False »).
                sock=small_window_socket(server.port),
            )
            break
        except Exception:  # noqa: BLE001 — tried again
            if attempt == 9:
                raise
            await asyncio.sleep(1)
    for n in range(requests):
        try:
            await socket.send(json.dumps({"type": "catch_up", "after": (n * 20) % HISTORY}))
        except Exception:  # noqa: BLE001 — closed by the server: what we want to see
            return socket, True
        await asyncio.sleep(0.05)  # 20 requests a second, for 30 s
    return socket, False


def closed_slow_readers(server, offset):
    """How many clients the server closed for not reading (portal/ws_flow.py) since `offset` in its log."""
    with open(server.log_path, errors="replace") as log:
        log.seek(offset)
        return log.read().count("closing a websocket whose client does not read")


def log_offsets(servers):
    return {server.log_path: server.log_path.stat().st_size for server in servers if server.log_path.exists()}


def timing_summary(offsets):
    """Percentiles (ms) of the messaging.timing lines the /ws/ processes logged since `offsets` (--timing): where an
    acknowledgement's time goes (session check, waiting for a thread to store, storing), each socket's opening hop and each watch round's."""
    values = {}
    for path, offset in offsets.items():
        with open(path, errors="replace") as log:
            log.seek(offset)
            for line in log:
                kind, _, rest = line.strip().partition(" ")
                if kind not in ("ack", "open", "watch"):
                    continue
                for pair in rest.split():
                    name, _, value = pair.partition("=")
                    with contextlib.suppress(ValueError):
                        values.setdefault(f"{kind} {name}", []).append(float(value))
    return "  ".join(
        f"{name}: p50 {percentile(v, 0.5):.0f} p99 {percentile(v, 0.99):.0f} max {max(v):.0f} (n={len(v)})"
        for name, v in values.items()
    )


def database_counters():
    """Transactions committed or rolled back, and sessions opened, in this database (PostgreSQL's statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xact_commit + xact_rollback, sessions FROM pg_stat_database WHERE datname = current_database()"
        )
        counters = cursor.fetchone()
    connection.close()
    return counters


def seed_history(conversation_id, user, count):
    """A long history for the slow reader to ask for (about 10 KB a message, stored directly)."""
    from messaging.services import store_message

    conversation = Conversation.objects.get(pk=conversation_id)
    # Dated the day before: written "now", they counted in the author's burst window (MESSAGE_BURST_LIMIT) when the
    # baseline began within 10 s of the seeding, and its first send was refused (1 error, a 6-s ack after retry).
    when = timezone.now() - timedelta(days=1)
    for n in range(count):
        store_message(conversation, user, f"historique {n} " + "x" * 10_000, f"hist-{uuid.uuid4().hex}", when=when)


async def scenario(name, servers, pairs, redis, rate, duration, fault_seconds):
    run = Run(servers)
    pages = []
    for conversation_id, household_cookie, worker_cookie in pairs:
        run.space_of[household_cookie], run.space_of[worker_cookie] = "household", "partner"
        http = servers[-1]
        pages.append(Page(run, conversation_id, household_cookie, http))
        pages.append(Page(run, conversation_id, worker_cookie, http))
    start_seq = dict(await asyncio.to_thread(lambda: list(Conversation.objects.values_list("pk", "last_seq"))))
    for page in pages:
        page.last_seq = start_seq[page.conversation_id]  # the page was loaded with the history shown
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(HTTP_THREADS))
    connecting = time.perf_counter()
    connectors = [asyncio.create_task(page.live()) for page in pages]
    # Measured once every page is open (the sockets' opening is not the load under test).
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(60):
            await asyncio.gather(*(page.ready.wait() for page in pages))
    connected_in = time.perf_counter() - connecting
    run.reconnections = run.catch_ups = run.refused = 0
    await asyncio.sleep(1)
    ws_servers = servers[:-1]
    rss_before = {s.port: rss_kib(s.process.pid) for s in ws_servers}
    fault_start = duration / 3
    peak = dict(rss_before)
    slow = {}
    slow_log_offset = ws_servers[0].log_path.stat().st_size if ws_servers[0].log_path.exists() else 0

    async def fault():
        await asyncio.sleep(fault_start)
        if name == "kill":
            victim = ws_servers[0]
            run.on_victim = {id(page) for page in pages if page.port == victim.port and page.socket is not None}
            await asyncio.to_thread(victim.kill)
            run.fault_end = killed = time.perf_counter()
            await asyncio.sleep(1)
            await asyncio.to_thread(victim.start)
            run.victim_back = time.perf_counter() - killed
        elif name == "redis-stop":
            await asyncio.to_thread(redis.stop)
            await asyncio.sleep(fault_seconds)
            await asyncio.to_thread(redis.start)
            run.fault_end = time.perf_counter()
        elif name == "redis-freeze":
            redis.process.send_signal(signal.SIGSTOP)
            await asyncio.sleep(fault_seconds)
            redis.process.send_signal(signal.SIGCONT)
            run.fault_end = time.perf_counter()
        elif name == "slow-reader":
            conversation_id, cookie, _ = pairs[0]
            socket, closed = await slow_reader(ws_servers[0], conversation_id, cookie, 600)
            slow["socket"], slow["closed_while_asking"] = socket, closed

    async def sample():
        while True:
            for s in ws_servers:
                if s.alive:
                    with contextlib.suppress(Exception):
                        peak[s.port] = max(peak.get(s.port, 0), rss_kib(s.process.pid))
            await asyncio.sleep(0.5)

    interval = len(pages) / rate
    started = time.perf_counter()

    async def sender(page):
        # Each page keeps its own phase. Paced on `started + n * interval` alone, every page's second and later
        # messages left at the same instant: 100 messages at once every 2 s, not 50 a second, and each ack then
        # waited for the burst to drain (a good part of the 0.8 s of the idle baseline of 30/11 13:00).
        phase = random.uniform(0, interval)
        await asyncio.sleep(phase)
        n = 0
        while time.perf_counter() - started < duration:
            await page.send()
            await page.resend_unacknowledged()
            n += 1
            await asyncio.sleep(max(0, started + phase + n * interval - time.perf_counter()))

    cpu_before = {s.port: s.cpu_seconds() for s in servers}
    database_before = await asyncio.to_thread(database_counters)
    client_cpu_before, load_before = time.process_time(), os.getloadavg()[0]
    sampler = asyncio.create_task(sample())
    fault_task = asyncio.create_task(fault())
    await asyncio.gather(*(sender(page) for page in pages))
    await fault_task
    # Unacknowledged sends retried, then one watch period and a few seconds for what is on its way.
    deadline = time.perf_counter() + 20
    while any(page.pending for page in pages) and time.perf_counter() < deadline:
        for page in pages:
            await page.resend_unacknowledged()
        await asyncio.sleep(0.5)
    await asyncio.sleep(5)
    sampler.cancel()
    app_cpu = sum(s.cpu_seconds() - cpu_before[s.port] for s in servers if s.alive and s.port in cpu_before)
    client_cpu = time.process_time() - client_cpu_before
    transactions, sessions = (
        b - a for a, b in zip(database_before, await asyncio.to_thread(database_counters), strict=True)
    )
    elapsed = time.perf_counter() - started
    for page in pages:
        page.stopped = True
        page.stop_polling()
        if page.socket is not None:
            with contextlib.suppress(Exception):
                await page.socket.close()
    for task in connectors:
        task.cancel()
    await asyncio.gather(*connectors, return_exceptions=True)
    if slow.get("socket") is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(slow["socket"].close(), 2)

    def stored_after_start():
        return list(
            Message.objects.exclude(client_key__startswith="hist-").values_list(
                "conversation_id", "seq", "client_key", "created_at"
            )
        )

    stored = [row for row in await asyncio.to_thread(stored_after_start) if row[1] > start_seq[row[0]]]
    stored_keys = {row[2] for row in stored}
    by_conversation = {}
    for conversation_id, seq, _, _ in stored:
        by_conversation.setdefault(conversation_id, set()).add(seq)
    missing = sum(len(by_conversation.get(page.conversation_id, set()) - set(page.shown)) for page in pages)
    # Recovery: how long after the fault's end a page still lacked a message (the baseline's: from a third of the
    # sending, the same measure without a fault, i.e. the floor the machine's load sets).
    fault_end = run.fault_end or started + fault_start
    recover, where = latest(
        [(conversation_id, seq, run.sent_at.get(key)) for conversation_id, seq, key, _ in stored],
        [(page.conversation_id, page.shown) for page in pages],
        fault_end,
    )
    away = sorted(run.away)
    delivery = [latency * 1000 for values in run.delivery.values() for latency in values]
    rss_after = {s.port: rss_kib(s.process.pid) for s in ws_servers if s.alive}
    return {
        "run": name,
        "sent": len(run.sent_at),
        "acknowledged": len(run.acked),
        "stored": len(stored_keys & set(run.sent_at)),
        "stored twice": len(stored) - len(stored_keys),
        "delivered to the peer": f"{len(run.delivery)}/{len(stored)}",
        "missing": missing,
        "duplicate frames": run.duplicates,
        "ack p99 ms": round(percentile([v * 1000 for v in run.ack_latency], 0.99), 1),
        "ack max ms": round(max(run.ack_latency, default=0) * 1000, 1),
        "delivery p99 ms": round(percentile(delivery, 0.99), 1),
        "recovery s": round(recover, 2),
        "the latest": latest_shown(where, pages, stored, run, fault_end),
        "reconnections": run.reconnections,
        "of which never opened": run.refused,
        "pages without a socket (n, p50, max s)": (
            f"{len(away)}, {percentile(away, 0.5):.2f}, {max(away):.2f}" if away else "0"
        ),
        **({"restarted process answering after s": round(run.victim_back or 0, 1)} if name == "kill" else {}),
        "catch-ups asked": run.catch_ups,
        "errors": len(run.errors),
        "memory MiB (before → peak → after)": ", ".join(
            f"{rss_before[p] / 1024:.0f}→{peak.get(p, 0) / 1024:.0f}→{rss_after.get(p, 0) / 1024:.0f}"
            for p in rss_before
        ),
        "pages open in s": round(connected_in, 1),
        "app CPU ms/msg": round(1000 * app_cpu / max(1, len(run.sent_at)), 2),
        # Load-independent: database round trips (each autocommitted statement is a transaction) and connections.
        "db transactions/msg": round(transactions / max(1, len(run.sent_at)), 1),
        "db connections opened": sessions,
        "app CPU % of a core": round(100 * app_cpu / elapsed),
        "harness CPU % of a core": round(100 * client_cpu / elapsed),
        "load average": f"{load_before:.1f}→{os.getloadavg()[0]:.1f}",
        **(
            {
                "slow reader closed (its sends failed while asking)": slow.get("closed_while_asking"),
                "slow reader closed (4008 in the server's log)": closed_slow_readers(ws_servers[0], slow_log_offset),
            }
            if name == "slow-reader"
            else {}
        ),
    }


@contextlib.contextmanager
def busy_loops(count):
    """`count` processes that each keep a core busy, as a neighbour would, for as long as the block lasts: the
    figures of a machine with less CPU to spare (the same code's kill recovery was 0.8-1.0 s on one machine and 1.7-5.7
    s on another, whose CPU per message was twice as high)."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--rate", type=float, default=50, help="messages per second in total")
    parser.add_argument("--duration", type=float, default=24, help="seconds of sending per run")
    parser.add_argument("--fault", type=float, default=10, help="seconds a Redis fault lasts")
    parser.add_argument("--ports", default="8240-8249", help="ports the harness's Redis and daphne may use")
    parser.add_argument("--runs", default="baseline,kill,redis-stop,redis-freeze,slow-reader")
    parser.add_argument("--log-dir", help="keep the app processes' logs there")
    parser.add_argument("--profile", help="sample the /ws/ processes' stacks (bench/stacks.py), written there")
    parser.add_argument("--timing", action="store_true", help="print where each ack's and watch round's time goes")
    parser.add_argument(
        "--busy-cores",
        type=int,
        default=0,
        help="a busy loop on that many cores during the runs, at the app's priority: a slower or shared machine",
    )
    args = parser.parse_args()
    first, last = (int(p) for p in args.ports.split("-"))
    ports = iter(range(first, last + 1))
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if connection.vendor != "postgresql":
        print("warning: the figures are meant for PostgreSQL (set DATABASE_URL)")
    pairs = prepare(args.conversations)
    household = Conversation.objects.get(pk=pairs[0][0]).case.household.members.exclude(user=None).first().user
    if "slow-reader" in args.runs:
        seed_history(pairs[0][0], household, HISTORY)
    connection.close()
    redis = PrivateRedis(next(ports))
    redis.start()
    servers = []
    with tempfile.TemporaryDirectory() as temporary_dir, busy_loops(args.busy_cores):
        log_dir = args.log_dir or temporary_dir
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        try:
            ws_env = {**WS_PROCESS, **({"LIVE_TIMING_LOG": 1} if args.timing else {})}
            for _ in range(2):  # the /ws/ processes: persistent database connections
                servers.append(Server(next(ports), log_dir, redis.url, profile=args.profile, **ws_env))
            # The HTTP tier (fallback sends and catch-ups), as deployed.
            servers.append(Server(next(ports), log_dir, redis.url, wsgi=True, **HTTP_PROCESS))
            for server in servers:
                server.start()
            print(
                f"redis :{redis.port}, daphne {', '.join(f':{s.port}' for s in servers[:-1])} (/ws/), "
                f"gunicorn :{servers[-1].port} (HTTP, {HTTP_WORKERS} workers), busy loops: {args.busy_cores}"
            )
            for name in args.runs.split(","):
                offsets = log_offsets(servers[:-1])
                result = asyncio.run(scenario(name, servers, pairs, redis, args.rate, args.duration, args.fault))
                print("  ".join(f"{key}: {value}" for key, value in result.items()), flush=True)
                if args.timing:
                    print(f"  timing (ms) {timing_summary(offsets)}", flush=True)
        finally:
            for server in servers:
                server.stop()
            redis.stop()


if __name__ == "__main__":
    main()
