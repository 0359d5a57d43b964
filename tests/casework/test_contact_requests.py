"""Inbound contact requests: linked to a case (the clock stops) or turned into a case the landlord never sees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import periodic, perms
from casework.models import Case, ContactRequest
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def contact_request(association):
    return ContactRequest.objects.create(
        association=association, name="Karima", channel="phone", contact="06 11 22 33 44", consent_at=timezone.now()
    )


def test_link_request_to_case_stops_the_clock(programme, association, worker, verified_client):
    case = CaseFactory(programme=programme, deadline=timezone.localdate() - timedelta(days=1))
    item = contact_request(association)
    client = verified_client(worker)
    assert "Demandes de contact à rattacher" in client.get(reverse("casework:caseload")).content.decode()
    client.post(reverse("casework:contact_request", args=[item.pk]), {"link": "1", "case": case.pk})
    item.refresh_from_db()
    case.refresh_from_db()
    assert item.case == case and item.status == "handled"
    assert case.needs_contact_confirmation

    assert periodic.run_deadlines()["no_contact"] == 0


def test_request_turned_into_case_is_invisible_to_the_landlord(
    programme, association, worker, landlord_referent, verified_client
):
    item = contact_request(association)
    client = verified_client(worker)
    response = client.post(
        reverse("casework:contact_request", args=[item.pk]),
        {
            "open": "1",
            "programme": programme.pk,
            "lease_reference": "B-9",
            "tenant_first_name": "Karima",
            "tenant_last_name": "S",
            "household_size": 1,
            "address": "2 rue",
            "postcode": "45000",
            "commune": "Orléans",
            "moved_in_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
            "monthly_rent": "450",
            "monthly_apl": "0",
            "guarantee": "none",
            "arrears_amount": "300",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("casework:case_detail", args=[case.pk])
    assert case.referral.source == "contact_request" and case.household_reached_out_at and case.invitation is None
    assert not perms.landlord_cases(landlord_referent).exists()
    landlord_client = verified_client(landlord_referent)
    assert landlord_client.get(reverse("casework:landlord_case", args=[case.pk])).status_code == 404
    assert "Karima" not in landlord_client.get(reverse("casework:landlord_dashboard")).content.decode()


def test_other_association_cannot_open_the_request(programme, association, verified_client):
    from portal.enums import OrganisationKind, Role
    from tests.portal.factories import MembershipFactory, OrganisationFactory

    other = MembershipFactory(organisation=OrganisationFactory(kind=OrganisationKind.ASSOCIATION), role=Role.WORKER)
    item = contact_request(association)
    assert verified_client(other.user).get(reverse("casework:contact_request", args=[item.pk])).status_code == 404
