"""Account hygiene: no personal data in the messages cookie, a taken address refused clearly, the reset mail for
an unknown address does not invite to sign up."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import verify_client
from tests.portal.factories import UserFactory
from tests.portal.test_auth import sign_in, totp_code

pytestmark = pytest.mark.django_db


def confirmed_by_code(client, user, device):
    verify_client(client, user)
    client.post(reverse("portal:reauthenticate"), {"token": totp_code(device)})


def test_the_messages_cookie_carries_no_personal_data(client, household_user):
    household_user.first_name, household_user.last_name = "Samira", "Haddad"
    household_user.save()
    response = sign_in(client, household_user)
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert not any("Haddad" in morsel.value for morsel in client.cookies.values())


def test_an_address_another_account_uses_is_refused_with_a_clear_message(client, household_user, household_device):
    UserFactory(email="prise@test.example")
    confirmed_by_code(client, household_user, household_device)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "prise@test.example"})
    assert response.status_code == 200
    assert "Cette adresse est déjà utilisée par un autre compte." in response.content.decode()
    household_user.refresh_from_db()
    assert household_user.email != "prise@test.example"


def test_a_new_address_replaces_the_old_one_only_once_verified(client, household_user, household_device):
    old = household_user.email
    confirmed_by_code(client, household_user, household_device)
    client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@test.example"})
    household_user.refresh_from_db()
    assert household_user.email == old
    assert any("nouvelle@test.example" in message.to for message in mail.outbox)


def test_reset_mail_for_an_unknown_address_does_not_invite_to_sign_up(client):
    client.post(reverse("account_reset_password"), {"email": "inconnue@test.example"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/comptes/signup/" not in body and "inscri" not in body.lower()
    assert "/comptes/invitation/" in body
