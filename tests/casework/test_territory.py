"""Territories as codes INSEE (issue 23): the referral form and the CSV import find the code, the migration turns
names into codes and lists what stays ambiguous for the coordinator, who settles it; the search behind the field."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from casework import imports
from casework.models import ArrearsImportRow, Programme, Tenancy
from tests.casework.factories import ProgrammeFactory, ReferralFactory
from tests.casework.test_referral_and_import import HEADER, referral_data, row

pytestmark = pytest.mark.django_db
migration = importlib.import_module("casework.migrations.0017_communes_to_codes")


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, communes=["45234", "45089"])  # Orléans, Chécy


def test_referral_finds_the_code_from_postcode_and_name(programme, landlord_referent, verified_client):
    client = verified_client(landlord_referent)
    data = referral_data(programme, postcode="45430", commune="checy")
    response = client.post(reverse("casework:referral_new"), data)
    assert response.status_code == 302
    tenancy = Tenancy.objects.get(lease_reference="B-1")
    assert tenancy.commune_code == "45089"
    assert tenancy.referrals.get().eligibility["criteria"][0]["met"] is True


@pytest.mark.parametrize(
    "postcode,commune,message",
    [
        ("45430", "Orléans", "Aucune commune de ce nom n'a le code postal 45430 : Bou, Chécy, Mardié."),
        ("99999", "Orléans", "Aucune commune de ce nom n'a le code postal 99999."),
    ],
)
def test_referral_names_the_postcodes_communes_next_to_the_field(
    programme, landlord_referent, verified_client, postcode, commune, message
):
    client = verified_client(landlord_referent)
    response = client.post(
        reverse("casework:referral_new"), referral_data(programme, postcode=postcode, commune=commune)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [message]
    assert f'value="{commune}"' in response.content.decode()  # kept
    assert not Tenancy.objects.exists()


def test_referral_in_a_same_name_commune_elsewhere_is_outside(programme, landlord_referent, verified_client):
    """Olivet (Mayenne, 53410) is not Olivet (Loiret): outside a territory that holds the Loiret's."""
    Programme.objects.filter(pk=programme.pk).update(communes=["45232"])
    client = verified_client(landlord_referent)
    response = client.post(
        reverse("casework:referral_new"), referral_data(programme, postcode="53410", commune="Olivet")
    )
    territory = next(c for c in response.context["form"].criteria if c["key"] == "territory")
    assert territory["met"] is False and territory["detail"].startswith("Olivet (53) ; territoire : Olivet (45)")


def test_import_accepts_a_code_insee_or_a_postcode_and_name(programme, landlord_referent):
    header = HEADER + ";code_insee"
    by_code = row("L1", commune="") + ["45089"]  # Chécy by its code, no name
    by_name = row("L2", commune="Orléans") + [""]
    raw = "\n".join([header, ";".join(by_code), ";".join(by_name)]) + "\n"
    imports.import_file(programme, landlord_referent, "a.csv", raw.encode())
    rows = {r.lease_reference: (r.commune_code, r.commune, r.is_eligible) for r in ArrearsImportRow.objects.all()}
    assert rows == {"L1": ("45089", "Chécy", True), "L2": ("45234", "Orléans", True)}


@pytest.mark.parametrize(
    "postcode,commune,code,error",
    [
        (
            "45430",
            "Orléans",
            "",
            "commune : aucune commune ne porte ce nom avec le code postal 45430 ; indiquez le code_insee",
        ),
        ("45000", "Orléans", "99999", "code_insee : code INSEE inconnu « 99999 »"),
        ("45000", "", "", "commune : valeur manquante (ou indiquez le code_insee)"),
    ],
)
def test_import_refuses_a_commune_it_cannot_tell(programme, landlord_referent, postcode, commune, code, error):
    line = row("L1", commune=commune, postcode=postcode) + [code]
    raw = "\n".join([HEADER + ";code_insee", ";".join(line)]) + "\n"
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(programme, landlord_referent, "a.csv", raw.encode())
    assert refused.value.errors == [(2, error)]


