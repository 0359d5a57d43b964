"""Contact established is a two-way exchange a worker confirmed; a household that only reached out is shown so."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.enums import CaseStatus
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def test_landlord_does_not_read_contact_established_when_the_household_only_used_its_code(
    programme, landlord_referent, verified_client
):
    case = CaseFactory(programme=programme, status=CaseStatus.CONTACTING, household_reached_out_at=timezone.now())
    client = verified_client(landlord_referent)
    for url in (reverse("casework:landlord_dashboard"), reverse("casework:landlord_case", args=[case.pk])):
        html = client.get(url).content.decode()
        assert "Le ménage s&#x27;est manifesté" in html or "Le ménage s'est manifesté" in html
        assert ">Oui<" not in html
