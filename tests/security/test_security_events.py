"""Security events: each change is told to the person by e-mail, a sign-in from an unknown browser too; the
member's coordinator sees 90 days of them and resets a lost device (the account then enrols within 24 hours)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.enums import Role
from portal.models import AuditEvent
from tests.conftest import verify_client
from tests.portal.factories import PASSWORD, MembershipFactory
from tests.portal.test_auth import sign_in, totp_code

pytestmark = pytest.mark.django_db


def notices_to(user):
    return [m for m in mail.outbox if user.email in m.to and m.subject.endswith("Sécurité de votre compte")]


def test_regenerating_backup_codes_sends_a_notice(client, worker, worker_device):
    verify_client(client, worker)
    client.post(reverse("portal:reauthenticate"), {"token": totp_code(worker_device)})
    client.post(reverse("portal:otp_backup_codes"))
    [notice] = notices_to(worker)
    assert "codes de secours" in notice.body and "Si ce n'est pas vous" in notice.body
    assert worker.get_full_name() not in notice.body


def test_a_sign_in_from_an_unknown_browser_is_told_a_known_one_is_not(household_user):
    known = Client()
    sign_in(known, household_user)
    known.get(reverse("portal:after_login"))  # sign-in complete: the browser is remembered
    assert notices_to(household_user) == []  # the account's first sign-in
    known.post(reverse("account_logout"))
    sign_in(known, household_user)
    assert notices_to(household_user) == []
    sign_in(Client(), household_user)
    [notice] = notices_to(household_user)
    assert "navigateur" in notice.body


def test_a_sign_in_asked_by_a_page_remembers_the_browser_and_goes_to_that_page(household_user):
    known = Client()
    response = known.post(
        reverse("account_login") + "?next=/espace/rendez-vous/",
        {"login": household_user.email, "password": PASSWORD},
        follow=True,
    )
    assert [url for url, _ in response.redirect_chain] == [
        reverse("portal:after_login") + "?next=%2Fespace%2Frendez-vous%2F",
        "/espace/rendez-vous/",
    ]
    known.post(reverse("account_logout"))
    sign_in(known, household_user)
    assert notices_to(household_user) == []  # the browser was remembered: no notice of an unknown one


def test_the_coordinator_resets_a_lost_device_and_sees_the_event(client, coordinator, association, worker):
    TOTPDevice.objects.create(user=worker, name="perdu", confirmed=True)
    AuditEvent.objects.create(action="security.second_factor_enrolled", object_type="portal.user", object_id=worker.pk)
    membership = worker.memberships.get()
    verify_client(client, coordinator)
    url = reverse("portal:reset_second_factor", args=[association.pk, membership.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker, confirmed=True).exists()
    assert AuditEvent.objects.filter(action="otp.reset", actor=coordinator).exists()
    assert notices_to(worker)
    page = client.get(reverse("portal:members", args=[association.pk])).content.decode()
    assert "réinitialisée par un responsable" in page

    # The member enrols a new device at their next sign-in, within 24 hours; after that, only a new reset helps.
    member = Client()
    sign_in(member, worker)
    assert member.get(reverse("portal:otp_setup")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert member.get(reverse("portal:otp_setup")).status_code in (302, 403)


def test_a_worker_cannot_reset_a_colleague_nor_another_organisations_member(client, worker, association):
    colleague = MembershipFactory(organisation=association, role=Role.WORKER)
    TOTPDevice.objects.create(user=colleague.user, name="app", confirmed=True)
    verify_client(client, worker)
    assert client.post(reverse("portal:reset_second_factor", args=[association.pk, colleague.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=colleague.user).exists()


def test_a_professional_whose_device_vanished_without_reset_cannot_enrol(client, worker):
    AuditEvent.objects.create(action="security.second_factor_enrolled", object_type="portal.user", object_id=worker.pk)
    sign_in(client, worker)
    response = client.get(reverse("portal:otp_setup"))
    assert response.status_code == 403
    assert "coordinateur" in response.content.decode()
