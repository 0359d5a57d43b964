"""The repayment-plan rule: one pure function, a state « à venir » before the first instalment, plans by steps."""

from datetime import date
from decimal import Decimal

import pytest

from casework.models import ArrearsStatement, RepaymentPlan
from tests.casework.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(strict=True, reason="defect: issue 15, fixed in the next commit")
def test_a_plan_starting_next_year_is_not_respected_yet():
    case = CaseFactory()
    plan = RepaymentPlan.objects.create(
        case=case, start_date=date(2027, 1, 5), start_balance=Decimal("600"), monthly_instalment=50, duration_months=12
    )
    ArrearsStatement.objects.create(case=case, statement_date=date(2026, 11, 28), balance=Decimal("600"))
    assert plan.status(today=date(2026, 11, 30)) == "upcoming"
