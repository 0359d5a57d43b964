"""Settings that fail safe: production refuses to start without its services and secrets; the entry points
default to production and `make run` passes the development settings itself."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 60 + "-Az9!kq",
    "ALLOWED_HOSTS": "portail.example.org",
    "DATABASE_URL": "sqlite:////tmp/portal-fail-safe.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def clean_environment(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "DJANGO_SETTINGS_MODULE"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {**env, **extra}


def import_settings(module, env):
    code = f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', {module!r}); django.setup()"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION.keys() - {"ALLOWED_HOSTS"}))
def test_production_settings_refuse_to_start_without(missing, tmp_path):
    env = clean_environment(**{k: v for k, v in PRODUCTION.items() if k != missing}, PORTAL_VAR_DIR=str(tmp_path))
    result = import_settings("portal.settings.production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


@pytest.mark.parametrize("entry_point", ["portal.wsgi", "portal.asgi"])
def test_entry_points_default_to_production(entry_point, tmp_path):
    code = f"import {entry_point}; from django.conf import settings; print(settings.SETTINGS_MODULE)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_environment(**PRODUCTION, PORTAL_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "portal.settings.production", result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_run_serves_the_health_check_with_development_settings(tmp_path):
    port = free_port()
    dry_run = subprocess.run(
        ["make", "-n", "run", f"PORT={port}", "HOST=127.0.0.1"], cwd=BASE_DIR, capture_output=True, text=True
    )
    command = next(line for line in dry_run.stdout.splitlines() if "daphne" in line)
    assert "DJANGO_SETTINGS_MODULE=portal.settings.dev" in command
    server = subprocess.Popen(
        command,
        shell=True,  # noqa: S602 — the Makefile's own command line, as `make run` runs it
        cwd=BASE_DIR,
        env=clean_environment(PORTAL_VAR_DIR=str(tmp_path)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2) as response:  # noqa: S310
                    status = response.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
        server.stderr.close()
