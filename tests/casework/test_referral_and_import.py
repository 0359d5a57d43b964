"""Referral with per-criterion eligibility and the coordinator's acceptance; the monthly CSV import."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework import imports, periodic, workflow
from casework.enums import CaseStatus
from casework.models import ArrearsImport, ArrearsImportRow, ArrearsStatement, Case
from portal.privacy import apply_retention
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, communes=["45234", "45284"])


def referral_data(programme, **overrides):
    data = {
        "programme": programme.pk,
        "lease_reference": "B-1",
        "tenant_first_name": "Nora",
        "tenant_last_name": "Belkacem",
        "household_size": 2,
        "address": "1 rue A",
        "postcode": "45000",
        "commune": "orleans",
        "moved_in_on": (timezone.localdate() - timedelta(days=60)).isoformat(),
        "monthly_rent": "500",
        "monthly_apl": "100",
        "guarantee": "none",
        "arrears_amount": "800",
        "landlord_attempts": "Deux appels",
        "attempts_unanswered": "on",
    }
    data.update(overrides)
    return data


def test_eligible_referral_creates_case_and_shows_each_criterion(programme, landlord_referent, verified_client):
    client = verified_client(landlord_referent)
    response = client.post(reverse("casework:referral_new"), referral_data(programme, check="1"))
    assert response.status_code == 200
    assert [c["met"] for c in response.context["criteria"]] == [True] * 5
    response = client.post(reverse("casework:referral_new"), referral_data(programme))
    case = Case.objects.get()
    assert response.url == reverse("casework:landlord_case", args=[case.pk])
    assert case.referral.is_eligible and case.invitation.is_usable


def test_ineligible_referral_needs_reason_then_coordinator(programme, landlord_referent, coordinator, verified_client):
    client = verified_client(landlord_referent)
    data = referral_data(programme, guarantee="fsl", arrears_amount="300")
    response = client.post(reverse("casework:referral_new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "exception_reason" in form.errors
    assert form["lease_reference"].value() == "B-1"  # nothing typed is lost
    unmet = {c["key"] for c in response.context["criteria"] if not c["met"]}
    assert unmet == {"no_guarantee", "arrears"}
    client.post(reverse("casework:referral_new"), {**data, "exception_reason": "Garantie FSL épuisée"})
    case = Case.objects.get()
    assert case.referral.awaiting_acceptance
    # The letter waits for the acceptance; the clock too.
    assert client.get(reverse("casework:landlord_letter_pdf", args=[case.pk])).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=40)):  # well past the referral's deadline
        assert periodic.run_deadlines()["no_contact"] == 0
    coordinator_client = verified_client(coordinator)
    response = coordinator_client.post(
        reverse("casework:exception_decision", args=[case.referral.pk]), {"decision": "accept"}
    )
    case.refresh_from_db()
    assert case.referral.accepted_by == coordinator
    assert case.deadline == timezone.localdate() + timedelta(days=30)


def test_declined_exception_closes_case(programme, landlord_referent, coordinator):
    case = CaseFactory(programme=programme, referral__is_eligible=False, referral__exception_reason="x")
    with pytest.raises(workflow.TransitionError):
        workflow.decline_referral(case, coordinator, "")
    workflow.decline_referral(case, coordinator, "Hors territoire")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.referral.declined_at


HEADER = "reference_bail;date_releve;nom;adresse;code_postal;commune;agence;date_entree;loyer_charges;apl;garantie;solde;telephone;email;tentatives_bailleur"


def csv_rows(*rows, sep=";"):
    return "\n".join([HEADER.replace(";", sep), *[sep.join(r) for r in rows]]) + "\n"


LAST_MONTH = (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")
TODAY = timezone.localdate().strftime("%d/%m/%Y")
MOVED_IN = (timezone.localdate() - timedelta(days=90)).strftime("%d/%m/%Y")


def row(
    ref, balance="800,00", guarantee="aucune", commune="Orléans", moved=MOVED_IN, when=LAST_MONTH, postcode="45000"
):
    return [
        ref,
        when,
        "Nom Prénom",
        "1 rue",
        postcode,
        commune,
        "",
        moved,
        "500,00",
        "100,00",
        guarantee,
        balance,
        "",
        "",
        "Appels sans réponse",
    ]


def test_import_utf8_semicolon_then_idempotent_and_corrected(programme, landlord_referent):
    raw = csv_rows(row("L1"), row("L2", guarantee="fsl")).encode("utf-8-sig")
    first = imports.import_file(programme, landlord_referent, "a.csv", raw)
    assert first.encoding == "utf-8" and first.row_count == 2
    eligible = {r.lease_reference: r.is_eligible for r in ArrearsImportRow.objects.all()}
    assert eligible == {"L1": True, "L2": False}
    corrected = csv_rows(row("L1", balance="950,00"), row("L2", guarantee="fsl")).encode("utf-8")
    imports.import_file(programme, landlord_referent, "a.csv", corrected)
    assert ArrearsImportRow.objects.count() == 2
    assert ArrearsImportRow.objects.get(lease_reference="L1").balance == Decimal("950.00")


def test_import_windows_1252_comma(programme, landlord_referent):
    raw = csv_rows(row("L1", commune="Saint-Jean-de-Braye", postcode="45800"), sep=",").replace("800,00", "800.00")
    raw = raw.replace("500,00", "500").replace("100,00", "100").replace("Prénom", "Prénom Hélène")
    arrears_import = imports.import_file(programme, landlord_referent, "b.csv", raw.encode("cp1252"))
    assert arrears_import.encoding == "windows-1252"
    assert ArrearsImportRow.objects.get().tenant_name == "Nom Prénom Hélène"


def test_import_refused_whole_with_french_errors_per_row(programme, landlord_referent, verified_client):
    raw = csv_rows(row("L1"), row("L2", balance="abc"), row("L3", moved="32/13/2026"), row("L1")).encode()
    client = verified_client(landlord_referent)
    upload = __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile("x.csv", raw)
    response = client.post(reverse("casework:import_new"), {"programme": programme.pk, "file": upload})
    assert response.status_code == 200
    errors = dict(response.context["errors"])
    assert "montant illisible" in errors[3]
    assert "date illisible" in errors[4]
    assert "même bail et même date de relevé qu'à la ligne 2" in errors[5]
    assert not ArrearsImport.objects.exists() and not ArrearsImportRow.objects.exists()
    assert "Le fichier est refusé" in response.content.decode()


def test_refer_selected_rows_and_delete_the_others(programme, landlord_referent, verified_client):
    raw = csv_rows(row("L1"), row("L2"), row("L3", guarantee="visale")).encode()
    arrears_import = imports.import_file(programme, landlord_referent, "a.csv", raw)
    l1 = ArrearsImportRow.objects.get(lease_reference="L1")
    client = verified_client(landlord_referent)
    client.post(reverse("casework:import_detail", args=[arrears_import.pk]), {"rows": [l1.pk]})
    case = Case.objects.get()
    assert case.referral.tenancy.lease_reference == "L1"
    assert ArrearsStatement.objects.get(case=case).balance == Decimal("800.00")
    assert list(ArrearsImportRow.objects.values_list("lease_reference", flat=True)) == ["L1"]
    # Next month's extract records the followed household's balance, no duplicate referral.
    imports.import_file(programme, landlord_referent, "b.csv", csv_rows(row("L1", "700,00", when=TODAY)).encode())
    assert Case.objects.count() == 1 and case.arrears_statements.count() == 2


def test_unreferred_rows_purged_after_30_days(programme, landlord_referent):
    arrears_import = imports.import_file(programme, landlord_referent, "a.csv", csv_rows(row("L1")).encode())
    assert imports.purge_expired_rows() == 0
    ArrearsImport.objects.filter(pk=arrears_import.pk).update(uploaded_at=timezone.now() - timedelta(days=31))
    assert apply_retention()["import_rows_deleted"] == 1
    assert not ArrearsImportRow.objects.exists()
