"""« Mes données » on a phone: the access log grouped by person, day and kind (reads, changes), paginated, dates as
« 30/11/2026 à 05:08 », plain download labels, and a query count that does not grow with the log."""

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from casework.evaluation import household_views
from casework.models import HouseholdMember
from portal import privacy
from portal.enums import OrganisationKind, Role
from portal.models import AuditEvent
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
MORNING = datetime(2026, 11, 30, 5, 8, tzinfo=PARIS)
URL = "/espace/mes-donnees/"


@pytest.fixture
def file(association, landlord):
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))
    user = UserFactory(confirmed=True)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="Awa", last_name="D")
    karim = MembershipFactory(
        organisation=association, role=Role.WORKER, user__first_name="Karim", user__last_name="Benali"
    ).user
    referent = MembershipFactory(
        organisation=landlord, role=Role.LANDLORD_REFERENT, user__first_name="Lise", user__last_name="Morel"
    ).user
    return case, user, karim, referent


def event(case, actor, action, when):
    return AuditEvent.objects.create(
        actor=actor, action=action, subject_key=f"casework.case:{case.pk}", created_at=when
    )


def page(verified_client, user, query=""):
    return html.unescape(strip_tags(verified_client(user).get(URL + query).content.decode()))


def test_the_log_is_grouped_by_person_and_day_reads_and_changes_apart(file, verified_client):
    case, user, karim, referent = file
    for minute in range(11):
        event(case, karim, "case.viewed", MORNING - timedelta(minutes=minute))
    event(case, karim, "review.pdf", MORNING - timedelta(minutes=30))  # downloading the minutes is a read
    event(case, karim, "case_note.created", MORNING - timedelta(hours=1))
    event(case, referent, "review.pdf", MORNING - timedelta(days=1))
    event(case, user, "review.pdf", MORNING)  # the household's own actions are not accesses
    text = page(verified_client, user)
    assert "Karim Benali, association : 12 consultations le 30/11" in text
    assert "Karim Benali, association : 1 modification le 30/11" in text
    assert "Lise Morel, bailleur : 1 consultation le 29/11" in text
    assert "la dernière le 30/11/2026 à 05:08" in text
    assert "a mis à jour" not in text and "T05:08" not in text
    assert text.index("12 consultations le 30/11") < text.index("1 consultation le 29/11")  # newest first
    assert "Awa D" not in text.split("Qui a ouvert votre dossier")[1]


def test_the_export_labels_a_download_as_a_read(file):
    case, user, karim, _ = file
    event(case, karim, "review.pdf", MORNING)
    event(case, karim, "roadmap_action.updated", MORNING)
    log = privacy.access_log(user)
    assert {row["action"]: row["what"] for row in log} == {
        "review.pdf": "a consulté votre dossier",
        "roadmap_action.updated": "a modifié votre dossier",
    }


@pytest.mark.parametrize(
    ("action", "read"),
    [
        ("case.viewed", True),
        ("review.pdf", True),
        ("messaging.attachment_downloaded", True),
        ("case.letter_printed", True),
        ("contact_request.list", True),
        ("case.assigned", False),
        ("review.validated", False),
        ("case_note.created", False),
    ],
)
def test_reads_and_changes(action, read):
    assert privacy.is_read(action) is read


def test_plain_labels_for_the_downloads(file, verified_client):
    text = page(verified_client, file[1])
    assert "Télécharger pour un ordinateur (JSON)" in text
    assert "Télécharger pour lire ou imprimer (PDF)" in text


def test_the_log_is_paginated_and_hostile_pages_are_harmless(file, verified_client):
    case, user, karim, _ = file
    for day in range(25):  # 25 days: 25 groups, 20 a page
        event(case, karim, "case.viewed", MORNING - timedelta(days=day))
    first = page(verified_client, user)
    assert "Page 1 sur 2" in first and "le 30/11" in first and "le 06/11" not in first
    second = page(verified_client, user, "?page=2")
    assert "le 06/11" in second and "le 30/11" not in second
    for hostile in ("?page=abc", "?page=-1", "?page=99999999999999999999"):
        assert verified_client(user).get(URL + hostile).status_code == 200


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_log(file, association, verified_client):
    case, user, karim, referent = file
    client = verified_client(user)
    event(case, karim, "case.viewed", MORNING)
    _queries(client)  # the first request of a session loads what later ones reuse
    few = _queries(client)
    others = [MembershipFactory(organisation=association, role=Role.WORKER).user for _ in range(5)]
    for n, person in enumerate([karim, referent, *others]):
        for day in range(8):
            event(case, person, "case.viewed" if n % 2 else "case_note.created", MORNING - timedelta(days=day))
    many = _queries(client)
    assert many == few, f"{few} requêtes avec 1 accès, {many} avec 56"
    assert many <= 60


def test_an_organisation_of_another_kind_reads_as_such(file, verified_client):
    case, user, _, _ = file
    partner = MembershipFactory(
        organisation__kind=OrganisationKind.PARTNER,
        role=Role.PARTNER_CONTACT,
        user__first_name="Inès",
        user__last_name="R",
    ).user
    event(case, partner, "handover.viewed_by_partner", MORNING)
    assert "Inès R, service partenaire : 1 consultation le 30/11" in page(verified_client, user)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2026-11-30T05:08:00+01:00", "30/11/2026 à 05:08"),
        ("2026-13-45T99:99 n'est pas une date", "2026-13-45T99:99 n'est pas une date"),
        ("Rendez-vous le 30/11", "Rendez-vous le 30/11"),
    ],
)
def test_the_pdf_export_writes_moments_the_french_way(value, text):
    assert household_views._readable(value) == text
