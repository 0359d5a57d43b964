"""Programmes side by side (/partenaires/evaluation/comparaison/): each programme's column is what its own
dashboard shows the reader, small-cell suppression included, over that programme's own first months."""

from datetime import date

import pytest
import time_machine

from casework.evaluation import comparison
from casework.evaluation.tables import FUNDER, PRIMARY
from portal.enums import Role
from tests.evaluation.factories import evaluation_programme, funder_of, hand_computed, make_case
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/partenaires/evaluation/comparaison/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def two_programmes(association, landlord):
    first = evaluation_programme(association=association, landlord=landlord)
    hand_computed(first)
    second = evaluation_programme(
        association=association, landlord=landlord, start_date=date(2026, 3, 1), name="Second programme"
    )
    for day in (date(2026, 3, 2), date(2026, 3, 3)):
        make_case(second, day, contacted_on=day)
    return first, second


def rows_of(sections, title):
    section = next(s for s in sections if s.title == title)
    return dict(section.rows)


def test_each_column_is_its_programme_over_its_own_first_months(two_programmes):
    first, second = two_programmes
    scope = {first.pk: FUNDER, second.pk: FUNDER}
    periods, sections = comparison.side_by_side([first, second], scope, 12)
    assert [p.start for p in periods] == [date(2026, 1, 1), date(2026, 3, 1)]
    situations = rows_of(sections, "Situations")
    assert situations["Situations repérées (signalées par le bailleur)"] == ["12", "2"]
    # The funder's version masks small breakdown cells in every column, as each dashboard does.
    outcomes = {k: v for k, v in rows_of(sections, "Suites données").items() if k.startswith("Clos")}
    assert outcomes and all(cell in (PRIMARY, "s", comparison.MISSING) for cells in outcomes.values() for cell in cells)


def test_a_six_month_comparison_stops_each_programme_at_its_sixth_month(two_programmes):
    first, second = two_programmes
    scope = {first.pk: FUNDER, second.pk: FUNDER}
    periods, sections = comparison.side_by_side([first, second], scope, 6)
    assert [p.end for p in periods] == [date(2026, 6, 30), date(2026, 8, 31)]
    # Case K (referred on 1 July 2026) is outside the first programme's first six months.
    assert rows_of(sections, "Situations")["Situations repérées (signalées par le bailleur)"] == ["11", "2"]


def test_the_funder_sees_only_what_it_funds_side_by_side(two_programmes, verified_client, landlord):
    first, second = two_programmes
    user = funder_of(first)
    other = evaluation_programme(
        association=OrganisationFactory(), landlord=landlord, name="Programme d'un autre financeur"
    )
    response = verified_client(user).get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert first.name in text and second.name not in text and other.name not in text
    assert verified_client(user).get(URL + "?periode=6m").status_code == 200
    assert verified_client(user).get(URL + "?periode=%00'").status_code == 200  # an unknown period: 12 months


def test_the_index_offers_the_comparison_only_with_several_programmes(two_programmes, verified_client, association):
    first, _ = two_programmes
    coordinator = MembershipFactory(organisation=association, role=Role.COORDINATOR).user
    assert URL in verified_client(coordinator).get("/partenaires/evaluation/").content.decode()
    funder = funder_of(first)
    assert URL not in verified_client(funder).get("/partenaires/evaluation/").content.decode()


def test_someone_who_evaluates_no_programme_gets_404(verified_client):
    partner = MembershipFactory(organisation=OrganisationFactory(kind="partner"), role=Role.PARTNER_CONTACT).user
    assert verified_client(partner).get(URL).status_code == 404
