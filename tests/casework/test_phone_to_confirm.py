"""The number the landlord gave at referral: carried to the case, shown (masked) to the household to confirm or
correct in its space, never a way to sign in until the household typed the code sent to it."""

import pytest
from django.utils import timezone

from portal import sms
from portal.models import User
from tests.casework.factories import CaseFactory, HouseholdMemberFactory
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def household(client):
    """A household signed in with its e-mail and password, the landlord's number « 06 00 00 00 00 » on its case."""
    case = CaseFactory(contacting=True, with_account=True)
    user = case.household.members.get().user
    client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    return user


def _code(text):
    return text.split(" : ")[1].split(".")[0]


def test_the_landlords_number_is_shown_masked_and_signs_nobody_in(client, household):
    page = client.get("/espace/").content.decode()
    assert "Est-ce bien votre numéro de portable ?" in page
    assert "06 •• •• •• 00" in page and "06 00 00 00 00" not in page
    client.logout()
    client.post("/comptes/login/", {"login": "06 00 00 00 00", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_confirming_sends_a_code_to_that_number_and_the_code_verifies_it(client, household):
    assert "06 •• •• •• 00" in client.get("/espace/numero/").content.decode()
    response = client.post("/espace/numero/", {"phone": "07 81 23 45 67"})  # a typed number is ignored
    assert response.status_code == 302 and response.url == "/comptes/phone/verify/"
    [(phone, text)] = sms.outbox
    assert phone == "+33600000000"
    client.post("/comptes/phone/verify/", {"code": _code(text)})
    household.refresh_from_db()
    assert household.phone == "+33600000000" and household.phone_verified
    assert "Est-ce bien votre numéro" not in client.get("/espace/").content.decode()
    assert client.get("/espace/numero/").status_code == 302


def test_correcting_leads_to_the_page_where_the_household_types_its_own(client, household):
    page = client.get("/espace/numero/").content.decode()
    assert 'href="/comptes/phone/change/"' in page


def test_a_verified_number_or_none_from_the_landlord_shows_nothing(client):
    verified = UserFactory(phone="+33611111111", phone_verified_at=timezone.now())
    HouseholdMemberFactory(user=verified, household=CaseFactory().household)
    without = UserFactory()
    HouseholdMemberFactory(user=without, phone="", household=CaseFactory().household)
    for user in (verified, without):
        client.force_login(user)
        assert "Est-ce bien votre numéro" not in client.get("/espace/").content.decode()
        assert client.post("/espace/numero/").status_code == 302
    assert sms.outbox == []


def test_the_code_is_sent_at_most_once_a_minute(client, household):
    client.post("/espace/numero/")
    client.post("/espace/numero/")
    assert len(sms.outbox) == 1
    assert not User.objects.filter(phone="+33600000000", phone_verified_at__isnull=False).exists()
