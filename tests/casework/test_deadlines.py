"""The contact clock and the length of support (casework.deadlines): each rule at its boundaries, the predicate on
a loaded case and the queryset filter always agreeing, with the programme's own days."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from casework import deadlines, periodic
from casework.enums import CaseStatus, ContactState
from casework.models import Case
from portal.enums import Role
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def agree(case, predicate, queryset_method, **when):
    """The predicate's answer, after checking the queryset filter gives the same one."""
    answer = predicate(Case.objects.select_related("programme", "referral").get(pk=case.pk), **when)
    listed = getattr(Case.objects.filter(pk=case.pk), queryset_method)(*when.values()).exists()
    assert answer == listed, f"{predicate.__name__} says {answer}, the filter {queryset_method} says {listed}"
    return answer


@pytest.mark.parametrize("contact_days", [30, 21, 45])
def test_the_deadline_uses_the_programmes_own_days(contact_days):
    programme = ProgrammeFactory(contact_deadline_days=contact_days)
    referred_on = TODAY - timedelta(days=3)
    assert deadlines.deadline_for(programme, referred_on) == referred_on + timedelta(days=contact_days)
    case = CaseFactory(programme=programme, referral__referred_on=referred_on)
    assert case.deadline == referred_on + timedelta(days=contact_days)


@pytest.mark.parametrize("warning_days", [9, 5])
@pytest.mark.parametrize(
    "from_warning_start,days,expected",
    [
        (True, -1, False),  # the day before the warning period
        (True, 0, True),  # its first day: `<=`, not `<`
        (True, 1, True),  # the day after
        (False, 0, True),  # the deadline day itself
        (False, 1, False),  # the day after the deadline: past deadline, not a warning
    ],
)
def test_warning_period_boundaries(warning_days, from_warning_start, days, expected):
    """`days` after the first day of the warning period, or after the deadline."""
    programme = ProgrammeFactory(warning_days=warning_days)
    today = TODAY + timedelta(days=days)
    deadline = TODAY + timedelta(days=warning_days) if from_warning_start else TODAY
    case = CaseFactory(programme=programme, contacting=True, deadline=deadline)
    assert agree(case, deadlines.in_warning, "in_warning", today=today) is expected


def test_each_case_is_read_with_its_own_programmes_warning_days():
    short = CaseFactory(programme=ProgrammeFactory(warning_days=3), contacting=True, deadline=TODAY + timedelta(5))
    long = CaseFactory(programme=ProgrammeFactory(warning_days=9), contacting=True, deadline=TODAY + timedelta(5))
    assert set(Case.objects.in_warning(TODAY)) == {long}
    assert not deadlines.in_warning(short, TODAY) and deadlines.in_warning(long, TODAY)


@pytest.mark.parametrize("offset,expected", [(1, False), (0, False), (-1, True)])
def test_past_deadline_is_the_day_after_the_deadline(offset, expected):
    case = CaseFactory(contacting=True, deadline=TODAY + timedelta(days=offset))
    assert agree(case, deadlines.past_deadline, "past_deadline", today=TODAY) is expected


@pytest.mark.parametrize(
    "offset,expected",
    [(-1, False), (0, True), (1, True), (14, True), (15, True), (16, False)],
    ids=["past", "deadline today", "tomorrow", "day 14", "day 15", "day 16"],
)
def test_due_within_fifteen_days_counts_today_and_the_fifteenth_day(offset, expected):
    case = CaseFactory(contacting=True, deadline=TODAY + timedelta(days=offset))
    assert agree(case, deadlines.due_within, "due_within", days=15, today=TODAY) is expected


def test_due_within_lists_no_case_whose_clock_stopped():
    case = CaseFactory(reached_out=True, deadline=TODAY + timedelta(days=3))
    assert agree(case, deadlines.due_within, "due_within", days=15, today=TODAY) is False


@pytest.mark.parametrize(
    "traits",
    [
        {"reached_out": True},
        {"established": True},
        {"outside_criteria": True, "status": CaseStatus.CONTACTING},
        {"no_contact": True},
        {"closed": True},
    ],
    ids=["reached out", "contact established", "outside criteria awaiting a decision", "no contact", "closed"],
)
@pytest.mark.parametrize("offset", [3, -1], ids=["in warning", "past deadline"])
def test_the_clock_stops(traits, offset):
    case = CaseFactory(**traits, deadline=TODAY + timedelta(days=offset))
    assert agree(case, deadlines.in_warning, "in_warning", today=TODAY) is False
    assert agree(case, deadlines.past_deadline, "past_deadline", today=TODAY) is False


def test_an_accepted_referral_outside_the_criteria_runs_the_clock():
    case = CaseFactory(outside_criteria=True, contacting=True, deadline=TODAY + timedelta(days=2))
    case.referral.accepted_at = timezone.now()
    case.referral.save(update_fields=["accepted_at"])
    assert agree(case, deadlines.in_warning, "in_warning", today=TODAY) is True


def test_a_reopened_case_whose_household_reached_out_before_no_contact_runs_the_clock_again():
    now = timezone.now()
    case = CaseFactory(
        contacting=True,
        deadline=TODAY + timedelta(days=2),
        household_reached_out_at=now - timedelta(days=40),
        no_contact_at=now - timedelta(days=10),
        reopened_at=now - timedelta(days=1),
    )
    assert deadlines.contact_state(case) == ContactState.NONE
    assert agree(case, deadlines.in_warning, "in_warning", today=TODAY) is True


@pytest.mark.parametrize("offset,expected", [(0, False), (-1, True)])
def test_reached_out_and_unconfirmed_after_the_deadline(offset, expected):
    case = CaseFactory(reached_out=True, deadline=TODAY + timedelta(days=offset))
    assert agree(case, deadlines.reached_out_past_deadline, "reached_out_past_deadline", today=TODAY) is expected


@pytest.mark.parametrize("months", [3, 2])
@pytest.mark.parametrize("minutes,expected", [(-1, False), (0, False), (1, True)])
def test_support_overdue_after_the_programmes_expected_length(months, minutes, expected):
    """Overdue strictly after contact + months × 30.44 days (rounded), with the programme's own months."""
    established = timezone.now() - timedelta(days=400)
    case = CaseFactory(
        programme=ProgrammeFactory(expected_support_months=months), in_support=True, contact_established_at=established
    )
    end = established + timedelta(days=round(30.44 * months))
    assert agree(case, deadlines.support_overdue, "support_overdue", now=end + timedelta(minutes=minutes)) is expected


def test_support_is_not_overdue_before_support():
    case = CaseFactory(established=True, contact_established_at=timezone.now() - timedelta(days=400))
    assert agree(case, deadlines.support_overdue, "support_overdue", now=timezone.now()) is False


def test_run_deadlines_flags_a_household_that_reached_out_to_the_coordinator_once(association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    coordinator = MembershipFactory(organisation=association, role=Role.COORDINATOR).user
    MembershipFactory(organisation=landlord, role=Role.LANDLORD_REFERENT)
    case = CaseFactory(programme=programme, reached_out=True, deadline=TODAY - timedelta(days=1))
    counts = periodic.run_deadlines(TODAY)
    assert counts["flagged"] == 1 and counts["no_contact"] == 0
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert case.household.display_name not in mail.outbox[0].body  # discreet: a link, no name
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTING and case.landlord_notified_at is None
    assert case.timeline.filter(kind="reached_out_past_deadline").count() == 1
    assert periodic.run_deadlines(TODAY)["flagged"] == 0
    assert len(mail.outbox) == 1
