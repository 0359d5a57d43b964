"""The repayment-plan rule: one pure function, a state « à venir » before the first instalment, plans by steps."""

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import pytest

from casework import plans
from casework.enums import PlanStatus
from casework.forms import RepaymentPlanForm
from tests.casework.factories import ArrearsStatementFactory, CaseFactory, ProgrammeFactory, RepaymentPlanFactory


@pytest.mark.django_db
def test_a_plan_starting_next_year_is_not_respected_yet():
    plan = RepaymentPlanFactory(start_date=date(2027, 1, 5), start_balance=Decimal("600"))
    ArrearsStatementFactory(case=plan.case, statement_date=date(2026, 11, 28), balance=Decimal("600"))
    assert plan.status(today=date(2026, 11, 30)) == PlanStatus.UPCOMING


# The pure rule: no database. A plan of 600 € from 05/01/2027, 40 € for 3 months then 60 € (tolerance 20 €):
# due on 05/02, 05/03, 05/04 (40 €) then from 05/05 (60 €).
STEPS = [plans.Step(3, Decimal("40")), plans.Step(9, Decimal("60"))]
START = date(2027, 1, 5)


class Statement(NamedTuple):
    statement_date: date
    balance: Decimal


def state(statements, today, steps=STEPS):
    return plans.plan_state(
        start_date=START,
        start_balance=Decimal("600"),
        steps=steps,
        tolerance=Decimal("20"),
        statements=[Statement(d, Decimal(b)) for d, b in statements],
        today=today,
    )


@pytest.mark.parametrize(
    "today,expected",
    [
        (date(2027, 1, 4), PlanStatus.UPCOMING),  # the day before the start
        (date(2027, 1, 5), PlanStatus.UPCOMING),  # the start: no instalment due yet
        (date(2027, 2, 4), PlanStatus.UPCOMING),  # the day before the first instalment
        (date(2027, 2, 5), PlanStatus.RESPECTED),  # the first instalment's day, its statement in hand
    ],
)
def test_upcoming_until_the_first_instalment(today, expected):
    assert state([(date(2027, 2, 5), "560")], today) == expected


@pytest.mark.parametrize(
    "balance,expected",
    [("580.00", PlanStatus.RESPECTED), ("580.01", PlanStatus.BROKEN)],  # expected 560 + tolerance 20
)
def test_tolerance_boundary_to_the_cent(balance, expected):
    assert state([(date(2027, 2, 5), balance)], date(2027, 2, 10)) == expected


@pytest.mark.parametrize(
    "balance,expected",
    # On 05/05 three instalments of 40 and one of 60 are due: 600 − 180 = 420, plus 20 of tolerance.
    [("440.00", PlanStatus.RESPECTED), ("440.01", PlanStatus.BROKEN)],
)
def test_on_a_step_change_the_new_instalment_counts(balance, expected):
    history = [(date(2027, 2, 5), "560"), (date(2027, 3, 5), "520"), (date(2027, 4, 5), "480")]
    assert state([*history, (date(2027, 5, 5), balance)], date(2027, 5, 6)) == expected


def test_a_month_missing_is_unknown_never_broken():
    assert state([(date(2027, 2, 5), "560")], date(2027, 3, 6)) == PlanStatus.UNKNOWN


def test_a_statement_before_the_first_due_date_never_breaks_the_plan():
    assert state([(date(2027, 1, 20), "900"), (date(2027, 2, 5), "560")], date(2027, 2, 6)) == PlanStatus.RESPECTED


@pytest.mark.parametrize("today", [date(2027, 12, 6), date(2028, 1, 6)], ids=["month 11", "last month"])
def test_instalments_beyond_the_debt_never_expect_less_than_zero(today):
    """12 × 60 € scheduled for a debt of 600 €: from the 11th instalment the expected balance is 0 €, never below,
    so a debt cleared (a balance of 0 €) respects the plan."""
    steps = [plans.Step(12, Decimal("60"))]
    assert plans.expected_balance(Decimal("600"), plans.schedule(START, steps), today) == Decimal(0)
    assert state([(today - timedelta(days=1), "0")], today, steps=steps) == PlanStatus.RESPECTED


def test_a_statement_after_today_is_not_read():
    assert state([(date(2027, 2, 5), "560"), (date(2027, 3, 5), "900")], date(2027, 3, 4)) == PlanStatus.RESPECTED


@pytest.mark.django_db
def test_the_model_and_the_indicators_read_the_same_rule(programme_with_tolerance):
    case = CaseFactory(programme=programme_with_tolerance, in_support=True)
    plan = RepaymentPlanFactory(
        case=case, start_date=START, start_balance=Decimal("600"), monthly_instalment=Decimal("40"), duration_months=3
    )
    plan.later_steps = [STEPS[1].as_dict()]
    plan.save()
    statements = [Statement(date(2027, 2, 5), Decimal("560")), Statement(date(2027, 5, 5), Decimal("440.01"))]
    assert plan.steps == STEPS
    assert plan.evaluate(statements, today=date(2027, 5, 6)) == PlanStatus.BROKEN
    assert plan.description == "40,00\xa0€ par mois pendant 3 mois, puis 60,00\xa0€ par mois pendant 9 mois"


@pytest.fixture
def programme_with_tolerance(db):
    return ProgrammeFactory(repayment_tolerance=Decimal("20"))


@pytest.mark.django_db
def test_a_plan_by_steps_is_recorded_from_the_form():
    case = CaseFactory(in_support=True)
    data = {
        "plan-start_date": "2027-01-05",
        "plan-start_balance": "600",
        "plan-monthly_instalment": "40",
        "plan-duration_months": "3",
        "plan-later_steps_text": "9 × 60",
    }
    form = RepaymentPlanForm(data, prefix="plan")
    assert form.is_valid(), form.errors
    plan = form.save(commit=False)
    plan.case = case
    plan.save()
    plan.refresh_from_db()
    assert plan.later_steps == [{"months": 9, "instalment": "60"}]
    assert plan.steps == STEPS


@pytest.mark.parametrize(
    "text,message",
    [
        ("9 mois", "Ligne 1 : écrivez « nombre de mois × mensualité »"),
        ("neuf × 60", "ne se lit pas"),
        ("0 × 60", "entre 1 et 120 mois"),
        ("9 × 0", "montant positif"),
        ("2 × 60", "la dette ne serait pas soldée"),
    ],
)
def test_bad_steps_get_a_french_message_next_to_the_field_and_keep_the_text(text, message):
    data = {
        "plan-start_date": "2027-01-05",
        "plan-start_balance": "600",
        "plan-monthly_instalment": "40",
        "plan-duration_months": "3",
        "plan-later_steps_text": text,
    }
    form = RepaymentPlanForm(data, prefix="plan")
    assert not form.is_valid()
    assert any(message in error for error in form.errors["later_steps_text"])
    assert form["later_steps_text"].value() == text
