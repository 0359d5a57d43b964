"""Fixtures for appointments: a programme, a case, its household's account, a worker with weekly windows."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from appointments.enums import AppointmentKind
from appointments.models import AppointmentType
from tests.appointments.factories import CaseFactory, ProgrammeFactory, household_member, weekly_windows

PARIS = ZoneInfo("Europe/Paris")
# Tuesday 1 December 2026, 08:00 in Paris: tests book later that week.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=PARIS)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


@pytest.fixture
def case(programme, worker):
    case = CaseFactory(programme=programme, assigned_worker=worker)
    weekly_windows(worker, programme.association)
    return case


@pytest.fixture
def household(case, household_user):
    household_user.phone = "+33600000000"
    household_user.phone_verified_at = household_user.date_joined
    household_user.reminder_by_sms = True
    household_user.save()
    household_member(case, user=household_user)
    return household_user


@pytest.fixture
def first_interview(db):
    return AppointmentType.for_kind(AppointmentKind.FIRST_INTERVIEW)


@pytest.fixture
def follow_up(db):
    return AppointmentType.for_kind(AppointmentKind.FOLLOW_UP)
