"""Several programmes (issue 23): the programme shown is chosen by `?programme=`, remembered in the session, 404
outside the user's programmes, the combined view when none (or a stale one) is chosen — and every dashboard, panel
and export follows it (casework.programme_choice)."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from casework import programme_choice
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

CASELOAD = reverse("casework:caseload")
LANDLORD = reverse("casework:landlord_dashboard")


@pytest.fixture
def pair(association, landlord):
    """The same association and landlord run two programmes with different parameters, and one case in each."""
    first = ProgrammeFactory(association=association, landlord=landlord, name="Premier programme")
    second = ProgrammeFactory(
        association=association, landlord=landlord, name="Second programme", contact_deadline_days=45
    )
    cases = {
        first: CaseFactory(programme=first, referral__tenancy__lease_reference="BAIL-PREMIER"),
        second: CaseFactory(programme=second, referral__tenancy__lease_reference="BAIL-SECOND"),
    }
    return first, second, cases


def _request(query=None, session=None):
    request = RequestFactory().get("/partenaires/dossiers/", query or {})
    request.session = SessionStore()
    request.session.update(session or {})
    return request


# --- the rule --------------------------------------------------------------------------------------------------


def test_the_query_chooses_and_the_session_remembers(pair):
    first, second, _ = pair
    request = _request({"programme": str(second.pk)})
    assert programme_choice.shown(request, [first, second]) == second
    later = _request(session=dict(request.session))
    assert programme_choice.shown(later, [first, second]) == second


def test_tous_is_the_combined_view_and_forgets_the_choice(pair):
    first, second, _ = pair
    request = _request({"programme": "tous"}, {programme_choice.SESSION_KEY: second.pk})
    assert programme_choice.shown(request, [first, second]) is None
    assert programme_choice.SESSION_KEY not in request.session


def test_nothing_chosen_is_the_combined_view(pair):
    first, second, _ = pair
    assert programme_choice.shown(_request(), [first, second]) is None


@pytest.mark.parametrize("value", ["other", "abc", "-1", "²", "9" * 40, "1.5"])
def test_a_programme_outside_the_users_answers_404(pair, value):
    first, second, _ = pair
    other = ProgrammeFactory()
    with pytest.raises(Http404):
        programme_choice.shown(_request({"programme": str(other.pk) if value == "other" else value}), [first, second])


def test_a_stale_choice_falls_back_to_the_combined_view(pair):
    first, second, _ = pair
    other = ProgrammeFactory()
    assert programme_choice.shown(_request(session={programme_choice.SESSION_KEY: other.pk}), [first, second]) is None


def test_a_member_of_one_programme_always_sees_it_and_no_switcher(pair):
    first, _, _ = pair
    request = _request()
    assert programme_choice.shown(request, [first]) == first
    assert programme_choice.switcher(request, [first], first) is None


def test_the_export_names_the_programme(pair):
    first, _, _ = pair
    assert programme_choice.file_name("dossiers", first) == "dossiers-premier-programme.csv"
    assert programme_choice.file_name("dossiers", None) == "dossiers-tous-les-programmes.csv"


# --- the association's pages ------------------------------------------------------------------------------------


def _rows(response):
    """{household: programme cell or None} of the page's case table."""
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("table thead th")]
    column = headers.index("Programme") if "Programme" in headers else None
    found = {}
    for row in soup.select("table tbody tr"):
        cells = row.find_all("td")
        link = row.select_one('a[href*="/dossiers/"]')
        if link is not None:
            found[link.get_text(strip=True)] = cells[column].get_text(strip=True) if column is not None else None
    return found


def test_the_caseload_combined_view_shows_both_programmes_with_their_programme(pair, coordinator, verified_client):
    first, second, cases = pair
    response = verified_client(coordinator).get(CASELOAD)
    assert _rows(response) == {
        cases[first].household.display_name: "Premier programme",
        cases[second].household.display_name: "Second programme",
    }
    soup = BeautifulSoup(response.content, "html.parser")
    switcher = soup.select_one("form.programme-switcher")
    assert "Programme affiché : Tous les programmes" in switcher.get_text(" ", strip=True)
    assert switcher.select_one("label[for=programme-choice]").get_text(strip=True)
    assert [o["value"] for o in switcher.select("select option")] == ["tous", str(first.pk), str(second.pk)]
    assert switcher.select_one("button").get_text(strip=True) == "Afficher"


def test_the_chosen_programme_follows_the_member_to_the_export(pair, coordinator, verified_client):
    first, second, cases = pair
    client = verified_client(coordinator)
    response = client.get(CASELOAD, {"programme": second.pk})
    assert _rows(response) == {cases[second].household.display_name: None}
    switcher = BeautifulSoup(response.content, "html.parser").select_one("form.programme-switcher")
    assert "Programme affiché : Second programme" in switcher.get_text(" ", strip=True)
    # Another page without the parameter: the session remembers.
    assert _rows(client.get(CASELOAD, {"statut": "tous"})) == {cases[second].household.display_name: None}
    export = client.get(reverse("casework:caseload_csv"))
    assert 'filename="dossiers-second-programme.csv"' in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [str(cases[second].pk)]
    assert rows[1][1] == "Second programme"
    # Back to the combined view: both, in a file that says so.
    client.get(CASELOAD, {"programme": "tous"})
    combined = client.get(reverse("casework:caseload_csv"))
    assert 'filename="dossiers-tous-les-programmes.csv"' in combined["Content-Disposition"]
    assert len(combined.content.decode("utf-8-sig").strip().splitlines()) == 3


