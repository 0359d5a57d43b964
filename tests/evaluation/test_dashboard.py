"""The dashboard, its charts, the CSV and the PDF report, for each audience; scoping answers 404."""

import csv
import io
from datetime import date
from html import unescape

import pytest
import time_machine
from pypdf import PdfReader

from casework.evaluation.tables import PRIMARY
from portal.enums import OrganisationKind, Role
from tests.casework.factories import ProgrammeFactory
from tests.evaluation.factories import evaluation_programme, funder_of, hand_computed
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


SENSITIVE_TITLES = ("Origine de l'impayé", "Orientations par dispositif", "Passages de relais par service")


@pytest.fixture
def programme(association, landlord):
    programme = evaluation_programme(association=association, landlord=landlord)
    hand_computed(programme)
    return programme


def url(programme, suffix="", query="periode=6m"):
    return f"/partenaires/evaluation/{programme.pk}/{suffix}?{query}"


def test_association_sees_everything(programme, worker, verified_client):
    client = verified_client(worker)
    response = client.get(url(programme))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for title in SENSITIVE_TITLES:
        assert title in html
    assert "CCAS d'Orléans" in html
    assert html.count('<img class="chart"') == 9  # the eight indicator charts and the contact funnel's
    assert "Entonnoir du contact, par canal d'invitation" in html
    assert 'alt="Graphique : situations repérées' in html


def test_landlord_sees_headline_figures_without_sensitive_breakdowns(programme, landlord_referent, verified_client):
    client = verified_client(landlord_referent)
    html = unescape(client.get(url(programme)).content.decode())
    assert "Situations repérées" in html and "Total des échecs" in html
    for title in SENSITIVE_TITLES:
        assert title not in html
    assert "CCAS" not in html and "FSL" not in html
    assert client.get(url(programme, "graphiques/origines.svg")).status_code == 404
    assert client.get(url(programme, "graphiques/services.svg")).status_code == 404


def test_landlord_reaches_only_its_own_programmes(programme, landlord_referent, verified_client):
    other = ProgrammeFactory(start_date=date(2026, 1, 1))
    client = verified_client(landlord_referent)
    for suffix in ("", "indicateurs.csv", "rapport.pdf", "graphiques/situations.svg"):
        assert client.get(url(other, suffix)).status_code == 404


def test_funder_sees_suppressed_breakdowns(programme, verified_client):
    funder = funder_of(programme)
    client = verified_client(funder)
    html = unescape(client.get(url(programme)).content.decode())
    assert "Passages de relais par service" in html
    assert "< 5" in html
    assert "<td>2</td>" not in html.split("Passages de relais par service")[1].split("</table>")[0]
    assert client.get(url(programme, "graphiques/services.svg")).status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(client.get(url(programme, "indicateurs.csv")).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert ["", "CCAS d'Orléans", PRIMARY] in rows


def test_funder_without_funding_and_other_roles_get_404(programme, verified_client, household_user):
    funder_org = OrganisationFactory(kind=OrganisationKind.FUNDER, name="Autre financeur")
    lone_funder = MembershipFactory(organisation=funder_org, role=Role.FUNDER).user
    partner = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.PARTNER, name="Partenaire"), role=Role.PARTNER_CONTACT
    ).user
    for user in (lone_funder, partner):
        client = verified_client(user)
        assert client.get("/partenaires/evaluation/").status_code == 404
        assert client.get(url(programme)).status_code == 404
    client = verified_client(household_user)
    assert client.get(url(programme)).status_code in (302, 403, 404)


def test_chart_is_a_script_free_svg(programme, worker, verified_client):
    response = verified_client(worker).get(url(programme, "graphiques/situations.svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.lstrip().startswith("<svg") and "<script" not in body and "kozea.github.io" not in body
    assert verified_client(worker).get(url(programme, "graphiques/inconnu.svg")).status_code == 404


def test_csv_export(programme, worker, verified_client):
    response = verified_client(worker).get(url(programme, "indicateurs.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["", "Situations repérées (signalées par le bailleur)", "11"] in rows
    assert ["", "Situations prises en charge par l'association", "10"] in rows
    assert ["", "Total des échecs", "4"] in rows


@pytest.mark.parametrize("period,identified", [("6m", "11"), ("12m", "12")])
def test_pdf_report_text(programme, coordinator, verified_client, period, identified):
    response = verified_client(coordinator).get(url(programme, "rapport.pdf", f"periode={period}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rapport d'évaluation" in text
    assert "Méthode" in text
    assert "Situations repérées (signalées par le bailleur) " + identified in text
    assert "Total des échecs 4" in text
    assert "CCAS d'Orléans" in text


def test_landlord_pdf_has_no_sensitive_breakdown(programme, landlord_referent, verified_client):
    response = verified_client(landlord_referent).get(url(programme, "rapport.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Situations repérées" in text
    assert "CCAS" not in text and "FSL" not in text and "Perte de revenus" not in text


def test_custom_period_errors_next_to_the_field(programme, worker, verified_client):
    response = verified_client(worker).get(url(programme, query="periode=custom&du=2026-05-01&au=2026-02-01"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "La date de fin doit être après la date de début." in html
    assert 'value="2026-05-01"' in html


def test_custom_period(programme, worker, verified_client):
    response = verified_client(worker).get(url(programme, query="periode=custom&du=2026-03-01&au=2026-03-31"))
    assert "Du 01/03/2026 au 31/03/2026" in response.content.decode()
    assert response.context["ind"].identified == 3


def test_index_lists_programmes_in_scope(programme, worker, verified_client):
    other = ProgrammeFactory(name="Programme d'une autre association")
    html = unescape(verified_client(worker).get("/partenaires/evaluation/").content.decode())
    assert programme.name in html and other.name not in html


def test_dashboard_query_count_does_not_grow(programme, worker, verified_client, django_assert_max_num_queries):
    client = verified_client(worker)
    client.get(url(programme))
    with django_assert_max_num_queries(25):
        client.get(url(programme))
