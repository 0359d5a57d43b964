"""The public directory of partner services (home.PartnerDirectoryPage): published entries only, with the
directory fields (what the service does, for whom, how to reach it, area covered, date of last check)."""

import datetime

import pytest

from home.models import PartnerDirectoryPage
from portal.enums import OrganisationKind
from tests.home.factories import make_home, publish
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_public_directory_shows_published_entries_with_their_fields(client):
    publish(make_home(), PartnerDirectoryPage(title="Annuaire", slug="annuaire"))
    OrganisationFactory(
        partner_service=True,
        name="Service publié",
        area=["45234", "45"],
        audience="Les locataires.",
        source_date=datetime.date(2026, 11, 2),
    )
    OrganisationFactory(partner_service=True, name="Service caché", is_public=False)
    OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur public", is_public=True)
    page = client.get("/annuaire/").content.decode()
    assert "Service publié" in page and "Les locataires." in page
    assert "Orléans (45), Loiret (tout le département 45)" in page
    assert "Comment le joindre" in page and "Informations vérifiées le 02/11/2026" in page
    assert "Service caché" not in page and "Bailleur public" not in page


def test_editors_snippet_reads_and_writes_the_area_as_lines(verified_client):
    admin_client = verified_client(UserFactory(platform_admin=True))
    service = OrganisationFactory(partner_service=True, name="Service snippet", area=["45234"])
    url = f"/admin/annuaire-partenaires/edit/{service.pk}/"
    assert "45234 — Orléans (45)" in admin_client.get(url).content.decode()
    data = {
        "name": "Service snippet",
        "description": "Aide.",
        "audience": "Tous.",
        "how_to_reach": "Par téléphone.",
        "area_text": "Olivet (45)\n45",
        "is_public": "on",
        "accepts_handovers": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.area == ["45232", "45"]
    data["area_text"] = "Olivet"
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "désigne plusieurs communes" in response.content.decode()
