"""« Plan non respecté » has one reading: the state of the case's plan in force (casework.plans.in_force). A plan
renegotiated replaces the earlier one; the earlier one's state is history — never an alert, an open section, a
landlord's badge, a meeting item or an indicator."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework import agenda, arrears, plans
from casework.enums import PlanStatus
from casework.evaluation import indicators
from casework.evaluation.indicators import Period
from casework.models import RepaymentPlan
from tests.casework.factories import ArrearsStatementFactory, CaseFactory, ProgrammeFactory, RepaymentPlanFactory
from tests.casework.test_case_hub import page, section_open


def plan(pk, start):
    return SimpleNamespace(pk=pk, case_id=1, start_date=start)


FIRST, SECOND = date(2026, 6, 1), date(2026, 11, 1)


@pytest.mark.parametrize(
    "on,expected",
    [
        (date(2026, 5, 31), 1),  # before any plan started: the next to start
        (date(2026, 6, 1), 1),  # the first one's start
        (date(2026, 10, 31), 1),  # the day before the second one starts
        (date(2026, 11, 1), 2),  # the day it starts: it replaces the first
        (date(2026, 11, 2), 2),
    ],
)
def test_the_plan_in_force_is_the_last_started(on, expected):
    assert plans.in_force([plan(1, FIRST), plan(2, SECOND)], on).pk == expected


def test_two_plans_starting_the_same_day_the_last_recorded_is_in_force():
    assert plans.in_force([plan(3, FIRST), plan(4, FIRST)], FIRST).pk == 4
    assert plans.in_force([plan(4, FIRST), plan(3, FIRST)], FIRST).pk == 4


def test_no_plan_none_in_force():
    assert plans.in_force([], FIRST) is None
    assert plans.in_force_by_case([], FIRST) == {}


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, repayment_tolerance=Decimal("20"))


@pytest.fixture
def renegotiated(programme):
    """A plan broken months ago, replaced ten days ago by a new plan whose first instalment is not due yet."""
    today = timezone.localdate()
    case = CaseFactory(programme=programme, in_support=True)
    old = RepaymentPlanFactory(
        case=case, start_date=today - timedelta(days=180), start_balance=Decimal("600"), monthly_instalment=50
    )
    ArrearsStatementFactory(case=case, statement_date=today - timedelta(days=20), balance=Decimal("600"))
    new = RepaymentPlanFactory(
        case=case, start_date=today - timedelta(days=10), start_balance=Decimal("600"), monthly_instalment=30
    )
    assert old.status() == PlanStatus.BROKEN and new.status() == PlanStatus.UPCOMING
    return case


def test_a_replaced_plan_is_not_broken_for_the_rule(renegotiated):
    assert arrears.broken_case_ids(RepaymentPlan.objects.all()) == set()


def test_a_replaced_plan_sends_no_alert(renegotiated):
    mail.outbox.clear()
    assert arrears.check_plans(case=renegotiated) == 0
    assert not RepaymentPlan.objects.filter(broken_alerted_at__isnull=False).exists()
    assert mail.outbox == []


def test_the_plan_in_force_broken_alerts_once(renegotiated):
    """The new plan broken in its turn: one alert, then none."""
    later = timezone.localdate() + timedelta(days=40)
    ArrearsStatementFactory(case=renegotiated, statement_date=later, balance=Decimal("600"))
    assert arrears.check_plans(case=renegotiated, today=later) == 1
    assert arrears.check_plans(case=renegotiated, today=later) == 0
    assert arrears.broken_case_ids(RepaymentPlan.objects.all(), later) == {renegotiated.pk}


def test_the_meeting_agenda_does_not_list_a_replaced_plan(renegotiated, programme):
    assert "plan_broken" not in agenda.reasons_by_case(programme).get(renegotiated.pk, [])


def test_the_case_page_keeps_the_plan_section_folded_and_says_replaced(renegotiated, worker, verified_client):
    html = page(verified_client(worker), renegotiated)
    assert not section_open(html, "plan")
    assert "remplacé par un plan plus récent" in html
    assert "(plan en vigueur)" in html


def test_the_landlord_reads_the_plan_in_force(renegotiated, landlord_referent, verified_client):
    response = verified_client(landlord_referent).get(reverse("casework:landlord_dashboard"))
    html = response.content.decode()
    assert "Plan : À venir" in html
    assert "Plan : Non respecté" not in html


def test_the_indicators_count_the_plan_in_force(renegotiated, programme):
    today = timezone.localdate()
    period = Period(today - timedelta(days=365), today)
    result = indicators.compute(programme, period, today=today)
    assert result.plans_set_up == 1
    assert result.plan_states[PlanStatus.BROKEN] == 0
    assert result.plan_states[PlanStatus.UPCOMING] == 1
