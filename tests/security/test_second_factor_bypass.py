"""The three second-factor bypasses of issue 11: a session that passed only the password, "re-authenticated" with
that same password, must not enrol a new device, regenerate backup codes or switch the second factor off."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.portal.factories import PASSWORD
from tests.portal.test_auth import sign_in, totp_code

pytestmark = pytest.mark.django_db


def reauthenticate_with_password(client, next_url):
    """What an attacker holding only the password does when asked to confirm their identity."""
    client.post(f"{reverse('account_reauthenticate')}?next={next_url}", {"password": PASSWORD})


def test_password_only_session_cannot_replace_the_totp_device(client, worker, worker_device):
    sign_in(client, worker)
    setup = reverse("portal:otp_setup")
    client.get(setup)
    reauthenticate_with_password(client, setup)
    client.get(setup)
    attacker_device = TOTPDevice.objects.filter(user=worker, confirmed=False).first()
    if attacker_device is not None:
        client.post(setup, {"token": totp_code(attacker_device)})
    assert list(TOTPDevice.objects.filter(user=worker, confirmed=True)) == [worker_device]
    assert client.get("/partenaires/").status_code == 302


def test_password_only_session_cannot_regenerate_backup_codes(client, worker, worker_device):
    sign_in(client, worker)
    url = reverse("portal:otp_backup_codes")
    client.get(url)
    reauthenticate_with_password(client, url)
    response = client.post(url)
    assert not StaticToken.objects.filter(device__user=worker).exists()
    assert "codes de secours" not in response.content.decode().lower() or response.status_code == 302
    assert client.get("/partenaires/").status_code == 302


def test_password_only_session_cannot_disable_the_second_factor(client, household_user, household_device):
    StaticDevice.objects.create(user=household_user, name="Codes de secours", confirmed=True)
    sign_in(client, household_user)
    url = reverse("portal:otp_disable")
    client.get(url)
    reauthenticate_with_password(client, url)
    client.post(url)
    assert TOTPDevice.objects.filter(pk=household_device.pk).exists()
    assert client.get("/espace/").status_code == 302
