"""Re-authentication for sensitive changes: a code typed on the confirmation page within 5 minutes, on top of a
verified session; the password alone never counts once a device exists."""

import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from portal import second_factor
from portal.models import AuditEvent
from tests.conftest import verify_client
from tests.portal.factories import PASSWORD
from tests.portal.test_auth import totp_code

pytestmark = pytest.mark.django_db

CONFIRM = reverse("portal:reauthenticate")


def confirm_with_code(client, device, next_url):
    return client.post(CONFIRM, {"token": totp_code(device), "next": next_url})


@pytest.mark.parametrize(
    "url_name", ["portal:otp_setup", "portal:otp_backup_codes", "account_email", "account_change_password"]
)
def test_sensitive_pages_ask_a_code_first(client, worker, worker_device, url_name):
    verify_client(client, worker)
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(CONFIRM)


def test_password_does_not_count_as_reauthentication_once_a_device_exists(client, worker, worker_device):
    verify_client(client, worker)
    response = client.post(
        f"{reverse('account_reauthenticate')}?next=/comptes/2fa/codes-de-secours/", {"password": PASSWORD}
    )
    assert response.status_code == 302 and response.url.startswith(CONFIRM)
    assert client.get(reverse("portal:otp_backup_codes")).url.startswith(CONFIRM)


def test_a_code_typed_on_the_page_opens_the_change_for_five_minutes(client, worker, worker_device, settings):
    verify_client(client, worker)
    url = reverse("portal:otp_backup_codes")
    response = client.post(CONFIRM, {"token": "000000", "next": url})
    assert response.status_code == 200
    assert "Ce code n&#x27;est pas valide" in response.content.decode()
    worker_device.refresh_from_db()
    worker_device.throttle_reset()
    response = confirm_with_code(client, worker_device, url)
    assert response.status_code == 302 and response.url == url
    assert AuditEvent.objects.filter(action="otp.reauthenticated", actor=worker).exists()
    response = client.post(url)
    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=worker).count() == 10


@pytest.mark.parametrize(("age", "allowed"), [(0, True), (299, True), (300, False), (3600, False)])
def test_reauthentication_lasts_five_minutes(client, worker, worker_device, age, allowed):
    verify_client(client, worker)
    now = int(time.time())
    session = client.session
    session[second_factor.REAUTHENTICATED_AT_KEY] = now - age
    session.save()
    with time_machine.travel(now, tick=False):
        response = client.get(reverse("portal:otp_backup_codes"))
    assert (response.status_code == 200) is allowed


def test_household_with_device_changes_email_only_after_a_code(client, household_user, household_device):
    verify_client(client, household_user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@test.example"})
    assert response.status_code == 302 and response.url.startswith(CONFIRM)
    assert not EmailAddress.objects.filter(email="nouvelle@test.example").exists()
    confirm_with_code(client, household_device, reverse("account_email"))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@test.example"})
    assert response.status_code == 302 and not response.url.startswith(CONFIRM)
    assert EmailAddress.objects.filter(email="nouvelle@test.example").exists()


def test_first_enrolment_of_a_professional_needs_no_code(client, worker):
    client.force_login(worker)
    assert client.get(reverse("portal:otp_setup")).status_code == 200
