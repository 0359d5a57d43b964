"""Invitation codes: a household's letter code and a professional's e-mail invitation."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from portal.enums import InvitationKind, Role
from portal.invitations import POSTCODE_MESSAGE
from portal.models import CODE_ALPHABET, Invitation, Membership, User, generate_code
from portal.signals import household_invitation_redeemed

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "first_name": "Samira",
    "email": "samira@test.example",
    "password1": "une phrase assez longue",
    "password2": "une phrase assez longue",
}


@pytest.fixture
def household_invitation(association, worker):
    return Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60, postcode="45000")


def redeem(client, code, postcode="45000"):
    return client.post(reverse("portal:invitation_redeem"), {"code": code, "postcode": postcode})


def test_code_has_more_than_fifty_bits_without_lookalikes():
    import math

    code = generate_code()
    assert len(code) * math.log2(len(CODE_ALPHABET)) >= 50
    assert not set("01OIL").intersection(CODE_ALPHABET)
    assert set(code) <= set(CODE_ALPHABET)


def test_household_redeems_code_typed_loosely(client, household_invitation, worker):
    received = []

    def receiver(**kwargs):
        received.append(kwargs["user"])

    household_invitation_redeemed.connect(receiver, weak=False)
    typed = household_invitation.display_code.lower().replace("-", " ")
    response = redeem(client, typed)
    assert response.status_code == 302
    response = client.post(reverse("portal:invitation_redeem"), ACCOUNT)
    assert response.status_code == 302
    user = User.objects.get(email="samira@test.example")
    assert not user.identity_confirmed  # a code alone proves nothing
    household_invitation.refresh_from_db()
    assert household_invitation.used_by == user
    assert received == [user]
    # The association is alerted, discreetly.
    assert mail.outbox and worker.email in mail.outbox[0].to
    assert "impayé" not in mail.outbox[0].body.lower()
    household_invitation_redeemed.disconnect(receiver)


def test_code_is_single_use(client, household_invitation):
    redeem(client, household_invitation.plain_code)
    client.post(reverse("portal:invitation_redeem"), ACCOUNT)
    client.logout()
    response = redeem(client, household_invitation.plain_code)
    assertContains(response, "déjà servi")


def test_expired_code_refused(client, household_invitation):
    household_invitation.expires_at = timezone.now() - timedelta(minutes=1)
    household_invitation.save()
    assertContains(redeem(client, household_invitation.plain_code), "a expiré")


def test_wrong_code_refused_and_typed_text_kept(client, household_invitation):
    response = redeem(client, "ABCD-EFGH-JKMN")
    assertContains(response, "Ce code n&#x27;existe pas")
    assertContains(response, 'value="ABCD-EFGH-JKMN"')


def test_wrong_postcode_counts_against_the_code_until_locked(client, household_invitation):
    for _ in range(Invitation.MAX_FAILED_ATTEMPTS):
        assertContains(redeem(client, household_invitation.plain_code, postcode="75001"), POSTCODE_MESSAGE)
    response = redeem(client, household_invitation.plain_code, postcode="45000")
    assertContains(response, "bloqué")


def test_attempts_limited_per_address(client, household_invitation):
    for _ in range(10):
        redeem(client, "ZZZZ-ZZZZ-ZZZZ")
    response = redeem(client, household_invitation.plain_code)
    assertContains(response, "Trop d&#x27;essais")


def test_staff_account_cannot_redeem_household_code(verified_client, worker, household_invitation):
    client = verified_client(worker)
    response = client.post(
        reverse("portal:invitation_redeem"), {"code": household_invitation.plain_code, "postcode": "45000"}
    )
    assert response.status_code == 403
    household_invitation.refresh_from_db()
    assert household_invitation.used_at is None


def test_existing_email_cannot_be_reused(client, household_invitation, worker):
    redeem(client, household_invitation.plain_code)
    response = client.post(reverse("portal:invitation_redeem"), {**ACCOUNT, "email": worker.email})
    assertContains(response, "Un compte existe déjà")
    assertContains(response, 'value="Samira"')  # nothing typed is lost


def test_weak_password_refused_with_french_message(client, household_invitation):
    redeem(client, household_invitation.plain_code)
    response = client.post(
        reverse("portal:invitation_redeem"), {**ACCOUNT, "password1": "motdepasse", "password2": "motdepasse"}
    )
    assertContains(response, "trop court")


def test_coordinator_invites_a_colleague_who_must_enrol_second_factor(
    verified_client, coordinator, association, client
):
    staff_client = verified_client(coordinator)
    url = reverse("portal:members", args=[association.pk])
    response = staff_client.post(url, {"email": "nouvelle@test.example", "role": Role.WORKER})
    assert response.status_code == 302
    invitation = Invitation.objects.get(kind=InvitationKind.STAFF)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/comptes/invitation/" in line)
    staff_client.logout()
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200
    response = client.post(
        link.replace("http://127.0.0.1:8000", ""),
        {"code": urlsplit(link).path.rstrip("/").split("/")[-1], "postcode": ""},
    )
    response = client.post(
        reverse("portal:invitation_redeem"),
        {
            "first_name": "Nina",
            "last_name": "Roy",
            "password1": "une phrase assez longue",
            "password2": "une phrase assez longue",
        },
    )
    assert response.url == reverse("portal:otp_setup")
    user = User.objects.get(email="nouvelle@test.example")
    assert Membership.objects.get(user=user).role == Role.WORKER
    invitation.refresh_from_db()
    assert invitation.used_by == user
    assert client.get("/partenaires/").url.startswith(reverse("portal:otp_setup"))


def test_worker_cannot_manage_members(verified_client, worker, association):
    client = verified_client(worker)
    assert client.get(reverse("portal:members", args=[association.pk])).status_code == 404


def test_ending_membership_ends_sessions(verified_client, coordinator, worker, association, client):
    from django.test import Client

    worker_client = Client()
    from tests.conftest import verify_client

    verify_client(worker_client, worker)
    worker_client.get("/partenaires/")  # creates the tracked user session
    from allauth.usersessions.models import UserSession

    staff = verified_client(coordinator)
    membership = Membership.objects.get(user=worker)
    response = staff.post(reverse("portal:end_membership", args=[association.pk, membership.pk]))
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=worker).exists()
    assert worker_client.get("/partenaires/").status_code == 302


def test_the_letters_postcode_is_required_and_labelled_so(client, household_invitation):
    page = client.get(reverse("portal:invitation_redeem")).content.decode()
    assert "Étape 1 sur 2" in page
    assert "Code postal imprimé sur votre courrier" in page and "(facultatif)" not in page
    response = redeem(client, household_invitation.plain_code, postcode="")
    assert response.status_code == 200
    assertContains(response, POSTCODE_MESSAGE)
    assertContains(response, household_invitation.plain_code)  # what was typed is kept
    household_invitation.refresh_from_db()
    assert household_invitation.used_at is None
    assert redeem(client, household_invitation.plain_code).status_code == 302
    assertContains(client.get(reverse("portal:invitation_redeem")), "Étape 2 sur 2")


def test_a_professionals_link_speaks_to_a_professional_not_to_a_household(client):
    """The coordinator invited by e-mail reads about joining the partners' area, not about a letter, her landlord
    or asking to be called back (the household's step 1)."""
    page = client.get(reverse("portal:invitation_redeem_code", args=["K7K7K7K7"]) + "?pro=1").content.decode()
    page = page.replace("&#x27;", "'").split("<main")[1].split("</main>")[0]
    assert "Rejoindre l'espace partenaires" in page and "e-mail d'invitation" in page
    assert "Vous avez reçu un courrier" not in page and "Ce que votre bailleur sait" not in page
    assert "Il figure sur le courrier" not in page and "demander à être rappelé</a>" not in page
    household_page = client.get(reverse("portal:invitation_redeem")).content.decode().split("</main>")[0]
    assert "Vous avez reçu un courrier" in household_page and "Ce que votre bailleur sait" in household_page


def test_a_professional_link_hides_the_postcode_but_never_skips_a_letters(client, household_invitation):
    url = reverse("portal:invitation_redeem") + "?pro=1"
    assert "Code postal imprimé" not in client.get(url).content.decode()
    # The flag only changes the page: a letter's code still needs its postcode.
    response = client.post(url, {"code": household_invitation.plain_code, "postcode": ""})
    assertContains(response, POSTCODE_MESSAGE)
