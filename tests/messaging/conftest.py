"""Fixtures of the messaging tests: a case between the test association and landlord, and its two threads."""

import pytest

from messaging.enums import ConversationKind
from tests.live import daphne_live_server, private_redis  # noqa: F401 — fixtures for this package
from tests.messaging.factories import conversation_of, household_case


@pytest.fixture
def case(association, landlord, household_user):
    return household_case(association, landlord, household_user)


@pytest.fixture
def conversation(case):
    return conversation_of(case, ConversationKind.HOUSEHOLD)


@pytest.fixture
def coordination(case):
    return conversation_of(case, ConversationKind.COORDINATION)


@pytest.fixture(scope="session", autouse=True)
def _close_pool_thread_connections(django_db_setup, django_db_blocker):
    """On PostgreSQL, end the sessions worker threads left open on the test database before it is dropped.

    Consumers run their ORM work in pool threads (thread_sensitive=False); a thread idle at the end of the run
    still holds its connection, and dropping the test database would fail with "accessed by other users".
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
