"""Indicators against a fixture of hand-computed cases, query counts at 50 and 500 cases, and suppression."""

from datetime import date
from decimal import Decimal

import pytest

from casework.enums import Outcome, PlanStatus, TransferStatus
from casework.evaluation import indicators
from casework.evaluation.indicators import Period
from casework.evaluation.tables import ASSOCIATION, FUNDER, LANDLORD, PRIMARY, SECONDARY, suppress, tables
from casework.models import TransferRequest
from tests.casework.factories import ProgrammeFactory
from tests.evaluation.factories import bulk_cases, evaluation_programme, hand_computed, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = evaluation_programme()
    hand_computed(programme)
    # Another programme's case never counts.
    other = ProgrammeFactory(start_date=date(2026, 1, 1))
    make_case(other, date(2026, 2, 1), contacted_on=date(2026, 2, 2), closed_on=date(2026, 3, 1), outcome="refusal")
    return programme


def test_six_months_by_hand(programme):
    period = Period.first_months(programme, 6)
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 6, 30))
    ind = indicators.compute(programme, period)
    assert ind.measured_on == date(2026, 6, 30)
    assert ind.identified == 11  # A–J and L; K is referred in July
    assert ind.taken_on == 10  # I is outside the criteria and not accepted
    assert ind.outside_criteria_accepted == 1  # F
    assert ind.treated == 8  # A B C D F G H J
    assert ind.closed == 8
    assert ind.outcomes == {
        Outcome.REPAYMENT_PLAN: 1,
        Outcome.TRANSFER: 1,
        Outcome.ORIENTATION: 1,
        Outcome.DEBT_CLEARED: 1,
    }
    assert ind.failures == {
        Outcome.NO_CONTACT: 1,
        Outcome.REFUSAL: 1,
        Outcome.PLAN_BROKEN: 1,
        Outcome.HOUSEHOLD_LEFT: 1,
    }
    assert ind.failures_total == 4
    # Plans: A respected (both statements on track), G broken (1,000 € > 900 + 20), J unknown (no statement).
    assert ind.plans_set_up == 3
    assert ind.plan_states == {
        PlanStatus.RESPECTED: 1,
        PlanStatus.UNKNOWN: 1,
        PlanStatus.BROKEN: 1,
        PlanStatus.UPCOMING: 0,
    }
    assert (ind.dialogue_restored, ind.dialogue_recorded) == (2, 3)
    # Delays to contact: 7, 46, 10, 5, 10, 1, 19, 28 days.
    # F's delay runs from its acceptance (12/03, contact 20/03: 8 days), not from its referral (10/03).
    assert sorted(ind.contact_delays) == [1, 5, 7, 8, 10, 19, 28, 46]
    assert ind.delay_median == 9  # (8 + 10) / 2
    assert ind.delay_p90 == 46
    # Due: every taken-on case but L (deadline 20 July); within 30 days: all contacted but B.
    assert (ind.within_deadline, ind.deadline_due) == (7, 9)
    # Support (contact → closure): A 88, B 84, C 79, D 101, F 26, G 96, H 66 days.
    assert sorted(ind.support_lengths) == [26, 66, 79, 84, 88, 96, 101]
    assert ind.support_median == 84
    assert ind.support_p90 == 101
    three = ind.arrears[0]
    assert (three.months, three.cases, three.at_referral, three.after) == (3, 3, Decimal(3500), Decimal(2000))
    assert three.change == -42.9
    assert [(h.months, h.cases) for h in ind.arrears[1:]] == [(6, 0), (12, 0)]
    assert [(t.months, t.closed, t.in_place) for t in ind.tenancy] == [(6, 0, 0), (12, 0, 0)]
    assert ind.cost == Decimal(4000)
    assert ind.budget_share == 50.0
    assert ind.period_capacity == 10  # 20 a year × 181 days
    assert ind.capacity_share == 100.0
    assert ind.handovers == 3
    assert ind.handover_services == {"CCAS d'Orléans": 2, "Conseillère sociale du bailleur": 1}
    assert ind.origins == {"Perte de revenus": 2, "Santé": 1}
    assert (ind.appointments_held, ind.appointments_missed) == (2, 2)  # a cancelled one is neither
    assert ind.orientation_schemes == {"FSL": 1}