def test_a_programme_of_another_association_answers_404_on_the_caseload(pair, coordinator, verified_client):
    other = ProgrammeFactory()
    CaseFactory(programme=other)
    assert verified_client(coordinator).get(CASELOAD, {"programme": other.pk}).status_code == 404


def test_a_member_of_one_programme_sees_no_switcher(association, worker, verified_client):
    programme = ProgrammeFactory(association=association)
    CaseFactory(programme=programme)
    response = verified_client(worker).get(CASELOAD)
    assert response.status_code == 200
    assert b"programme-switcher" not in response.content
    assert "Programme" not in [
        th.get_text(strip=True) for th in BeautifulSoup(response.content, "html.parser").select("th")
    ]
    export = verified_client(worker).get(reverse("casework:caseload_csv"))
    assert f'filename="dossiers-programme-{programme.name.split()[-1]}.csv"' in export["Content-Disposition"]


def test_the_exceptions_follow_the_programme_shown(pair, coordinator, verified_client):
    first, second, _ = pair
    outside = {p: CaseFactory(programme=p, outside_criteria=True) for p in (first, second)}
    client = verified_client(coordinator)
    page = client.get(reverse("casework:exceptions"), {"programme": first.pk}).content.decode()
    assert outside[first].household.display_name in page
    assert outside[second].household.display_name not in page
    combined = client.get(reverse("casework:exceptions"), {"programme": "tous"}).content.decode()
    assert outside[second].household.display_name in combined and "Programme : Second programme" in combined


# --- the landlord's pages ---------------------------------------------------------------------------------------


def test_the_landlord_dashboard_and_export_follow_the_programme_shown(pair, landlord_referent, verified_client):
    first, second, cases = pair
    client = verified_client(landlord_referent)
    combined = client.get(LANDLORD)
    assert _rows(combined) == {
        cases[first].household.display_name: "Premier programme",
        cases[second].household.display_name: "Second programme",
    }
    assert b"programme-switcher" in combined.content
    assert _rows(client.get(LANDLORD, {"programme": first.pk})) == {cases[first].household.display_name: None}
    export = client.get(reverse("casework:landlord_csv"))
    assert 'filename="signalements-premier-programme.csv"' in export["Content-Disposition"]
    text = export.content.decode("utf-8-sig")
    assert "BAIL-PREMIER" in text and "BAIL-SECOND" not in text
    assert client.get(LANDLORD, {"programme": ProgrammeFactory().pk}).status_code == 404


def test_a_new_referral_and_an_import_start_on_the_programme_shown(pair, landlord_referent, verified_client):
    first, second, _ = pair
    client = verified_client(landlord_referent)

    def chosen(url):
        selected = BeautifulSoup(client.get(url).content, "html.parser").select(
            "select[name=programme] option[selected]"
        )
        return [option.get("value") for option in selected]

    for url in (reverse("casework:referral_new"), reverse("casework:import_new")):
        client.get(LANDLORD, {"programme": "tous"})
        assert chosen(url) in ([], [""])  # the combined view: the form asks which programme
        client.get(LANDLORD, {"programme": second.pk})
        assert chosen(url) == [str(second.pk)]


# --- the partner home -------------------------------------------------------------------------------------------


def test_the_home_panels_count_the_programme_shown(pair, coordinator, verified_client):
    first, second, _ = pair
    CaseFactory(programme=second)
    client = verified_client(coordinator)
    home = reverse("portal:partner_home")
    assert "3 dossiers ouverts" in client.get(home, {"programme": "tous"}).content.decode()
    assert "2 dossiers ouverts" in client.get(home, {"programme": second.pk}).content.decode()
    assert "1 dossier ouvert" in client.get(home, {"programme": first.pk}).content.decode()


def test_the_coordinators_home_announces_the_communes_to_specify(association, coordinator, verified_client):
    programme = ProgrammeFactory(association=association, communes=["45234", "Commune inconnue"])
    CaseFactory(programme=programme, referral__tenancy__commune_code="")
    soup = BeautifulSoup(verified_client(coordinator).get(reverse("portal:partner_home")).content, "html.parser")
    link = soup.find("a", href=reverse("casework:communes_to_check"))
    assert link is not None and link.get_text(strip=True) == "2 communes à préciser"


def test_no_commune_to_specify_no_notice(association, coordinator, verified_client):
    ProgrammeFactory(association=association)
    soup = BeautifulSoup(verified_client(coordinator).get(reverse("portal:partner_home")).content, "html.parser")
    links = soup.find_all("a", href=reverse("casework:communes_to_check"))
    assert [link.get_text(strip=True) for link in links] == ["Communes à préciser"]  # the programmes panel's link


# --- the evaluation ---------------------------------------------------------------------------------------------


def test_the_evaluation_index_lists_the_programme_shown_first(pair, coordinator, verified_client):
    first, second, _ = pair
    client = verified_client(coordinator)
    client.get(CASELOAD, {"programme": second.pk})
    soup = BeautifulSoup(client.get(reverse("evaluation:index")).content, "html.parser")
    assert [h.get_text(" ", strip=True) for h in soup.select("section.card h2")][0].startswith("Second programme")
    assert soup.select_one("form.programme-switcher") is not None