def test_migration_turns_names_into_codes_and_keeps_the_ambiguous_ones(association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord, communes=["Orléans", "Olivet", "Nulle"])
    ambiguous = ProgrammeFactory(association=association, landlord=landlord, communes=["Saint-Denis"])
    tenancy = ReferralFactory(programme=programme, tenancy__commune_code="", tenancy__postcode="45160").tenancy
    Tenancy.objects.filter(pk=tenancy.pk).update(commune="Olivet")
    unknown = ReferralFactory(programme=programme, tenancy__commune_code="", tenancy__postcode="45430").tenancy
    migration.forwards(apps, None)
    programme.refresh_from_db(), ambiguous.refresh_from_db()
    assert programme.communes == ["45234", "45232", "Nulle"]  # Olivet of the Loiret, like Orléans
    assert ambiguous.communes == ["Saint-Denis"]
    assert Tenancy.objects.get(pk=tenancy.pk).commune_code == "45232"
    assert Tenancy.objects.get(pk=unknown.pk).commune_code == ""  # « Orléans » is not a commune of 45430


def test_coordinator_lists_and_settles_what_the_migration_left(association, landlord, coordinator, verified_client):
    programme = ProgrammeFactory(association=association, landlord=landlord, communes=["45234", "Saint-Denis"])
    tenancy = ReferralFactory(programme=programme, tenancy__commune_code="", tenancy__postcode="45430").tenancy
    client = verified_client(coordinator)
    page = client.get(reverse("casework:communes_to_check")).content.decode()
    assert "« Saint-Denis »" in page and "93066 — Saint-Denis (93)" in page
    assert f"Bail {tenancy.lease_reference}" in page and 'value="45194"' in page
    url = reverse("casework:set_tenancy_commune", kwargs={"pk": tenancy.pk})
    assert client.post(url, {"code": "37261"}).status_code == 302  # Tours: not a commune of 45430
    assert Tenancy.objects.get(pk=tenancy.pk).commune_code == ""
    client.post(url, {"code": "45194"})
    assert (Tenancy.objects.get(pk=tenancy.pk).commune_code, Tenancy.objects.get(pk=tenancy.pk).commune) == (
        "45194",
        "Mardié",
    )
    assert client.post(url, {"code": "45194"}).status_code == 404  # settled: no longer listed


@pytest.mark.parametrize(
    "query",
    ["", "x" * 5000, "\x00", "' OR 1=1 --", "%", "45", "2A"],
    ids=["empty", "long", "nul", "sql", "%", "45", "2A"],
)
def test_commune_search_never_fails(coordinator, verified_client, query):
    response = verified_client(coordinator).get(reverse("casework:commune_search"), {"q": query})
    assert response.status_code == 200 and isinstance(response.json()["results"], list)


def test_commune_search_gives_the_line_the_field_reads(coordinator, verified_client):
    results = verified_client(coordinator).get(reverse("casework:commune_search"), {"q": "45430"}).json()["results"]
    assert results[1] == {"code": "45089", "label": "Chécy (45430)", "line": "45089 — Chécy (45)"}


def test_parameter_proposal_keeps_the_lines_and_names_the_candidates(programme, coordinator, verified_client):
    client = verified_client(coordinator)
    url = reverse("casework:programme_parameters", kwargs={"pk": programme.pk})
    page = client.get(url).content.decode()
    assert "45234 — Orléans (45)" in page and "data-territory-search" in page
    data = {
        "contact_deadline_days": 30,
        "warning_days": 9,
        "communes_text": "45234 — Orléans (45)\nSaint-Denis",
        "max_months_since_move_in": 6,
        "min_arrears_months": "2",
        "repayment_tolerance": "20",
        "expected_support_months": 3,
        "yearly_capacity": 20,
        "letterhead": "",
        "reason": "Ajout",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["communes_text"]
    assert error.startswith("« Saint-Denis » désigne plusieurs communes") and "93066 — Saint-Denis (93)" in error


def test_a_whole_departement_in_the_territory(programme, landlord_referent, verified_client):
    Programme.objects.filter(pk=programme.pk).update(communes=["45"])
    client = verified_client(landlord_referent)
    moved = (timezone.localdate() - timedelta(days=60)).isoformat()
    response = client.post(
        reverse("casework:referral_new"),
        referral_data(programme, postcode="45200", commune="Montargis", moved_in_on=moved),
    )
    assert response.status_code == 302 and Tenancy.objects.get().commune_code == "45208"
