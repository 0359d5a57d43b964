"""The household's data: export shows every planted marker; retention leaves none in any table, file or key."""

import base64
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from pypdf import PdfReader

from casework.models import ArrearsStatement, Case, Diagnostic, Handover, RepaymentPlan
from portal import privacy
from portal.calendar import add_months_to_instant
from portal.models import User
from portal.privacy.retention import RETENTION_MONTHS
from tests.evaluation.markers import orm_values_with, plant, sql_dump_with, stored_files_with

PARIS = ZoneInfo("Europe/Paris")
PLANTED_ON = datetime(2024, 1, 15, 10, tzinfo=PARIS)


@pytest.fixture
def _own_file_storage(tmp_path):
    """Files of this test only, so that a leftover of another test cannot be taken for one of ours."""
    storages = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if hasattr(getattr(f, "storage", None), "_location"):
                storages.append((f.storage, f.storage._location))
    for storage, _ in storages:
        storage._location = str(tmp_path / "files" / storage.__class__.__name__ / str(id(storage)))
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)
    yield
    for storage, location in storages:
        storage._location = location
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)


@pytest.fixture
def planted(association, landlord, worker, _own_file_storage):
    with time_machine.travel(PLANTED_ON, tick=False):
        return plant(association, landlord, worker, PLANTED_ON)


def _export_text(data):
    text = json.dumps(data, ensure_ascii=False, default=str)
    for section in data["sections"]:
        for row in section["rows"]:
            stored = row.get("file") if isinstance(row, dict) else None
            if isinstance(stored, dict) and stored.get("content_base64"):
                text += base64.b64decode(stored["content_base64"]).decode("latin-1")
    return text.lower()


