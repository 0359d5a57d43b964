"""Live servers that speak websockets, for browser and multi-process tests (docs/stack-notes.md, « Tests dans le navigateur »).

pytest-django's `live_server` is WSGI only. `start_daphne()` runs `daphne portal.asgi:application` in a
subprocess against the test database (the file SQLite test database, or PostgreSQL's test database), with the
test process's encryption keys and private storage, so both see the same committed data.

    from tests.live import daphne_live_server  # noqa: F401 — makes the fixture available in a test module

    @pytest.mark.django_db(transaction=True)
    def test_something(daphne_live_server):
        daphne_live_server.url  # "http://127.0.0.1:<port>"

Test data must be committed: use transactional tests.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

DAPHNE = str(Path(sys.executable).with_name("daphne"))
BASE_DIR = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def ws_url(self):
        return self.url.replace("http://", "ws://")

    def log(self):
        return self.log_path.read_text(errors="replace")


def live_environment(redis_url=None, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.live_settings",
        "LIVE_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    if redis_url is not None:
        env["REDIS_URL"] = redis_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


@contextmanager
def start_daphne(log_dir, redis_url=None, **extra):
    port = free_port()
    log_path = Path(log_dir) / f"daphne-{port}.log"
    with open(log_path, "wb") as log:
        profile = ["-m", "cProfile", "-o", os.environ["LIVE_PROFILE"]] if os.environ.get("LIVE_PROFILE") else []
        process = subprocess.Popen(
            [sys.executable, *profile, DAPHNE, "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=BASE_DIR,
            env=live_environment(redis_url, **extra),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", port, process, log_path)
    try:
        wait_until_up(server)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # a clean stop (a profile, if any, gets written)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"daphne exited:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/sante/", timeout=2):  # noqa: S310 — local test server
                return
        except urllib.error.HTTPError:
            return  # it answers (503 when the layer is down is still "up")
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"daphne did not answer within {timeout} s:\n{server.log()}")


@pytest.fixture
def daphne_live_server(transactional_db, tmp_path):
    """A daphne process serving HTTP and websockets on the test database (data must be committed)."""
    with start_daphne(tmp_path) as server:
        yield server


def small_window_socket(port):
    """A connected TCP socket whose receive buffer is small: the server's data waits on its side once unread (a
    client that stops reading, without megabytes of the kernel's buffers between it and the server)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window is fixed then
    sock.connect(("127.0.0.1", port))
    return sock


@dataclass
class PrivateRedis:
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis():
    """A redis-server of the test's own, on a free port: it may be stopped and started again."""
    redis = PrivateRedis(free_port())
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
