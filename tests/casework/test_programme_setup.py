"""Programmes without code (issue 23, setting up): the platform administrator's pages and `create_programme`."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import programmes
from casework.models import Programme
from portal.enums import InvitationKind, OrganisationKind, Role
from portal.models import AuditEvent, Invitation, Membership, Organisation, User
from tests.casework.factories import ProgrammeFactory
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("casework:admin_programme_new")


def form_data(**changes):
    data = {
        "name": "Prévenir l'impayé — Tours",
        "landlord_name": "Tours Habitat Test",
        "association_name": "Association Logement Tours",
        "communes_text": "Tours\nJoué-lès-Tours\n\nTours",
        "start_date": "2027-01-04",
        "contact_deadline_days": "30",
        "warning_days": "9",
        "max_months_since_move_in": "6",
        "min_arrears_months": "2",
        "repayment_tolerance": "20",
        "expected_support_months": "3",
        "cost_per_situation": "400",
        "yearly_capacity": "20",
        "budget": "8000",
        "letterhead": "Programme « Prévenir l'impayé »\nTours",
        "coordinator_email": "Coordinatrice@Tours.example",
        "referent_email": "referent@tours-habitat.example",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client):
    return verify_client(client, UserFactory(platform_admin=True))


def test_the_form_offers_the_seed_s_values_each_explained(admin_client):
    response = admin_client.get(NEW)
    form = response.context["form"]
    assert form["contact_deadline_days"].value() == 30
    assert form["warning_days"].value() == 9
    assert form["yearly_capacity"].value() == 20
    assert str(form["budget"].value()) == "8000"
    text = response.content.decode()
    for help_text in programmes.PARAMETER_HELP.values():
        assert help_text.replace("'", "&#x27;") in text


def test_the_administrator_creates_the_pair_the_programme_and_invites_both_first_members(admin_client):
    response = admin_client.post(NEW, form_data())
    programme = Programme.objects.get(name="Prévenir l'impayé — Tours")
    assert response.status_code == 302 and response.url == reverse("casework:admin_programme", args=[programme.pk])
    assert programme.landlord.kind == OrganisationKind.LANDLORD
    assert programme.association.kind == OrganisationKind.ASSOCIATION
    assert programme.communes == ["37261", "37122"]  # Tours, Joué-lès-Tours: codes INSEE, each once
    assert programme.contact_deadline_days == 30
    invitations = {(i.email, i.role, i.organisation_id) for i in Invitation.objects.filter(kind=InvitationKind.STAFF)}
    assert invitations == {
        ("coordinatrice@tours.example", Role.COORDINATOR, programme.association_id),
        ("referent@tours-habitat.example", Role.LANDLORD_REFERENT, programme.landlord_id),
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinatrice@tours.example", "referent@tours-habitat.example"]
    assert "/comptes/invitation/" in mail.outbox[0].body
    page = admin_client.get(response.url).content.decode()
    assert "En attente de la coordinatrice et du référent du bailleur" in page
    assert "04/01/2027" in page and "8\u202f000" in page  # in French, not « 2027-01-04 », « 8000.00 »
    assert "2027-01-04" not in page and "8000.00" not in page and "20.00" not in page
    assert "coordinatrice@tours.example" in page


def test_the_form_sent_again_says_the_programme_existed_and_changed_nothing(admin_client):
    admin_client.post(NEW, form_data(), follow=True)
    response = admin_client.post(NEW, form_data(contact_deadline_days="45"), follow=True)
    programme = Programme.objects.get()
    assert programme.contact_deadline_days == 30 and len(mail.outbox) == 2
    text = response.content.decode().replace("&#x27;", "'")
    assert "Ce programme existait déjà pour ce bailleur et cette association" in text
    assert "Invitations envoyées : aucune (déjà envoyées)" in text and "» créé" not in text


def test_the_pair_and_the_programme_s_name_are_explained(admin_client):
    form = admin_client.get(NEW).context["form"]
    assert "nom exact" in form["landlord_name"].help_text and "nom exact" in form["association_name"].help_text
    assert "Prévenir l'impayé — Tours" in form["name"].help_text


def test_the_programme_is_live_once_both_first_members_joined(admin_client):
    programme = ProgrammeFactory()
    assert not programmes.readiness(programme).is_live
    MembershipFactory(organisation=programme.association, role=Role.COORDINATOR)
    assert not programmes.readiness(programme).is_live
    MembershipFactory(organisation=programme.landlord, role=Role.LANDLORD_REFERENT)
    assert programmes.readiness(programme).is_live
    page = admin_client.get(reverse("casework:admin_programmes")).content.decode()
    assert "En service" in page


def test_errors_are_french_next_to_the_field_and_values_kept(admin_client):
    response = admin_client.post(NEW, form_data(warning_days="30", communes_text="  \n"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["warning_days"] == ["L'alerte doit venir avant l'échéance : moins de jours que le délai."]
    assert form.errors["communes_text"] == ["Indiquez au moins une commune ou un département."]
    assert 'value="Tours Habitat Test"' in response.content.decode()
    assert not Programme.objects.exists() and not mail.outbox


def test_a_name_taken_by_another_kind_of_organisation_is_refused_next_to_its_field(admin_client):
    OrganisationFactory(name="Tours Habitat Test", kind=OrganisationKind.ASSOCIATION)
    response = admin_client.post(NEW, form_data())
    assert response.context["form"].errors["landlord_name"] == ["« Tours Habitat Test » existe déjà comme association."]
    assert not Programme.objects.exists()


@pytest.mark.parametrize("value", ["-1", "abc", "0", "99999999999"])
def test_hostile_numbers_are_form_errors_never_500(admin_client, value):
    response = admin_client.post(NEW, form_data(contact_deadline_days=value))
    assert response.status_code == 200
    assert "contact_deadline_days" in response.context["form"].errors


def test_someone_with_an_account_joins_directly_instead_of_a_second_account(admin_client):
    existing = MembershipFactory(role=Role.COORDINATOR).user
    admin_client.post(NEW, form_data(coordinator_email=existing.email.upper()))
    programme = Programme.objects.get()
    assert Membership.objects.filter(user=existing, organisation=programme.association, role=Role.COORDINATOR).exists()
    assert [m.to[0] for m in mail.outbox] == ["referent@tours-habitat.example"]


def test_only_the_platform_administrator_reaches_the_pages(client):
    coordinator = MembershipFactory(role=Role.COORDINATOR).user
    verify_client(client, coordinator)
    assert client.get(reverse("casework:admin_programmes")).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    assert not Programme.objects.exists()


def test_a_password_only_administrator_is_sent_to_the_code_page(client):
    admin = UserFactory(platform_admin=True)
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.force_login(admin)
    response = client.get(reverse("casework:admin_programmes"))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:otp_verify"))


def counts():
    return {model.__name__: model.objects.count() for model in (Organisation, Programme, Invitation, Membership, User)}


def test_create_programme_twice_changes_nothing_the_second_time():
    arguments = [
        "--name=Prévenir l'impayé — Tours",
        "--landlord=Tours Habitat Test",
        "--association=Association Logement Tours",
        "--communes=Tours, Joué-lès-Tours",
        "--coordinator-email=coordinatrice@tours.example",
        "--referent-email=referent@tours-habitat.example",
        "--contact-deadline-days=45",
        "--min-arrears-months=1.5",
    ]
    out = StringIO()
    call_command("create_programme", *arguments, stdout=out)
    first, sent, audited = counts(), len(mail.outbox), AuditEvent.objects.count()
    call_command("create_programme", *arguments, stdout=out)
    assert counts() == first
    assert len(mail.outbox) == sent == 2 and AuditEvent.objects.count() == audited
    assert first["Programme"] == 1 and first["Organisation"] == 2 and first["Invitation"] == 2
    programme = Programme.objects.get()
    assert programme.contact_deadline_days == 45 and str(programme.min_arrears_months) == "1.5"
    assert programme.warning_days == 9 and programme.communes == ["37261", "37122"]
    assert "déjà présent, inchangé" in out.getvalue()


def test_create_programme_refuses_a_bad_value_in_french():
    with pytest.raises(CommandError, match="Paramètre invalide"):
        call_command(
            "create_programme", "--name=X", "--landlord=L", "--association=A", "--communes=Tours", "--budget=beaucoup"
        )
    assert not Programme.objects.exists()
