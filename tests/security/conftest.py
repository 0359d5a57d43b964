"""Fixtures of the security tests: a worker and a household each with a confirmed TOTP device, a conversation."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from messaging.enums import ConversationKind
from tests.messaging.factories import conversation_of, household_case


@pytest.fixture
def worker_device(worker):
    return TOTPDevice.objects.create(user=worker, name="app", confirmed=True)


@pytest.fixture
def household_device(household_user):
    return TOTPDevice.objects.create(user=household_user, name="app", confirmed=True)


@pytest.fixture
def conversation(association, landlord, household_user):
    return conversation_of(household_case(association, landlord, household_user), ConversationKind.HOUSEHOLD)
