"""The test harness itself: a required service that is missing fails the run; Django's async guard stays on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live import free_port

REPO = Path(__file__).resolve().parent.parent

TINY_TEST = """
import pytest


@pytest.mark.redis
def test_needs_redis():
    pass


@pytest.mark.browser
def test_needs_a_browser():
    pass


def test_needs_nothing():
    pass
"""


def run_tiny_suite(tmp_path, **env):
    """Run pytest on a two-test module with this repository's settings and conftest, in a fresh process."""
    module = tmp_path / "test_tiny.py"
    module.write_text(TINY_TEST)
    # The repository's hooks and fixtures, loaded as a conftest (after pytest-django has set Django up).
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("REQUIRE_", "PYTEST_"))}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--rootdir",
            str(REPO),
            "-c",
            str(REPO / "pyproject.toml"),
            "-q",
            str(module),
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def closed_redis_url():
    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


def test_required_redis_on_a_closed_port_fails_the_run_naming_it(tmp_path, closed_redis_url):
    result = run_tiny_suite(tmp_path, REQUIRE_SERVICES="1", REDIS_URL=closed_redis_url)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Redis n'est pas joignable (REDIS_URL)" in output
    assert "test_needs_redis" in output
    assert " passed" not in output  # stopped before running anything


def test_without_require_services_a_missing_redis_is_a_skip(tmp_path, closed_redis_url):
    result = run_tiny_suite(tmp_path, REDIS_URL=closed_redis_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 1 skipped" in result.stdout  # the Redis test skipped; the browser test ran


def test_required_browser_without_chromium_fails_the_run_naming_it(tmp_path):
    result = run_tiny_suite(tmp_path, REQUIRE_BROWSER="1", CHROMIUM_PATH=str(tmp_path / "no-chromium"))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"Chromium ({tmp_path / 'no-chromium'}) n'est pas installé" in output
    assert "test_needs_a_browser" in output
    assert "Redis" not in output  # REQUIRE_BROWSER alone (CI's pass 1) does not require Redis


def test_django_async_guard_is_on_outside_browser_tests():
    # Browser tests run last and only they set it (tests/conftest.py): every other test keeps Django's guard.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
