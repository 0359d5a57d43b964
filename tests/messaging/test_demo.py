"""The demo data: conversations and coordination threads on every case, idempotent."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

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
    # The household with an account: 4 messages; the one without: the association's first message and
    # its answer by SMS; 3 coordination messages each.
    assert (Conversation.objects.count(), Message.objects.count()) == counts == (4, 4 + 1 + 1 + 3 + 3)
    assert Message.objects.filter(via_sms=True).count() == 1
    assert not Message.objects.filter(body="").exists()


def test_demo_messages_are_written_by_day_in_order_and_before_today(association, landlord, household_user, worker):
    MembershipFactory(organisation=landlord, role="landlord_referent")
    household_case(association, landlord, household_user)
    household_case(association, landlord)
    with time_machine.travel(datetime(2026, 11, 17, 3, 30, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        demo.load()
        for conversation in Conversation.objects.all():
            messages = list(conversation.messages.order_by("seq"))
            written = [timezone.localtime(message.created_at) for message in messages]
            assert written == sorted(written)  # the order of their sequence numbers
            assert all(8 <= when.hour < 21 for when in written)  # never at night
            assert all(when.date() < timezone.localdate() for when in written)


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_load_demo_command_runs_twice():
    call_command("load_demo", stdout=io.StringIO())
    first = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    second = row_counts()
    changed = {label: (first[label], second[label]) for label in first if first[label] != second[label]}
    assert changed == {}, "une deuxième exécution de load_demo a changé ces tables (avant, après)"
    # And the demo is there to try: every role's account, cases, conversations, appointments, public pages.
    for label in [
        "portal.User",
        "portal.Membership",
        "casework.Case",
        "messaging.Conversation",
        "appointments.Appointment",
        "home.GuidePage",
    ]:
        assert second[label] > 0, label
