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