@pytest.mark.django_db
def test_export_shows_every_marker(planted, verified_client):
    case, user, markers = planted
    client = verified_client(user)
    response = client.get("/espace/mes-donnees/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    text = _export_text(json.loads(response.content))
    missing = [m for m in markers.exported if m.lower() not in text]
    assert missing == []
    titles = {s["title"] for s in json.loads(response.content)["sections"]}
    assert "Fil de coordination association–bailleur" in titles or "Conversations" in titles


@pytest.mark.django_db
def test_export_holds_nothing_but_the_household_data_rule(planted, verified_client):
    """Everything held about the household (art. 15) except review minutes not yet shared, and drafts."""
    case, user, markers = planted
    text = _export_text(json.loads(verified_client(user).get("/espace/mes-donnees/export.json").content))
    withheld = [m for m in markers.all if m not in markers.exported]
    assert withheld and [m for m in withheld if m.lower() in text] == []


@pytest.mark.django_db
def test_pdf_export_is_readable_and_complete(planted, verified_client):
    case, user, markers = planted
    response = verified_client(user).get("/espace/mes-donnees/export.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\n", "").lower()
    # Files are named in the PDF and given whole in the JSON.
    missing = [m for m in markers.exported if m.lower() not in text and "filecontent" not in m.lower()]
    assert missing == []


@pytest.mark.django_db
def test_unconfirmed_household_and_staff_get_404(planted, verified_client, worker):
    case, user, markers = planted
    user.identity_confirmed_at = None
    user.save()
    client = verified_client(user)
    for path in ("/espace/mes-donnees/", "/espace/mes-donnees/export.json", "/espace/mes-donnees/export.pdf"):
        assert client.get(path).status_code == 404
    client = verified_client(worker)
    assert client.get("/espace/mes-donnees/export.json").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_access_log_shows_who_opened_the_file(planted, verified_client, worker):
    case, user, markers = planted
    from portal import audit

    audit.record(worker, "case.viewed", case, subject=case)
    html = verified_client(user).get("/espace/mes-donnees/").content.decode()
    assert worker.get_full_name() in html
    assert "1 consultation le" in html  # grouped by person and day (tests/evaluation/test_access_log.py)
    # The household's own actions are not listed as accesses by the association.
    assert "signed_in" not in html


@pytest.mark.django_db
def test_withdraw_handover_consent(planted, verified_client):
    case, user, markers = planted
    handover = Handover.objects.get(case=case)
    client = verified_client(user)
    page = client.get("/espace/mes-donnees/").content.decode()
    assert "Retirer mon accord" in page
    assert f'action="/espace/relais/{handover.pk}/accord/"' in page
    response = client.post(f"/espace/relais/{handover.pk}/accord/", {"given": "0"})
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.consent_withdrawn_at is not None
    assert not Handover.objects.with_consent().filter(pk=handover.pk).exists()
    assert "Retirer mon accord" not in client.get("/espace/mes-donnees/").content.decode()


@pytest.mark.django_db
def test_retention_not_due_before_24_months(planted):
    case, user, markers = planted
    with time_machine.travel(PLANTED_ON + timedelta(days=700), tick=False):
        assert privacy.apply_retention()["cases_anonymised"] == 0
    case.refresh_from_db()
    assert case.anonymised_at is None


@pytest.mark.django_db
def test_retention_waits_for_the_later_of_closure_and_last_contact(planted):
    case, user, markers = planted
    from casework.models import ContactAttempt

    ContactAttempt.objects.create(
        case=case, channel="phone", outcome="reached", made_at=PLANTED_ON + timedelta(days=200)
    )
    with time_machine.travel(PLANTED_ON + timedelta(days=740), tick=False):
        assert privacy.retention_due() == []
    with time_machine.travel(PLANTED_ON + timedelta(days=935), tick=False):
        assert privacy.retention_due() == [case.pk]


@pytest.mark.django_db
def test_case_closed_without_contact_is_anonymised_too(association, landlord):
    from tests.evaluation.factories import make_case

    with time_machine.travel(PLANTED_ON, tick=False):
        from tests.casework.factories import ProgrammeFactory

        programme = ProgrammeFactory(association=association, landlord=landlord)
        case = make_case(programme, PLANTED_ON.date(), closed_on=PLANTED_ON.date(), outcome="no_contact")
    with time_machine.travel(PLANTED_ON + timedelta(days=732), tick=False):  # closed at 17:00: 24 months and a day
        assert privacy.apply_retention()["cases_anonymised"] == 1
    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.household.display_name == "Ménage anonymisé"


def _closed_case(association, landlord, **changes):
    """A case closed at PLANTED_ON without contact, then `changes` saved on it (its household's activity)."""
    from tests.casework.factories import ProgrammeFactory
    from tests.evaluation.factories import make_case

    with time_machine.travel(PLANTED_ON, tick=False):
        programme = ProgrammeFactory(association=association, landlord=landlord)
        case = make_case(programme, PLANTED_ON.date(), closed_on=PLANTED_ON, outcome="no_contact")
    Case.objects.filter(pk=case.pk).update(**changes)
    return case


A_MICROSECOND = timedelta(microseconds=1)


@pytest.mark.django_db
@pytest.mark.parametrize("after,due", [(-A_MICROSECOND, False), (timedelta(0), True)], ids=["just-before", "at"])
def test_retention_is_due_from_the_instant_the_closure_is_24_months_old(association, landlord, after, due):
    case = _closed_case(association, landlord)
    with time_machine.travel(add_months_to_instant(PLANTED_ON, RETENTION_MONTHS) + after, tick=False):
        assert privacy.retention_due() == ([case.pk] if due else [])


@pytest.mark.django_db
@pytest.mark.parametrize("after,due", [(-A_MICROSECOND, False), (timedelta(0), True)], ids=["just-before", "at"])
def test_retention_is_due_from_the_instant_the_last_contact_is_24_months_old(association, landlord, after, due):
    from casework.models import ContactAttempt

    case = _closed_case(association, landlord)
    last_contact = PLANTED_ON + timedelta(days=200)
    ContactAttempt.objects.create(case=case, channel="phone", outcome="reached", made_at=last_contact)
    with time_machine.travel(add_months_to_instant(last_contact, RETENTION_MONTHS) + after, tick=False):
        assert privacy.retention_due() == ([case.pk] if due else [])


@pytest.mark.django_db
def test_retention_counts_calendar_months_not_730_days(association, landlord):
    """24 months after 15/01/2024 is 15/01/2026; 730 days after it fell on 14/01/2026 (29/02/2024 lies between)."""
    case = _closed_case(association, landlord)
    assert PLANTED_ON + timedelta(days=730) < add_months_to_instant(PLANTED_ON, 24)
    with time_machine.travel(PLANTED_ON + timedelta(days=730), tick=False):
        assert privacy.retention_due() == []
    with time_machine.travel(datetime(2026, 1, 15, 10, tzinfo=PARIS), tick=False):
        assert privacy.retention_due() == [case.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["household_reached_out_at", "contact_established_at"])
def test_the_households_reaching_out_and_the_contact_established_delay_retention(association, landlord, field):
    """The case's own activity is a last contact too: 24 months after the later of it and the closure."""
    last_contact = PLANTED_ON + timedelta(days=200)
    case = _closed_case(association, landlord, **{field: last_contact})
    with time_machine.travel(add_months_to_instant(last_contact, RETENTION_MONTHS) - A_MICROSECOND, tick=False):
        assert privacy.retention_due() == []
    with time_machine.travel(add_months_to_instant(last_contact, RETENTION_MONTHS), tick=False):
        assert privacy.retention_due() == [case.pk]


@pytest.mark.django_db(transaction=True)
def test_after_retention_no_marker_anywhere(planted):
    case, user, markers = planted
    assert orm_values_with(markers.all), "the markers are planted before retention"
    assert sql_dump_with(markers.all), "names and addresses show in the dump before retention: the search works"
    assert stored_files_with(markers.all), "the attachment is stored (encrypted) before retention"
    with time_machine.travel(PLANTED_ON + timedelta(days=731), tick=False):
        call_command("apply_retention", stdout=io.StringIO())
        # Idempotent: a second run finds nothing more to do.
        assert privacy.apply_retention()["cases_anonymised"] == 0
    assert orm_values_with(markers.all) == []
    assert sql_dump_with(markers.all) == []
    assert stored_files_with(markers.all) == []
    assert not User.objects.filter(pk=user.pk).exists()
    # What the indicators need stays.
    case = Case.objects.get(pk=case.pk)
    assert case.anonymised_at and case.outcome == "repayment_plan" and case.closed_at and case.contact_established_at
    assert ArrearsStatement.objects.filter(case=case).count() == 1
    assert RepaymentPlan.objects.filter(case=case).count() == 1
    assert Diagnostic.objects.get(case=case).origins == ["health"]
    assert Handover.objects.filter(case=case).count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_after_retention_no_marker_in_redis(planted):
    import redis
    from django.conf import settings

    case, user, markers = planted
    with time_machine.travel(PLANTED_ON + timedelta(days=731), tick=False):
        privacy.apply_retention()
    client = redis.Redis.from_url(settings.REDIS_URL)
    found = []
    for key in client.scan_iter(count=500):
        kind = client.type(key).decode()
        values = [key]
        if kind == "string":
            values.append(client.get(key) or b"")
        elif kind == "list":
            values += client.lrange(key, 0, -1)
        elif kind == "hash":
            values += list(client.hgetall(key).values())
        elif kind == "zset":
            values += client.zrange(key, 0, -1)
        elif kind == "set":
            values += list(client.smembers(key))
        blob = b" ".join(v if isinstance(v, bytes) else str(v).encode() for v in values).lower()
        found += [m for m in markers.all if m.lower().encode() in blob]
    assert found == []
