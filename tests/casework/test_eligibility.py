"""The programme's criteria (casework.eligibility): boundaries to the cent and to the day, French wording."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from casework import eligibility, imports
from casework.enums import Guarantee
from tests.casework.factories import ProgrammeFactory, ReferralFactory


@pytest.mark.django_db
def test_criteria_read_in_french():
    programme = ProgrammeFactory(communes=["45234"])
    values = dict(
        commune="Orléans",
        commune_code="45234",
        guarantee=Guarantee.NONE,
        moved_in_on=date(2026, 9, 1),
        monthly_rent=Decimal("1069.26"),
        monthly_apl=Decimal("370.00"),
        balance=Decimal("741"),
        landlord_attempts="Deux appels",
        statement_date=date(2026, 11, 30),
    )
    arrears = next(c for c in imports.row_criteria(programme, values) if c["key"] == "arrears")
    assert arrears["label"] == "Impayé d'au moins 2 loyers nets d'APL"
    assert arrears["detail"] == "Impayé 741,00\xa0€ ; seuil 1\u202f398,52\xa0€ (2 loyers × 699,26\xa0€)"


def _criteria(programme, **overrides):
    values = dict(
        commune="45234",
        guarantee=Guarantee.NONE,
        moved_in_on=date(2026, 6, 15),
        monthly_rent=Decimal("520.00"),
        monthly_apl=Decimal("180.00"),
        arrears=Decimal("680.00"),  # 2 × (520 − 180)
        attempts_logged=True,
        attempts_unanswered=True,
        on=date(2026, 11, 30),
    )
    values.update(overrides)
    return {c.key: c for c in eligibility.criteria(programme, **values)}


@pytest.fixture
def programme(db):
    return ProgrammeFactory(communes=["45234", "45284"])  # Orléans, Saint-Jean-de-Braye


@pytest.mark.parametrize(
    "arrears,met", [("679.99", False), ("680.00", True), ("680.01", True)], ids=["cent below", "at", "above"]
)
def test_arrears_threshold_to_the_cent(programme, arrears, met):
    assert _criteria(programme, arrears=Decimal(arrears))["arrears"].met is met


@pytest.mark.parametrize("arrears", ["0.00", "150.00"], ids=["no arrears", "some arrears"])
def test_no_rent_left_after_apl_never_meets_the_arrears_criterion(programme, arrears):
    """APL covering the whole rent leaves a threshold of 0 €: two rents of nothing are no arrears criterion."""
    criteria = _criteria(
        programme, monthly_rent=Decimal("300.00"), monthly_apl=Decimal("300.00"), arrears=Decimal(arrears)
    )
    assert criteria["arrears"].met is False


def test_arrears_threshold_follows_the_programmes_months(programme):
    programme.min_arrears_months = Decimal("1.5")
    assert _criteria(programme, arrears=Decimal("509.99"))["arrears"].met is False
    assert _criteria(programme, arrears=Decimal("510.00"))["arrears"].met is True
    assert _criteria(programme)["arrears"].label == "Impayé d'au moins 1,5 loyer nets d'APL"


@pytest.mark.parametrize(
    "on,met",
    [
        (date(2026, 6, 14), False),  # before the move-in
        (date(2026, 6, 15), True),  # the move-in day
        (date(2026, 12, 14), True),  # the day before the window's last day
        (date(2026, 12, 15), True),  # its last day: 6 months after the move-in, included
        (date(2026, 12, 16), False),  # the day after
    ],
)
def test_six_month_window_from_move_in(programme, on, met):
    assert _criteria(programme, on=on)["recent_move_in"].met is met


def test_the_window_follows_the_programmes_months(programme):
    programme.max_months_since_move_in = 4
    assert _criteria(programme, on=date(2026, 10, 15))["recent_move_in"].met is True
    assert _criteria(programme, on=date(2026, 10, 16))["recent_move_in"].met is False


def test_the_window_ends_on_the_last_day_of_a_shorter_month(programme):
    # 31 August + 6 months: the end of February.
    assert eligibility.move_in_window_ends_on(programme, date(2026, 8, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "moved_in_on,last_day",
    [
        (date(2026, 3, 31), date(2026, 9, 30)),  # a 31st into a month of 30 days: its 30th
        (date(2026, 5, 31), date(2026, 11, 30)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # into a leap February: the 29th
        (date(2026, 3, 30), date(2026, 9, 30)),  # a day the month has: the same day
    ],
)
def test_the_window_ends_on_the_last_day_of_a_month_of_thirty_days(programme, moved_in_on, last_day):
    assert eligibility.move_in_window_ends_on(programme, moved_in_on) == last_day
    assert _criteria(programme, moved_in_on=moved_in_on, on=last_day)["recent_move_in"].met is True
    assert _criteria(programme, moved_in_on=moved_in_on, on=last_day + timedelta(days=1))["recent_move_in"].met is False


@pytest.mark.parametrize("guarantee", [g for g in Guarantee if g != Guarantee.NONE])
def test_any_guarantee_other_than_none_is_outside_the_criteria(programme, guarantee):
    assert _criteria(programme, guarantee=guarantee)["no_guarantee"].met is False
    assert _criteria(programme, guarantee=Guarantee.NONE)["no_guarantee"].met is True


@pytest.mark.parametrize(
    "code,met",
    [("45284", True), ("45234", True), ("45232", False), ("Orléans", False), ("", False)],
    ids=["Saint-Jean-de-Braye", "Orléans", "Olivet outside", "a name is no code", "no code"],
)
def test_territory_compares_codes_insee(programme, code, met):
    assert _criteria(programme, commune=code)["territory"].met is met


def test_territory_two_communes_of_the_same_name_in_two_departements(db):
    programme = ProgrammeFactory(communes=["45232"])  # Olivet (Loiret)
    assert _criteria(programme, commune="45232")["territory"].met is True
    assert _criteria(programme, commune="53169")["territory"].met is False  # Olivet (Mayenne)


@pytest.mark.parametrize(
    "territory,code,met",
    [
        (["75056"], "75101", True),  # Paris whole covers its 1st arrondissement
        (["75101"], "75101", True),
        (["75101"], "75102", False),  # one arrondissement is not the next
        (["69123"], "69381", True),  # Lyon
        (["13"], "13201", True),  # the Bouches-du-Rhône covers Marseille's arrondissements
        (["45"], "45234", True),  # a whole département
        (["45"], "37261", False),
        (["2A"], "2A004", True),  # Corse-du-Sud, Ajaccio
        (["2A"], "2B033", False),  # Bastia is in Haute-Corse
    ],
)
def test_territory_arrondissements_and_whole_departements(db, territory, code, met):
    programme = ProgrammeFactory(communes=territory)
    assert _criteria(programme, commune=code)["territory"].met is met


def test_territory_detail_names_the_communes(programme):
    detail = _criteria(programme, commune="45232")["territory"].detail
    assert detail == "Olivet (45) ; territoire : Orléans (45), Saint-Jean-de-Braye (45)"


@pytest.mark.parametrize("logged,unanswered,met", [(True, True, True), (True, False, False), (False, True, False)])
def test_the_landlord_could_not_reach_the_household(programme, logged, unanswered, met):
    assert _criteria(programme, attempts_logged=logged, attempts_unanswered=unanswered)["unreachable"].met is met


@pytest.mark.django_db
def test_all_met_and_taken_on(programme):
    met = list(_criteria(programme).values())
    assert eligibility.all_met(met) and eligibility.all_met([c.as_dict() for c in met])
    assert not eligibility.all_met([])
    assert not eligibility.all_met(_criteria(programme, guarantee=Guarantee.OTHER).values())
    referral = ReferralFactory(programme=programme, outside_criteria=True)
    assert not eligibility.taken_on(referral)
    referral.accepted_at = timezone.now()
    assert eligibility.taken_on(referral)
    assert eligibility.taken_on(ReferralFactory(programme=programme))


ACCEPTED_AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "at,expected",
    [
        (ACCEPTED_AT - timedelta(seconds=1), False),  # measured just before the coordinator accepted
        (ACCEPTED_AT, True),  # the instant of the acceptance
        (ACCEPTED_AT + timedelta(days=1), True),
        (None, True),  # not measured at a date: now
    ],
)
def test_outside_the_criteria_taken_on_from_the_instant_accepted(at, expected):
    """The indicators measure at a date: a referral outside the criteria counts from its acceptance, that instant
    included; one in the criteria always counts; one neither accepted nor in the criteria never."""
    assert eligibility.is_taken_on(False, ACCEPTED_AT, at) is expected
    assert eligibility.is_taken_on(True, None, ACCEPTED_AT - timedelta(days=1)) is True
    assert eligibility.is_taken_on(False, None, at) is False
