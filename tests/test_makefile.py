"""The README's two commands: what `make run` and `make test` do first, read from make's own dry run."""

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def dry_run(*args):
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "-C", str(REPO), *args], capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_make_run_on_another_port_gives_links_that_port():
    lines = dry_run("run", "PORT=8202")
    server = [line for line in lines if "daphne" in line]
    assert server == [
        "PORTAL_BASE_URL=http://127.0.0.1:8202 DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/daphne -b 127.0.0.1 -p 8202 "
        "portal.asgi:application"
    ]


def test_a_base_url_given_by_the_environment_wins(monkeypatch):
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portail.example")
    server = [line for line in dry_run("run", "PORT=8202") if "daphne" in line]
    assert server[0].startswith("PORTAL_BASE_URL=https://portail.example ")


def test_both_commands_check_the_debian_packages_first():
    run, test = dry_run("run"), dry_run("test")
    assert "dpkg-query" in run[1] and "libpango-1.0-0" in run[1] and "chromium" not in run[1]  # run's subset
    assert "dpkg-query" in test[1] and "chromium" in test[1]
