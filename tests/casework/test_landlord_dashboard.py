"""The landlord's dashboard: a deadline only while the contact clock runs (casework.deadlines.clock_running), and
« Le ménage s'est manifesté » never read as « Contact établi » (casework.deadlines.contact_state)."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from casework.enums import CaseStatus
from casework.models import Case
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DASH = "—"


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, warning_days=9)


@pytest.fixture
def dashboard(landlord_referent, verified_client):
    client = verified_client(landlord_referent)

    def rows(**query):
        """{case pk: (status, deadline, contact)} as the landlord reads them."""
        response = client.get(reverse("casework:landlord_dashboard"), {"statut": "tous", **query})
        assert response.status_code == 200
        found = {}
        for row in BeautifulSoup(response.content, "html.parser").select("tbody tr"):
            link = row.select_one('a[href*="/partenaires/bailleur/dossiers/"]')
            if link is None:
                continue
            cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            found[int(link["href"].rstrip("/").rsplit("/", 1)[1])] = (cells[1], cells[2], cells[3])
        return found

    return rows


def today():
    return timezone.localdate()


@pytest.mark.parametrize(
    "days,shown",
    [
        (1, "1 j restant"),
        (0, "0 j restant"),  # the deadline day itself is still within the period
        (-1, "dépassée"),  # the day after: over, until the periodic job moves the case to « sans contact »
        (15, "15 j restants"),
    ],
)
def test_a_running_clock_shows_its_deadline_around_the_deadline_day(programme, dashboard, days, shown):
    case = CaseFactory(programme=programme, contacting=True, deadline=today() + timedelta(days=days))
    status, deadline, contact = dashboard()[case.pk]
    assert deadline.startswith(case.deadline.strftime("%d/%m/%Y")) and shown in deadline
    assert status == "Prise de contact en cours" and contact == "Non"


@pytest.mark.parametrize("days,soon", [(10, False), (9, True), (0, True), (-1, False)])
def test_bientot_follows_the_warning_period_bounds(programme, dashboard, days, soon):
    case = CaseFactory(programme=programme, contacting=True, deadline=today() + timedelta(days=days))
    assert ("Bientôt" in dashboard()[case.pk][1]) is soon


@pytest.mark.parametrize(
    "traits,status,contact",
    [
        ({"reached_out": True}, "Le ménage s'est manifesté", "Le ménage s'est manifesté (contact à confirmer)"),
        ({"established": True}, "Contact établi", "Oui"),
        ({"established": True, "household_reached_out_at": timezone.now()}, "Contact établi", "Oui"),
        ({"in_support": True}, "Accompagnement", "Oui"),
        ({"closed": True}, "Clos", "Non"),
        ({"no_contact": True}, "Sans contact", "Non"),
    ],
)
def test_no_deadline_once_the_clock_stopped_and_the_two_contact_states_stay_apart(
    programme, dashboard, traits, status, contact
):
    case = CaseFactory(programme=programme, deadline=today() + timedelta(days=5), **traits)
    assert dashboard()[case.pk] == (status, DASH, contact)


def test_a_referral_awaiting_the_associations_decision_has_no_deadline_yet(programme, dashboard):
    waiting = CaseFactory(programme=programme, outside_criteria=True, deadline=today() + timedelta(days=5))
    accepted = CaseFactory(programme=programme, outside_criteria=True, deadline=today() + timedelta(days=5))
    accepted.referral.accepted_at = timezone.now()
    accepted.referral.save(update_fields=["accepted_at"])
    rows = dashboard()
    assert rows[waiting.pk][1] == f"{DASH} en attente de l'accord de l'association"
    assert "5 j restants" in rows[accepted.pk][1]


def test_after_a_reopening_only_a_new_sign_of_life_stops_the_clock(programme, dashboard):
    """The household reached out before the case went « sans contact » and was reopened: the clock runs again; a
    sign at the very moment of the « sans contact » counts (reached_out: at or after it)."""
    put_aside = timezone.now() - timedelta(days=3)
    before, at = (
        CaseFactory(
            programme=programme,
            contacting=True,
            deadline=today() + timedelta(days=20),
            no_contact_at=put_aside,
            household_reached_out_at=moment,
        )
        for moment in (put_aside - timedelta(seconds=1), put_aside)
    )
    rows = dashboard()
    assert "20 j restants" in rows[before.pk][1] and rows[before.pk][2] == "Non"
    assert rows[at.pk] == ("Le ménage s'est manifesté", DASH, "Le ménage s'est manifesté (contact à confirmer)")


def test_the_15_days_filter_lists_running_clocks_only(programme, dashboard):
    at_limit = CaseFactory(programme=programme, contacting=True, deadline=today() + timedelta(days=15))
    beyond = CaseFactory(programme=programme, contacting=True, deadline=today() + timedelta(days=16))
    reached = CaseFactory(programme=programme, reached_out=True, deadline=today() + timedelta(days=3))
    waiting = CaseFactory(programme=programme, outside_criteria=True, deadline=today() + timedelta(days=3))
    listed = set(dashboard(jours="15"))
    assert at_limit.pk in listed
    assert not listed & {beyond.pk, reached.pk, waiting.pk}


def test_the_rule_is_the_same_on_a_loaded_case_and_in_a_query(programme):
    cases = [
        CaseFactory(programme=programme, contacting=True),
        CaseFactory(programme=programme, reached_out=True),
        CaseFactory(programme=programme, established=True),
        CaseFactory(programme=programme, outside_criteria=True),
        CaseFactory(programme=programme, status=CaseStatus.REFERRED),
        CaseFactory(programme=programme, closed=True),
    ]
    running = set(Case.objects.clock_running().values_list("pk", flat=True))
    assert running == {case.pk for case in cases if case.clock_runs}
    assert running == {cases[0].pk, cases[4].pk}
