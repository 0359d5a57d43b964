"""« Décisions de réajustement » (casework.evaluation.adjustments): recorded at 6 and 12 months by the coordinator or
the landlord's referent, optionally linked to a parameter version, read by the funder, shown in the next report."""

import csv
import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from casework import versions
from casework.evaluation import adjustments
from casework.evaluation.models import AdjustmentDecision
from portal.enums import Role
from tests.casework.factories import ProgrammeFactory
from tests.evaluation.factories import evaluation_programme, funder_of
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def programme(association, landlord):
    return evaluation_programme(association=association, landlord=landlord)  # started 1 January 2026


def url(programme):
    return f"/partenaires/evaluation/{programme.pk}/reajustements/"


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2026, 6, 30), []), (date(2026, 7, 1), [6]), (date(2026, 12, 31), [6]), (date(2027, 1, 1), [6, 12])],
)
def test_steps_reached_on_the_day(programme, on, expected):
    assert adjustments.reached(programme, on) == expected


def test_the_coordinator_records_a_decision_linked_to_a_version(programme, coordinator, verified_client):
    version = versions.in_force(programme)
    response = verified_client(coordinator).post(
        url(programme),
        {"milestone": "6", "decided_on": "2026-07-03", "decision": "Délai porté à 45 jours.", "version": version.pk},
    )
    assert response.status_code == 302
    item = AdjustmentDecision.objects.get()
    assert (item.milestone, item.version, item.recorded_by) == (6, version, coordinator)


def test_the_landlord_referent_records_too(programme, landlord_referent, verified_client):
    response = verified_client(landlord_referent).post(
        url(programme), {"milestone": "6", "decided_on": "2026-07-03", "decision": "On garde les seuils."}
    )
    assert response.status_code == 302
    assert AdjustmentDecision.objects.get().recorded_by == landlord_referent


def test_a_step_not_reached_is_refused_next_to_the_field(programme, coordinator, verified_client):
    response = verified_client(coordinator).post(
        url(programme), {"milestone": "6", "decided_on": "2026-06-30", "decision": "Trop tôt."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "atteint ses 6 mois que le 01/07/2026" in html and "Trop tôt." in html
    assert not AdjustmentDecision.objects.exists()


def test_another_programmes_version_is_refused(programme, coordinator):
    other = versions.in_force(ProgrammeFactory())
    with pytest.raises(adjustments.AdjustmentError):
        adjustments.record(
            programme, coordinator, milestone=6, decided_on=date(2026, 7, 3), decision="x", version=other
        )


@pytest.mark.parametrize("role", ["worker", "funder"])
def test_readers_read_but_cannot_record(programme, role, worker, verified_client):
    user = worker if role == "worker" else funder_of(programme)
    AdjustmentDecision.objects.create(
        programme=programme, milestone=6, decided_on=date(2026, 7, 3), decision="Capacité portée à 24."
    )
    client = verified_client(user)
    page = client.get(url(programme))
    assert page.status_code == 200
    assert "Capacité portée à 24." in page.content.decode()
    assert "Enregistrer la décision" not in page.content.decode()
    assert (
        client.post(url(programme), {"milestone": "6", "decided_on": "2026-07-03", "decision": "x"}).status_code == 404
    )
    assert AdjustmentDecision.objects.count() == 1


def test_another_programmes_coordinator_gets_404(programme, verified_client):
    other = ProgrammeFactory()
    stranger = MembershipFactory(organisation=other.association, role=Role.COORDINATOR).user
    client = verified_client(stranger)
    assert client.get(url(programme)).status_code == 404
    assert (
        client.post(url(programme), {"milestone": "6", "decided_on": "2026-07-03", "decision": "x"}).status_code == 404
    )


def test_the_next_report_shows_the_decisions(programme, coordinator, verified_client):
    AdjustmentDecision.objects.create(
        programme=programme, milestone=6, decided_on=date(2026, 7, 3), decision="Délai porté à 45 jours."
    )
    client = verified_client(coordinator)
    # The 6-month report is measured on 30 June: the decision taken after it is not there.
    six = client.get(f"/partenaires/evaluation/{programme.pk}/indicateurs.csv?periode=6m").content.decode()
    assert "Délai porté à 45 jours." not in six
    twelve = client.get(f"/partenaires/evaluation/{programme.pk}/indicateurs.csv?periode=12m").content.decode()
    rows = list(csv.reader(io.StringIO(twelve.lstrip("\ufeff")), delimiter=";"))
    assert any("Délai porté à 45 jours." in row for row in rows)
    pdf = client.get(f"/partenaires/evaluation/{programme.pk}/rapport.pdf?periode=12m").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Décisions de réajustement" in text and "45 jours" in text
    dashboard = client.get(f"/partenaires/evaluation/{programme.pk}/?periode=12m").content.decode()
    assert "Délai porté à 45 jours." in dashboard


def test_a_decision_dated_today_is_recorded_and_tomorrow_is_refused(programme, coordinator):
    """Today is 28/11/2026 (the fixture): a decision may be dated today, never a day to come."""
    with pytest.raises(adjustments.AdjustmentError) as refused:
        adjustments.record(programme, coordinator, milestone=6, decided_on=date(2026, 11, 29), decision="Demain.")
    assert refused.value.field == "decided_on"
    adjustments.record(programme, coordinator, milestone=6, decided_on=date(2026, 11, 28), decision="Aujourd'hui.")
    assert AdjustmentDecision.objects.get().decision == "Aujourd'hui."
