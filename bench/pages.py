"""Page benchmark: requests/s and p50/p99 for a guide page cold and cached and for a trivial view, under daphne and
gunicorn, on the same server in one run. The load generator (wrk) is pinned to one core, the server to the other.

    .venv/bin/python bench/pages.py [--duration 10] [--connections 16] [--servers daphne,gunicorn]

Needs DATABASE_URL and REDIS_URL (PostgreSQL and the Redis cache): production settings refuse to start without
them, and figures on SQLite with per-process memory would describe no deployment. Settings:
portal.settings.production over plain HTTP on loopback.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
GUIDE = "/guides/commandement-de-payer/"
TRIVIAL = "/robots.txt"  # a view that renders a few lines of text: no query, no template, the whole middleware stack
# A visitor with a session cookie is never served from the cache: that is the "cold" (uncached) figure.
UNCACHED_COOKIE = "sessionid=bench-uncached"


def environment(var_dir):
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        raise SystemExit(f"bench/pages.py measures production settings: set {' and '.join(missing)} first.")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        PORTAL_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer on {url}")


def start_server(kind, port, env, cpus, workers):
    if kind == "daphne":
        command = [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"]
    else:
        command = [
            str(VENV_BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "portal.wsgi:application",
        ]
    return subprocess.Popen(
        ["taskset", "-c", cpus, *command], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": rps,
        "p50": percentile("50"),
        "p99": percentile("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def run_wrk(url, args, headers=()):
    command = [
        "taskset",
        "-c",
        args.load_cpus,
        "wrk",
        "-t1",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    # A short warm-up so that imports, connections and the cache entry are in place before measuring.
    subprocess.run([*command[:4], "-c2", "-d2s", url], capture_output=True, text=True, check=True)
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(result.stdout)


def check_cache_headers(base):
    # With the local-memory cache each gunicorn worker has its own copy: ask a few times.
    hits = []
    for _ in range(6):
        with urllib.request.urlopen(base + GUIDE) as response:
            hits.append(response.headers.get("X-Page-Cache"))
    assert "hit" in hits, f"the guide page is not served from the cache: {hits}"
    request = urllib.request.Request(base + GUIDE, headers={"Cookie": UNCACHED_COOKIE})
    with urllib.request.urlopen(request) as response:
        assert response.headers.get("X-Page-Cache") is None, "a visitor with a session got a cached page"


def bench_server(kind, env, args):
    port = free_port()
    process = start_server(kind, port, env, args.server_cpus, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + TRIVIAL)
        check_cache_headers(base)
        return {
            "trivial view": run_wrk(base + TRIVIAL, args),
            "guide, cached": run_wrk(base + GUIDE, args),
            "guide, uncached": run_wrk(base + GUIDE, args, headers=[f"Cookie: {UNCACHED_COOKIE}"]),
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--servers", default="daphne,gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--server-cpus", default="0", help="taskset CPU list for the server")
    parser.add_argument("--load-cpus", default="1", help="taskset CPU list for wrk")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as var_dir:
        env = environment(var_dir)
        print("Preparing: migrate, demo data, static files…", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        cache = "Redis" if env.get("REDIS_URL") else "local memory"
        print(
            f"Database: {database}; cache: {cache}; {args.connections} connections, {args.duration} s each; "
            f"server on CPU {args.server_cpus}, wrk on CPU {args.load_cpus}; gunicorn: {args.workers} sync workers\n"
        )
        results = {kind: bench_server(kind, env, args) for kind in args.servers.split(",")}

    print(f"{'server':<10} {'page':<17} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  errors")
    for kind, rows in results.items():
        for label, row in rows.items():
            errors = row["errors"] or ""
            print(
                f"{kind:<10} {label:<17} {row['rps']:>9.0f} {row['p50']:>8.2f} {row['p99']:>8.2f}  {errors} {row['socket_errors']}"
            )
    print()
    for kind, rows in results.items():
        cached, trivial, cold = rows["guide, cached"], rows["trivial view"], rows["guide, uncached"]
        print(
            f"{kind}: cached guide = {cached['rps'] / trivial['rps']:.2f}x the trivial view (target ≥ 0.8), "
            f"{cached['rps'] / cold['rps']:.1f}x its uncached figure (target ≥ 3), "
            f"p99 {cached['p99']:.1f} ms at {args.connections} connections (target < 200)"
        )


if __name__ == "__main__":
    main()
