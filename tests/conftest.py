"""Shared test fixtures: service markers, signed-in clients per role, the browser harness."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.enums import OrganisationKind, Role
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

# REQUIRE_SERVICES=1 (CI's pass 2): a test whose service is missing fails the run instead of being skipped.
# REQUIRE_BROWSER=1 (CI's pass 1): the same for the browser tests alone, so CI never passes without them.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REQUIRE_BROWSER = REQUIRE_SERVICES or os.environ.get("REQUIRE_BROWSER") == "1"
# Debian's Chromium (debian-packages.txt); another path only to try the harness itself.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _redis_reachable():
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _chromium_available():
    return os.path.exists(CHROMIUM)


CLAMD = "/usr/sbin/clamd"


@pytest.hookimpl(trylast=True)  # after pytest-django's own reordering and after -m/-k deselection
def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    on_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    redis_ok = _redis_reachable()
    # Browser tests last: Playwright's sync API leaves an event loop running in the main thread for the rest of
    # the session, which would break the async (websocket) tests and async_to_sync calls collected after them.
    items.sort(key=lambda item: "browser" in item.keywords)
    required_missing = {}
    for item in items:
        missing = []
        if "postgres" in item.keywords and not on_postgres:
            missing.append(("PostgreSQL n'est pas configuré (DATABASE_URL)", REQUIRE_SERVICES))
        if "sqlite" in item.keywords and not on_sqlite:
            item.add_marker(pytest.mark.skip(reason="test propre à SQLite"))
        if "redis" in item.keywords and not redis_ok:
            missing.append(("Redis n'est pas joignable (REDIS_URL)", REQUIRE_SERVICES))
        if "clamav" in item.keywords and not os.path.exists(CLAMD):
            missing.append((f"ClamAV ({CLAMD}, paquet Debian clamav-daemon) n'est pas installé", REQUIRE_SERVICES))
        if "browser" in item.keywords and not _chromium_available():
            missing.append((f"Chromium ({CHROMIUM}) n'est pas installé", REQUIRE_BROWSER))
        for reason, required in missing:
            if required:
                required_missing.setdefault(reason, []).append(item.nodeid)
            else:
                item.add_marker(pytest.mark.skip(reason=reason))
    if required_missing:
        # A skip, an xfail or even an xfail(run=False) would let the run exit 0: stop it before any test runs.
        lines = [
            f"{reason} : {len(nodeids)} test(s), dont {nodeids[0]}" for reason, nodeids in required_missing.items()
        ]
        pytest.exit("Service requis absent — " + " ; ".join(lines), returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session", autouse=True)
def _asgi_application_imported(django_test_environment):
    """The ASGI module, imported once before the first test runs: its import calls django.setup() again, which
    reconfigures logging and drops pytest's log capture for the rest of the test that imports it first (run alone,
    such a test saw nothing in caplog). After the test environment is set up: the origin check it builds reads
    ALLOWED_HOSTS as the tests see it."""
    import portal.asgi  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    from messaging import notifications

    cache.clear()
    notifications._local_claims.clear()  # this process's copy of the claims kept in the cache
    yield
    cache.clear()
    notifications._local_claims.clear()


@pytest.fixture(autouse=True)
def _closed_breakers():
    """Each test starts with the cache and the channel layer reachable, whatever an earlier test made fail."""
    from portal import layers, resilience

    for breaker in (layers.breaker, resilience.cache_breaker):
        breaker.succeeded()


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def verify_client(client, user):
    """Sign a test client in with a verified second factor, as after password + TOTP."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def association(db):
    return OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association test")


@pytest.fixture
def landlord(db):
    return OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur test")


@pytest.fixture
def worker(association):
    return MembershipFactory(organisation=association, role=Role.WORKER).user


@pytest.fixture
def coordinator(association):
    return MembershipFactory(organisation=association, role=Role.COORDINATOR).user


@pytest.fixture
def landlord_referent(landlord):
    return MembershipFactory(organisation=landlord, role=Role.LANDLORD_REFERENT).user


@pytest.fixture
def household_user(db):
    return UserFactory(confirmed=True)


@pytest.fixture
def verified_client(client):
    """A callable: verified_client(user) returns the client signed in with a verified second factor."""

    def make(user):
        return verify_client(client, user)

    return make


# Browser harness: Playwright on Debian's Chromium (pytest-playwright provides `page` and `browser`).
@pytest.fixture(scope="session")
def _async_unsafe_from_the_browser_on():
    """Playwright's sync API keeps an event loop running in the main thread from the first browser test on; Django
    then refuses ORM calls from the tests, their fixtures and the database teardown unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set (docs/stack-notes.md). Only the browser fixtures request this, and browser tests run last: the rest of
    the suite keeps Django's guard."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _async_unsafe_from_the_browser_on):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Threads, live servers and subprocesses may leave connections to the test database open; PostgreSQL then
    refuses to drop it at the end of the run. Close them before pytest-django's teardown."""
    yield
    from django.db import connection, connections

    connections.close_all()
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()