def test_twelve_months_by_hand(programme):
    ind = indicators.compute(programme, Period.first_months(programme, 12), today=date(2026, 12, 31))
    assert ind.measured_on == date(2026, 12, 31)
    assert (ind.identified, ind.taken_on, ind.treated, ind.closed) == (12, 11, 9, 9)
    assert ind.outcomes[Outcome.DEBT_CLEARED] == 2
    assert ind.failures_total == 4
    # No statement after A's last due date (1 August): unknown, never broken.
    assert ind.plan_states == {
        PlanStatus.RESPECTED: 0,
        PlanStatus.UNKNOWN: 2,
        PlanStatus.BROKEN: 1,
        PlanStatus.UPCOMING: 0,
    }
    six = ind.arrears[1]
    assert (six.cases, six.at_referral, six.after) == (1, Decimal(1500), Decimal(400))
    # Closed by 30 June: the eight first closures; H left its dwelling on 15 June.
    assert [(t.months, t.closed, t.in_place) for t in ind.tenancy] == [(6, 8, 7), (12, 0, 0)]
    assert ind.period_capacity == 20


def test_any_dates_and_a_period_not_over(programme):
    ind = indicators.compute(programme, Period(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 3, 20))
    assert ind.measured_on == date(2026, 3, 20)
    assert ind.identified == 3  # E, F, G
    assert ind.treated == 2  # F (20 March) and G
    assert ind.closed == 0


def test_tables_by_audience(programme):
    ind = indicators.compute(programme, Period.first_months(programme, 6))
    keys = {a: [t.key for t in tables(ind, a)] for a in (ASSOCIATION, LANDLORD, FUNDER)}
    sensitive = {"origines", "dispositifs", "services"}
    assert sensitive <= set(keys[ASSOCIATION])
    assert not sensitive & set(keys[LANDLORD])
    funder = {t.key: t for t in tables(ind, FUNDER)}
    assert funder["services"].rows == [["CCAS d'Orléans", PRIMARY], ["Conseillère sociale du bailleur", PRIMARY]]
    assert "dispositifs" not in funder  # free text typed by workers: the association's alone
    # Headline figures are in full for everyone.
    for audience in (LANDLORD, FUNDER):
        situations = {t.key: t for t in tables(ind, audience)}["situations"]
        assert ["Situations repérées (signalées par le bailleur)", "11"] in situations.rows


def test_suppression_hides_small_cells_and_one_more():
    cells = {c.label: c for c in suppress({"FSL": 12, "ASLL": 3, "Banque de France": 8})}
    assert cells["ASLL"].display == PRIMARY
    # Total 23 is published: with only ASLL hidden, 23 − 12 − 8 would give it back.
    assert cells["Banque de France"].display == SECONDARY
    assert cells["FSL"].display == "12"


def test_suppression_two_small_cells_need_no_secondary():
    cells = {c.label: c for c in suppress({"FSL": 12, "ASLL": 3, "CCAS": 1, "Banque de France": 8})}
    assert [cells[k].display for k in ("FSL", "ASLL", "CCAS", "Banque de France")] == ["12", PRIMARY, PRIMARY, "8"]


def test_small_programme_funder_report_shows_less_than_five_and_totals_do_not_reveal(programme):
    ind = indicators.compute(programme, Period.first_months(programme, 6))
    ind.handover_services = {"CCAS d'Orléans": 7, "Conseillère sociale du bailleur": 1, "ASLL": 9}
    ind.handovers = 17
    funder = {t.key: t for t in tables(ind, FUNDER)}["services"]
    shown = dict(funder.rows)
    assert shown["Conseillère sociale du bailleur"] == PRIMARY
    assert shown["CCAS d'Orléans"] == SECONDARY  # the smaller visible cell goes too
    assert shown["ASLL"] == "9"
    # From the published total (17) and the visible cells, the hidden ones cannot be told apart.
    visible = sum(int(v) for v in shown.values() if v.isdigit())
    assert 17 - visible == 8 and list(shown.values()).count(PRIMARY) + list(shown.values()).count(SECONDARY) == 2


