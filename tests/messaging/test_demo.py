"""The demo data: conversations and coordination threads on every case, idempotent."""

import pytest
from django.core.management import call_command

from messaging import demo
from messaging.models import Conversation, Message
from tests.messaging.factories import household_case
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_demo_threads_on_each_case_twice_without_change(association, landlord, household_user, worker):
    MembershipFactory(organisation=landlord, role="landlord_referent")
    household_case(association, landlord, household_user)
    household_case(association, landlord)  # no household account yet
    demo.load()
    counts = (Conversation.objects.count(), Message.objects.count())
    demo.load()
    assert (Conversation.objects.count(), Message.objects.count()) == counts == (4, 4 + 1 + 3 + 3)
    assert not Message.objects.filter(body="").exists()


def test_load_demo_command_runs_twice():
    call_command("load_demo")
    call_command("load_demo")
