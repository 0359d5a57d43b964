"""Sign-in, the mandatory second factor for professionals, backup codes and the lockout on every login path."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from portal.enums import Role
from portal.models import AuditEvent
from tests.portal.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def totp_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(client, user, password=PASSWORD, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password})


@pytest.fixture
def worker_with_device(worker):
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)
    return worker, device


def test_worker_with_device_must_enter_code_after_password(client, worker_with_device):
    worker, device = worker_with_device
    response = sign_in(client, worker)
    assert response.status_code == 302
    response = client.get("/partenaires/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:otp_verify"))
    response = client.post(reverse("portal:otp_verify") + "?next=/partenaires/", {"token": "000000"})
    assertContains(response, "Ce code n&#x27;est pas valide", status_code=200)
    device.refresh_from_db()
    device.throttle_reset()  # django-otp throttles right after a failure; a person would wait a second
    response = client.post(reverse("portal:otp_verify") + "?next=/partenaires/", {"token": totp_code(device)})
    assertRedirects(response, "/partenaires/", fetch_redirect_response=False)
    assert client.get("/partenaires/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.verified", actor=worker).exists()
    assert AuditEvent.objects.filter(action="otp.failed", actor=worker).exists()


def test_worker_without_device_is_sent_to_enrolment_and_enrols(client, worker):
    sign_in(client, worker)
    response = client.get("/partenaires/")
    assert response.url.startswith(reverse("portal:otp_setup"))
    page = client.get(response.url)
    assertContains(page, "<svg")  # the QR code is drawn locally, no external service
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    response = client.post(reverse("portal:otp_setup") + "?next=/partenaires/", {"token": totp_code(device)})
    assertContains(response, "codes de secours")
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=worker).token_set.count() == 10
    assert client.get("/partenaires/").status_code == 200


def test_the_key_to_type_by_hand_is_the_base32_key_authentication_apps_accept(client, worker):
    """Without a camera, the person types the key shown under the QR code: apps read base32 (RFC 4648, as in the
    QR code's otpauth:// address), not the hexadecimal django-otp stores; a hex key gives wrong codes."""
    sign_in(client, worker)
    page = client.get(reverse("portal:otp_setup")).content.decode()
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    typed = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    key = base64.b32decode(typed.replace(" ", "") + "=" * (-len(typed.replace(" ", "")) % 8))
    assert key == device.bin_key
    assert f"secret={typed.replace(' ', '')}" in device.config_url


def test_enrolment_does_not_mention_backup_codes_the_person_does_not_have_yet(client, worker):
    sign_in(client, worker)
    page = client.get(reverse("portal:otp_setup")).content.decode().replace("&#x27;", "'")
    assert "Les 6 chiffres que l'application affiche pour ce compte." in page
    assert "l'un de vos codes de secours" not in page


def test_backup_code_signs_in_once(client, worker_with_device):
    worker, _ = worker_with_device
    from portal.otp import new_backup_codes

    codes = new_backup_codes(worker)
    sign_in(client, worker)
    response = client.post(reverse("portal:otp_verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert client.get("/partenaires/").status_code == 200
    client.logout()
    sign_in(client, worker)
    response = client.post(reverse("portal:otp_verify"), {"token": codes[0]})
    assert response.status_code == 200  # already used
    assert client.get("/partenaires/").status_code == 302


def test_unverified_staff_cannot_reach_admin(client, worker_with_device):
    worker, _ = worker_with_device
    sign_in(client, worker)
    for path in ["/admin/", "/django-admin/", "/partenaires/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:otp_verify"))


def test_landlord_referent_refused_in_wagtail_admin(verified_client, landlord_referent):
    client = verified_client(landlord_referent)
    response = client.get("/admin/")
    # Wagtail refuses users without admin access: back to the login page, never the dashboard.
    assert response.status_code == 302
    assert "/admin/" not in response.url or "login" in response.url


def test_household_signs_in_without_second_factor(client, household_user):
    sign_in(client, household_user)
    response = client.get("/espace/")
    assert response.status_code == 200


def test_household_may_enrol_optional_second_factor(client, household_user):
    sign_in(client, household_user)
    client.get(reverse("portal:otp_setup"))
    device = TOTPDevice.objects.get(user=household_user)
    client.post(reverse("portal:otp_setup"), {"token": totp_code(device)})
    client.logout()
    sign_in(client, household_user)
    response = client.get("/espace/")
    assert response.url.startswith(reverse("portal:otp_verify"))


def test_changing_second_factor_needs_reauthentication(verified_client, worker):
    client = verified_client(worker)
    session = client.session
    session.pop("account_authenticated_at", None)
    session["account_authentication_methods"] = []
    session.save()
    response = client.get(reverse("portal:otp_setup"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:reauthenticate"))


@pytest.mark.parametrize("path", ["/comptes/login/", "/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_every_login_path_locks_after_five_failures(client, path):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.WORKER)
    for _ in range(5):
        response = client.post(path, {"login": user.email, "username": user.email, "password": "faux"}, follow=True)
        assert not response.wsgi_request.user.is_authenticated
    # The 6th attempt within 5 minutes is refused, even with the right password, whichever page is used.
    response = client.post(path, {"login": user.email, "username": user.email, "password": PASSWORD}, follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assertContains(response, "Trop de tentatives")
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label=user.email).count() == 5


def test_other_login_forms_redirect_to_allauth(client):
    for path in ["/admin/login/", "/django-admin/login/", "/_util/login/"]:
        response = client.get(path + "?next=/admin/pages/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert "next=%2Fadmin%2Fpages%2F" in response.url


def test_sign_in_and_failures_are_audited(client, household_user):
    sign_in(client, household_user, password="mauvais")
    sign_in(client, household_user)
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label=household_user.email).exists()
    assert AuditEvent.objects.filter(action="auth.login", actor=household_user).exists()


def test_open_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assertContains(response, "inscription", status_code=200)
    response = client.post(
        reverse("account_signup"),
        {"email": "x@test.example", "password1": "une-phrase-longue-42", "password2": "une-phrase-longue-42"},
    )
    from portal.models import User

    assert not User.objects.filter(email="x@test.example").exists()


def test_changing_email_needs_reauthentication(client, household_user):
    sign_in(client, household_user)
    session = client.session
    session["account_authentication_methods"] = []
    session.save()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@test.example"})
    assert response.status_code == 302
    assert "reauthenticate" in response.url
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="nouvelle@test.example").exists()


def test_password_reset_email_is_discreet(client, household_user):
    from django.core import mail

    client.post(reverse("account_reset_password"), {"email": household_user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = f"{message.subject} {message.from_email} {message.body}".lower()
    assert "impayé" not in text and "impaye" not in text