@pytest.mark.parametrize("n", [50, 500])
def test_fixed_number_of_queries(n, django_assert_num_queries):
    programme = evaluation_programme()
    bulk_cases(programme, n)
    from django.apps import apps

    expected = 7 if apps.is_installed("appointments") else 6
    with django_assert_num_queries(expected):
        ind = indicators.compute(programme, Period.first_months(programme, 12), today=date(2026, 12, 31))
    assert ind.identified == n
    assert ind.plans_set_up == n
    assert ind.handovers == n


def test_transfers_counted_by_hand_at_the_measure_date():
    """Filed: filed_on on or before the measure date (30/06); done: done by then. Boundaries: the day of, the day
    after; an abandoned request and another programme's never count as done."""
    programme = evaluation_programme()
    other = ProgrammeFactory(start_date=date(2026, 1, 1))
    cases = [make_case(programme, date(2026, 2, day)) for day in range(1, 6)]
    foreign = make_case(other, date(2026, 2, 1))
    rows = [
        (cases[0], TransferStatus.DONE, date(2026, 3, 1), date(2026, 6, 30)),  # filed, done the day of
        (cases[1], TransferStatus.OFFERED, date(2026, 6, 30), None),  # filed the day of
        (cases[2], TransferStatus.DONE, date(2026, 6, 1), date(2026, 7, 1)),  # filed; done the day after
        (cases[3], TransferStatus.FILED, date(2026, 7, 1), None),  # filed the day after
        (cases[4], TransferStatus.ABANDONED, date(2026, 4, 1), date(2026, 5, 1)),  # filed, abandoned
        (foreign, TransferStatus.DONE, date(2026, 3, 1), date(2026, 4, 1)),
    ]
    for case, status, filed_on, ended_on in rows:
        TransferRequest.objects.create(case=case, status=status, filed_on=filed_on, ended_on=ended_on)
    TransferRequest.objects.create(case=cases[0], status=TransferStatus.TO_FILE)  # noted, never filed
    ind = indicators.compute(programme, Period.first_months(programme, 6))
    assert ind.measured_on == date(2026, 6, 30)
    assert (ind.transfers_filed, ind.transfers_done) == (4, 1)
    table = next(t for t in tables(ind, ASSOCIATION) if t.key == "relais")
    assert ["Demandes de mutation déposées", "4"] in table.rows and ["Mutations réalisées", "1"] in table.rows


# The contact deadline in the indicators (casework.deadlines.is_over): referred on 01/10/2026 with 30 days, the
# deadline is 31/10/2026, a day still within the period.
REFERRED, DEADLINE = date(2026, 10, 1), date(2026, 10, 31)


@pytest.mark.parametrize(
    "contact_day,measured_on,expected",
    [
        (None, date(2026, 10, 30), (0, 0)),  # the day before the deadline: not due yet
        (None, DEADLINE, (0, 0)),  # the deadline day: contact may still be made
        (None, date(2026, 11, 1), (1, 0)),  # the day after: due, missed
        (DEADLINE, DEADLINE, (1, 1)),  # contact on the deadline day: within
        (date(2026, 11, 1), date(2026, 11, 1), (1, 0)),  # contact the day after: late
        (date(2026, 10, 5), date(2026, 10, 6), (1, 1)),  # contact early: counted at once
    ],
)
def test_deadline_counts_on_the_days_around_the_deadline(contact_day, measured_on, expected):
    programme = ProgrammeFactory.build(contact_deadline_days=30)
    row = {
        "referral__referred_on": REFERRED,
        "waitlisted_at": None,
        "admitted_on": None,
        "referral__is_eligible": True,
        "referral__accepted_at": None,
    }
    assert indicators.deadline_counts(programme, row, contact_day, measured_on) == expected
