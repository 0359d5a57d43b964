"""The measure date's boundaries in the indicators and the contact funnel (docs/evaluation.md).

Everything is measured « by the measure date »: the whole measure day counts, in local time (Europe/Paris), up to
its last instant (`indicators.end_of(measured_on)`, 23:59:59.999999); the next day's first instant, a microsecond
later, no longer counts. Here the period is April–June 2026, measured on 30 June (the report is made later)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from casework.enums import Outcome
from casework.evaluation import funnel, indicators
from casework.evaluation.indicators import Period
from casework.models import Handover
from portal.enums import OrganisationKind
from tests.evaluation.factories import at, evaluation_programme, handover, invited_case, make_case, statement
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

REFERRED = date(2026, 4, 1)
MEASURED_ON = date(2026, 6, 30)
PERIOD = Period(REFERRED, MEASURED_ON)
TODAY = date(2026, 12, 31)

DAY_BEFORE = at(date(2026, 6, 29), 17)
MEASURE_DAY = at(MEASURED_ON, 17)
LAST_INSTANT = timezone.make_aware(datetime(2026, 6, 30, 23, 59, 59, 999999))
NEXT_DAY_FIRST_INSTANT = timezone.make_aware(datetime(2026, 7, 1, 0, 0, 0))
NEXT_DAY = at(date(2026, 7, 1), 10)

# (instant, counted?) around the measure date, for every « by the measure date » rule.
AROUND_THE_CUTOFF = [
    pytest.param(DAY_BEFORE, True, id="day-before"),
    pytest.param(MEASURE_DAY, True, id="measure-day"),
    pytest.param(LAST_INSTANT, True, id="last-instant-of-the-measure-day"),
    pytest.param(NEXT_DAY_FIRST_INSTANT, False, id="one-microsecond-later"),
    pytest.param(NEXT_DAY, False, id="next-day"),
]


def test_the_cutoff_is_the_last_instant_of_the_measure_day():
    assert indicators.end_of(MEASURED_ON) == LAST_INSTANT
    assert LAST_INSTANT + timedelta(microseconds=1) == NEXT_DAY_FIRST_INSTANT


@pytest.fixture
def programme():
    return evaluation_programme()


@pytest.mark.parametrize("closed_at,counted", AROUND_THE_CUTOFF)
def test_a_case_closed_by_the_end_of_the_measure_day_counts_with_its_outcome(programme, closed_at, counted):
    """Outcomes and failures: the cases closed by the measure date, the measure day included."""
    make_case(programme, REFERRED, contacted_on=date(2026, 4, 2), closed_on=closed_at, outcome=Outcome.REFUSAL)
    ind = indicators.compute(programme, PERIOD, today=TODAY)
    assert ind.measured_on == MEASURED_ON
    assert (ind.closed, ind.failures[Outcome.REFUSAL]) == ((1, 1) if counted else (0, 0))


@pytest.mark.parametrize("contacted_at,counted", AROUND_THE_CUTOFF)
def test_a_contact_established_by_the_end_of_the_measure_day_is_treated(programme, contacted_at, counted):
    """Treated: contact established by the measure date, the measure day included."""
    make_case(programme, REFERRED, contacted_on=contacted_at)
    ind = indicators.compute(programme, PERIOD, today=TODAY)
    assert ind.treated == (1 if counted else 0)
    assert ind.contact_delays == ([(timezone.localtime(contacted_at).date() - REFERRED).days] if counted else [])


def _tenancy(ind, months):
    return next((t.closed, t.in_place) for t in ind.tenancy if t.months == months)


@pytest.mark.parametrize(
    "measured_on,counted",
    [
        pytest.param(date(2026, 10, 14), False, id="the-day-before-the-six-months"),
        pytest.param(date(2026, 10, 15), True, id="six-months-to-the-day"),
        pytest.param(date(2026, 10, 16), True, id="the-day-after"),
    ],
)
def test_the_tenancy_is_measured_once_the_closure_is_six_months_old_on_the_measure_day(programme, measured_on, counted):
    """Tenancy after closure: the closed cases whose closure is 6 months old on the measure date (closed on 15 April,
    six months old on 15 October, that day included)."""
    make_case(programme, REFERRED, contacted_on=date(2026, 4, 2), closed_on=date(2026, 4, 15), outcome=Outcome.TRANSFER)
    ind = indicators.compute(programme, Period(REFERRED, measured_on), today=TODAY)
    assert _tenancy(ind, 6) == ((1, 1) if counted else (0, 0))


@pytest.mark.parametrize(
    "ended_on,in_place",
    [
        pytest.param(date(2026, 10, 14), False, id="ended-the-day-before-the-horizon"),
        pytest.param(date(2026, 10, 15), False, id="ended-on-the-horizon"),
        pytest.param(date(2026, 10, 16), True, id="ended-the-day-after-the-horizon"),
        pytest.param(None, True, id="not-ended"),
    ],
)
def test_a_tenancy_ended_on_the_horizon_is_no_longer_in_place(programme, ended_on, in_place):
    """Tenancy after closure: in place if not ended by the horizon (closure + 6 months, 15 October); a tenancy ended
    on the horizon day itself has ended by then."""
    make_case(
        programme, REFERRED, contacted_on=date(2026, 4, 2), closed_on=date(2026, 4, 15), outcome=Outcome.TRANSFER,
        ended_on=ended_on,
    )  # fmt: skip
    ind = indicators.compute(programme, Period(REFERRED, date(2026, 12, 31)), today=TODAY)
    assert _tenancy(ind, 6) == (1, 1 if in_place else 0)


@pytest.mark.parametrize(
    "waitlisted,admitted_on,waiting",
    [
        pytest.param(True, date(2026, 6, 29), False, id="taken-off-the-day-before"),
        pytest.param(True, MEASURED_ON, False, id="taken-off-on-the-measure-day"),
        pytest.param(True, date(2026, 7, 1), True, id="taken-off-the-next-day"),
        pytest.param(True, None, True, id="still-waiting"),
        pytest.param(False, None, False, id="never-waited"),
    ],
)
def test_a_case_taken_off_the_waiting_list_on_the_measure_day_no_longer_waits(
    programme, waitlisted, admitted_on, waiting
):
    """En liste d'attente à la date de mesure (docs/rules.md § 2): the clock starts the day the case leaves the list,
    so a case taken off on the measure day is no longer waiting then; a case referred that day never waited."""
    make_case(programme, MEASURED_ON, waitlisted=waitlisted, admitted_on=admitted_on)
    ind = indicators.compute(programme, PERIOD, today=TODAY)
    assert ind.waiting == (1 if waiting else 0)


@pytest.mark.parametrize("created_at,counted", AROUND_THE_CUTOFF)
def test_a_handover_created_by_the_end_of_the_measure_day_counts(programme, created_at, counted):
    """Handovers: those created by the measure date, the measure day included."""
    case = make_case(programme, REFERRED, contacted_on=date(2026, 4, 2))
    item = handover(case, OrganisationFactory(kind=OrganisationKind.PARTNER, name="CCAS d'Orléans"), REFERRED)
    Handover.objects.filter(pk=item.pk).update(created_at=created_at)
    ind = indicators.compute(programme, PERIOD, today=TODAY)
    assert (ind.handovers, ind.handover_services) == ((1, {"CCAS d'Orléans": 1}) if counted else (0, {}))


@pytest.mark.parametrize(
    "statement_on,counted",
    [
        pytest.param(date(2026, 4, 29), False, id="63-days-before-the-horizon"),
        pytest.param(date(2026, 4, 30), True, id="62-days-before-the-horizon"),
        pytest.param(date(2026, 7, 1), True, id="on-the-horizon"),
        pytest.param(date(2026, 7, 2), False, id="the-day-after-the-horizon"),
    ],
)
def test_the_arrears_three_months_after_read_a_statement_of_the_62_days_up_to_the_horizon(
    programme, statement_on, counted
):
    """Arrears after 3 months: referred on 1 April, the horizon is 1 July; a statement counts if dated from 62 days
    before it (30 April) to the horizon itself."""
    case = make_case(programme, REFERRED, arrears=Decimal("1000"))
    statement(case, statement_on, "400")
    ind = indicators.compute(programme, Period(REFERRED, date(2026, 7, 31)), today=TODAY)
    three = ind.arrears[0]
    assert three.months == 3
    assert (three.cases, three.at_referral, three.after) == ((1, 1000, 400) if counted else (0, 0, 0))


@pytest.mark.parametrize("step", ["opened", "account"])
@pytest.mark.parametrize("reached_at,counted", AROUND_THE_CUTOFF)
def test_the_funnel_counts_the_link_opened_and_the_account_created_by_the_end_of_the_measure_day(
    programme, step, reached_at, counted
):
    """Entonnoir : « Lien ouvert » et « Compte créé » comptent à la date de mesure, le jour de mesure compris."""
    invited_case(programme, REFERRED, **{"opened_on" if step == "opened" else "account_on": reached_at})
    result = funnel.compute(programme, PERIOD, today=TODAY)
    assert result.columns[funnel.ALL].counts[step] == (1 if counted else 0)


@pytest.mark.parametrize("contacted_at,counted", AROUND_THE_CUTOFF)
def test_the_funnel_counts_a_contact_established_by_the_end_of_the_measure_day(programme, contacted_at, counted):
    """Entonnoir : « Contact établi » comme les indicateurs, le jour de mesure compris ; son délai aussi."""
    invited_case(programme, REFERRED, contacted_on=contacted_at)
    column = funnel.compute(programme, PERIOD, today=TODAY).columns[funnel.ALL]
    assert column.counts["contact"] == (1 if counted else 0)
    assert len(column.delays) == (1 if counted else 0)


ACCEPTED = date(2026, 4, 20)  # a referral outside the criteria, referred on 1 April, accepted on 20 April


@pytest.mark.parametrize(
    "contacted_on,within",
    [
        pytest.param(date(2026, 5, 19), True, id="the-day-before-the-deadline"),
        pytest.param(date(2026, 5, 20), True, id="the-deadline-day"),
        pytest.param(date(2026, 5, 21), False, id="the-day-after"),
    ],
)
def test_the_deadline_of_a_referral_accepted_outside_the_criteria_runs_from_its_acceptance(
    programme, contacted_on, within
):
    """docs/rules.md § 1–2: the case's own deadline is 30 days after the acceptance (casework.workflow.accept_referral,
    20 May), and so is the indicators' and the funnel's; its delay runs from the acceptance too. Counted from the
    referral, a contact on 10 May already read as late."""
    make_case(programme, REFERRED, eligible=False, accepted_on=ACCEPTED, contacted_on=contacted_on)
    ind = indicators.compute(programme, PERIOD, today=TODAY)
    assert (ind.deadline_due, ind.within_deadline) == (1, 1 if within else 0)
    assert ind.contact_delays == [(contacted_on - ACCEPTED).days]
    column = funnel.compute(programme, PERIOD, today=TODAY).columns[funnel.ALL]
    assert (column.deadline_due, column.within_deadline) == (1, 1 if within else 0)
    assert column.delays == [(contacted_on - ACCEPTED).days]


def test_a_referral_outside_the_criteria_not_accepted_has_no_deadline_in_the_funnel(programme):
    """Its clock has not started (a coordinator has not decided): it is never due, as in the indicators."""
    make_case(programme, REFERRED, eligible=False)
    column = funnel.compute(programme, PERIOD, today=TODAY).columns[funnel.ALL]
    assert (column.deadline_due, column.within_deadline) == (0, 0)
    assert column.counts["referred"] == 1


def test_the_delay_of_a_case_taken_off_the_waiting_list_runs_from_that_day(programme):
    """Its waiting-list time is not the association's delay (docs/rules.md § 2)."""
    make_case(programme, REFERRED, waitlisted=True, admitted_on=date(2026, 5, 4), contacted_on=date(2026, 5, 11))
    assert indicators.compute(programme, PERIOD, today=TODAY).contact_delays == [7]
    assert funnel.compute(programme, PERIOD, today=TODAY).columns[funnel.ALL].delays == [7]
