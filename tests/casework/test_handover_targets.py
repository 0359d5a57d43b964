"""Directory-only contacts (court, ADIL, Banque de France) are partner organisations that receive no handover."""

import pytest

from casework.forms import HandoverForm
from portal.enums import OrganisationKind
from portal.models import Organisation
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_handover_form_offers_only_partners_that_accept_handovers():
    asll = OrganisationFactory(name="Service ASLL", kind=OrganisationKind.PARTNER)
    court = OrganisationFactory(name="Tribunal judiciaire", kind=OrganisationKind.PARTNER, accepts_handovers=False)
    landlord = OrganisationFactory(name="Bailleur", kind=OrganisationKind.LANDLORD)
    offered = set(HandoverForm().fields["partner"].queryset)
    assert asll in offered
    assert court not in offered and landlord not in offered
    assert set(Organisation.objects.handover_targets()) == {asll}


def test_a_posted_directory_only_contact_is_refused():
    court = OrganisationFactory(name="Banque de France", kind=OrganisationKind.PARTNER, accepts_handovers=False)
    form = HandoverForm(data={"partner": court.pk, "note": "x", "status": "proposed"})
    assert not form.is_valid()
    assert "partner" in form.errors
