"""Accounts by mobile number: E.164 input, NULL e-mail, verified-only login, login by SMS code for households."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import sms
from portal.accounts import PortalAccountAdapter
from portal.models import User
from portal.phones import normalise
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.mark.parametrize(
    "typed, e164",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 7 81 23 45 67", "+33781234567"),
        ("+262 692 12 34 56", "+262692123456"),  # La Réunion
        ("+590 690 12 34 56", "+590690123456"),  # Guadeloupe
    ],
)
def test_numbers_are_read_as_typed_and_stored_in_e164(typed, e164):
    assert normalise(typed) == e164


@pytest.mark.parametrize("typed", ["06 12", "bonjour", "", "02 38 11 22 33", "+33 6 12 34 56 78 90"])
def test_not_a_mobile_number_is_refused_in_french(typed):
    with pytest.raises(ValidationError) as error:
        normalise(typed)
    assert "numéro" in str(error.value)


def test_adapter_uses_the_french_phone_field():
    field = PortalAccountAdapter().phone_form_field(required=True)
    assert field.clean("06 12 34 56 78") == "+33612345678"


def test_phone_only_account_has_null_email_and_two_can_coexist():
    a = User.objects.create_user(phone="+33612345678", password=PASSWORD)
    b = User.objects.create_user(phone="+33612345679", password=PASSWORD)
    a.refresh_from_db()
    assert a.email is None and b.email is None
    assert str(a) == "+33612345678"


def test_blank_email_is_saved_as_null():
    user = UserFactory(email="")
    user.refresh_from_db()
    assert user.email is None


def test_a_number_is_unique_only_among_verified_numbers():
    UserFactory(phone="+33612345678")  # unverified: the landlord's number, or a typo
    UserFactory(phone="+33612345678", phone_verified_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(phone="+33612345678", phone_verified_at=timezone.now())


def test_sms_reminders_are_off_by_default_and_stay_off_without_a_verified_number(client):
    user = UserFactory(phone="+33612345678")
    assert user.reminder_by_sms is False
    client.force_login(user)
    response = client.post(
        "/comptes/preferences/",
        {"first_name": "Awa", "message_notifications": "immediate", "reminder_by_email": "on", "reminder_by_sms": "on"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reminder_by_sms is False
    assert "aucun numéro de portable vérifié" in client.get("/comptes/preferences/").content.decode()


def test_only_a_verified_number_signs_in_with_password(client):
    unverified = UserFactory(email=None, phone="+33612345678")
    response = client.post("/comptes/login/", {"login": "06 12 34 56 78", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    unverified.phone_verified_at = timezone.now()
    unverified.save()
    response = client.post("/comptes/login/", {"login": "06 12 34 56 78", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(unverified.pk)


def test_household_signs_in_with_a_code_by_sms(client):
    user = UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    response = client.post("/comptes/login/code/", {"phone": "06 12 34 56 78"})
    assert response.status_code == 302
    [(phone, text)] = sms.outbox
    assert phone == "+33612345678"
    code = text.split(" : ")[1].split(".")[0]
    response = client.post("/comptes/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_staff_get_no_code_by_sms(client, worker):
    worker.phone, worker.phone_verified_at = "+33612345678", timezone.now()
    worker.save()
    client.post("/comptes/login/code/", {"phone": "06 12 34 56 78"})
    client.post("/comptes/login/code/", {"email": worker.email})
    assert sms.outbox == []
    assert "_auth_user_id" not in client.session


def test_codes_by_sms_are_limited_per_number(client):
    UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    for _ in range(5):
        client.post("/comptes/login/code/", {"phone": "06 12 34 56 78"})
        client.cookies.clear()
    assert len(sms.outbox) == 3
