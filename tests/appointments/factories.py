"""Appointment test helpers on top of casework's factories: a household member with an account, weekly windows."""

from datetime import time

from appointments.models import AvailabilityWindow
from casework.models import HouseholdMember
from tests.casework.factories import CaseFactory, ProgrammeFactory

__all__ = ["CaseFactory", "ProgrammeFactory", "household_member", "weekly_windows"]

ALL_DAYS = tuple(range(7))


def household_member(case, user=None, **extra):
    return HouseholdMember.objects.create(
        household=case.household, user=user, first_name="Samia", last_name="Dupontel", **extra
    )


def weekly_windows(worker, association, weekdays=ALL_DAYS, start=time(9), end=time(19)):
    return [
        AvailabilityWindow.objects.create(
            worker=worker, association=association, weekday=d, start_time=start, end_time=end
        )
        for d in weekdays
    ]
