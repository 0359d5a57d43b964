"""The partner services directory (issue 23): the same Organisation rows, the coordinator's form for her
territory, the handover form and the carnet de route."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import directory
from casework.models import Handover, HouseholdMember
from portal.enums import OrganisationKind, Role
from portal.models import AuditEvent, Organisation
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casework:directory_list")
NEW = reverse("casework:directory_new")


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, communes=["45234", "45284"])


def entry(**changes):
    return {
        "name": "Point conseil budget test",
        "description": "Aide à faire le point sur son budget.",
        "audience": "Toute personne qui a des dettes.",
        "how_to_reach": "Sur rendez-vous.",
        "area_text": "45234 — Orléans (45)",
        "address": "1 rue de l'Exemple, 45000 Orléans",
        "phone": "02 38 00 00 40",
        "email": "pcb@test.example",
        "website": "",
        "hours": "Du lundi au vendredi",
        "accepts_handovers": "on",
        "is_public": "on",
        "source_date": "2026-11-02",
        **changes,
    }


def test_coordinator_sees_the_services_of_her_territory_only(programme, coordinator, verified_client):
    mine = OrganisationFactory(partner_service=True, name="Service du Loiret", area=["45"])
    OrganisationFactory(partner_service=True, name="Service de Mayenne", area=["53"])
    OrganisationFactory(partner_service=True, name="Service sans zone", area=[])
    OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur du Loiret", area=["45"])
    assert directory.editable_partners([programme.association_id]) == [mine]
    page = verified_client(coordinator).get(LIST).content.decode()
    assert "Service du Loiret" in page and "Service de Mayenne" not in page and "Service sans zone" not in page


def test_coordinator_creates_and_edits_an_entry(programme, coordinator, verified_client):
    client = verified_client(coordinator)
    assert client.post(NEW, entry()).status_code == 302
    service = Organisation.objects.get(name="Point conseil budget test")
    assert (service.kind, service.area, service.audience) == (
        OrganisationKind.PARTNER,
        ["45234"],
        "Toute personne qui a des dettes.",
    )
    url = reverse("casework:directory_entry", kwargs={"pk": service.pk})
    assert "45234 — Orléans (45)" in client.get(url).content.decode()
    client.post(url, entry(how_to_reach="Par téléphone, le matin."))
    service.refresh_from_db()
    assert service.how_to_reach == "Par téléphone, le matin."
    assert AuditEvent.objects.filter(action__in=["directory.created", "directory.updated"]).count() == 2


def test_the_area_stays_in_her_territory(programme, coordinator, verified_client):
    response = verified_client(coordinator).post(NEW, entry(area_text="37261"))  # Tours
    assert response.status_code == 200
    assert response.context["form"].errors["area_text"] == [
        "La zone couverte doit rester dans le territoire de votre programme."
    ]
    assert 'value="Point conseil budget test"' in response.content.decode()
    assert not Organisation.objects.filter(name="Point conseil budget test").exists()


def test_a_whole_departement_only_when_her_territory_has_it(programme, coordinator, verified_client):
    client = verified_client(coordinator)
    assert client.post(NEW, entry(area_text="45")).status_code == 200
    programme.communes = ["45"]
    programme.save()
    assert client.post(NEW, entry(area_text="45")).status_code == 302


def test_another_territorys_service_is_404(programme, coordinator, verified_client):
    other = OrganisationFactory(partner_service=True, name="Service de Mayenne", area=["53"])
    landlord = programme.landlord
    client = verified_client(coordinator)
    for pk in (other.pk, landlord.pk, 999999):
        assert client.get(reverse("casework:directory_entry", kwargs={"pk": pk})).status_code == 404
        assert client.post(reverse("casework:directory_entry", kwargs={"pk": pk}), entry()).status_code == 404


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", "x" * 5000),
        ("area_text", "\x00"),
        ("area_text", "=cmd|' /C calc'!A0\n" * 3000),
        ("website", "javascript:alert(1)"),
        ("email", "pas-un-email"),
        ("source_date", "31/02/2026"),
        ("description", ""),
        ("name", "Bailleur test"),  # an existing organisation's name
    ],
)
def test_hostile_input_is_refused_next_to_the_field(programme, coordinator, verified_client, field, value):
    response = verified_client(coordinator).post(NEW, entry(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organisation.objects.filter(name__in=["Point conseil budget test", "x" * 5000]).exists()


def test_contacts_who_receive_handovers_are_shown(programme, coordinator, verified_client):
    service = OrganisationFactory(partner_service=True, name="Service ASLL test", area=["45234"])
    contact = MembershipFactory(organisation=service, role=Role.PARTNER_CONTACT).user
    contact.first_name, contact.last_name = "Marc", "Girard"
    contact.save()
    page = verified_client(coordinator).get(reverse("casework:directory_entry", kwargs={"pk": service.pk}))
    assert "Marc Girard" in page.content.decode()


def test_handover_form_offers_the_services_covering_the_households_commune_first(programme, worker, verified_client):
    case = CaseFactory(programme=programme, assigned_worker=worker)
    case.referral.tenancy.commune_code = "45234"
    case.referral.tenancy.save()
    OrganisationFactory(partner_service=True, name="A — service de Mayenne", area=["53"])
    OrganisationFactory(partner_service=True, name="Z — service d'Orléans", area=["45234"])
    page = verified_client(worker).get(reverse("casework:handover_new", kwargs={"pk": case.pk})).content.decode()
    assert page.index("Z — service d&#x27;Orléans — couvre la commune du ménage") < page.index("A — service de Mayenne")
    assert "Services partenaires qui couvrent la commune du ménage" in page


def test_carnet_de_route_shows_how_to_reach_the_services_the_household_agreed_to(programme, verified_client):
    user = UserFactory(confirmed=True)
    case = CaseFactory(programme=programme)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="S", last_name="H")
    agreed = OrganisationFactory(partner_service=True, name="Service accepté", how_to_reach="Appelez le matin.")
    refused = OrganisationFactory(partner_service=True, name="Service pas accepté")
    Handover.objects.create(case=case, partner=agreed, consent_given_at=timezone.now())
    Handover.objects.create(case=case, partner=refused)
    page = verified_client(user).get(reverse("casework:household_roadmap")).content.decode()
    assert "Service accepté" in page and "Appelez le matin." in page and "Service pas accepté" not in page


def test_what_the_editors_set_may_stay_what_she_adds_stays_in_her_territory(programme, coordinator, verified_client):
    service = OrganisationFactory(partner_service=True, name="CAF test", area=["45"])
    url = reverse("casework:directory_entry", kwargs={"pk": service.pk})
    client = verified_client(coordinator)
    assert client.post(url, entry(name="CAF test", area_text="45\n45234")).status_code == 302
    assert client.post(url, entry(name="CAF test", area_text="45\n37261")).status_code == 200  # Tours added
    service.refresh_from_db()
    assert service.area == ["45", "45234"]


def test_the_coordinators_home_links_to_the_directory(programme, coordinator, landlord_referent, verified_client):
    page = verified_client(coordinator).get(reverse("portal:partner_home")).content.decode()
    assert LIST in page and reverse("casework:communes_to_check") in page
    assert LIST not in verified_client(landlord_referent).get(reverse("portal:partner_home")).content.decode()
