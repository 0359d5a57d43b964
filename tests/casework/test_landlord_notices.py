"""The landlord is told about a case only if it may know of it (Case.landlord_may_know, the one rule): a case the
household opened itself never reaches the landlord, whatever step would tell it (closing, reopening, a broken
plan, a transfer, leaving the waiting list…). The rule is checked inside casework.notifications.notify_landlord,
so that no caller can forget it."""

import pytest
from django.core import mail

from casework import notifications, workflow
from casework.enums import Outcome
from casework.models import TimelineEvent
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_closing_a_case_the_household_opened_tells_the_landlord_nothing(programme, landlord_referent, coordinator):
    case = CaseFactory(programme=programme, established=True, from_household=True)
    workflow.close(case, coordinator, Outcome.DEBT_CLEARED)
    assert to(landlord_referent) == []
    assert not TimelineEvent.objects.filter(case=case, kind="landlord_notified").exists()


def test_closing_a_case_the_landlord_referred_tells_it(programme, landlord_referent, coordinator):
    case = CaseFactory(programme=programme, established=True)
    workflow.close(case, coordinator, Outcome.DEBT_CLEARED)
    assert len(to(landlord_referent)) == 1
    assert TimelineEvent.objects.filter(case=case, kind="landlord_notified").exists()


def test_reopening_a_case_the_household_opened_tells_the_landlord_nothing(programme, landlord_referent, coordinator):
    case = CaseFactory(programme=programme, no_contact=True, from_household=True)
    workflow.reopen(case, coordinator, "Le ménage a rappelé.")
    assert to(landlord_referent) == []


def test_the_notice_itself_refuses_a_case_the_landlord_may_not_know(programme, landlord_referent):
    case = CaseFactory(programme=programme, from_household=True)
    notifications.notify_landlord(case, "Sujet", "Corps")
    assert to(landlord_referent) == []
