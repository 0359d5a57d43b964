"""Accounts by mobile number: E.164 input, NULL e-mail, verified-only login, login by SMS code for households."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import sms
from portal.accounts import NEITHER_PHONE_NOR_EMAIL, PortalAccountAdapter
from portal.enums import InvitationKind
from portal.models import Invitation, User
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


def test_asking_a_code_with_neither_number_nor_address_says_so_next_to_the_number(client):
    response = client.post("/comptes/login/code/", {"phone": "", "email": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"phone": [NEITHER_PHONE_NOR_EMAIL]}
    assert NEITHER_PHONE_NOR_EMAIL in response.content.decode()
    assert sms.outbox == []


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


# --- Redeeming the letter's code with a mobile number, an e-mail, or both ---------------------------------------


@pytest.fixture
def letter_code(association):
    invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60, postcode="45000")
    return invitation.plain_code


def _redeem(client, code, **account):
    client.post("/comptes/invitation/", {"code": code, "postcode": "45000"})
    data = {"first_name": "Awa", "password1": "une phrase facile 2026", "password2": "une phrase facile 2026"}
    return client.post("/comptes/invitation/", {**data, **account})


def _code_from(text):
    return text.split(" : ")[1].split(".")[0]


def test_a_household_opens_its_space_with_only_a_phone_and_verifies_it_by_sms(client, letter_code):
    response = _redeem(client, letter_code, phone="06 12 34 56 78", email="")
    assert response.status_code == 302 and response.url == "/comptes/phone/verify/"
    user = User.objects.get(phone="+33612345678")
    assert user.email is None and not user.phone_verified
    [(phone, text)] = sms.outbox
    assert phone == "+33612345678"
    client.post("/comptes/phone/verify/", {"code": _code_from(text)})
    user.refresh_from_db()
    assert user.phone_verified
    client.logout()
    client.post("/comptes/login/code/", {"phone": "0612345678"})
    client.post("/comptes/login/code/confirm/", {"code": _code_from(sms.outbox[-1][1])})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_household_may_give_an_e_mail_only(client, letter_code):
    response = _redeem(client, letter_code, phone="", email="awa@test.example")
    assert response.status_code == 302 and response.url != "/comptes/phone/verify/"
    assert User.objects.get(email="awa@test.example").phone == ""
    assert sms.outbox == []


def test_neither_phone_nor_e_mail_is_refused_next_to_the_phone_and_keeps_the_name(client, letter_code):
    response = _redeem(client, letter_code, phone="", email="")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "Indiquez un numéro de portable ou une adresse e-mail (ou les deux)."
    ]
    assert 'value="Awa"' in response.content.decode()


def test_a_landline_is_refused_in_french(client, letter_code):
    response = _redeem(client, letter_code, phone="02 38 11 22 33", email="")
    assert "n'est pas un portable" in response.context["form"].errors["phone"][0]


def test_another_accounts_verified_number_is_refused(client, letter_code):
    UserFactory(phone="+33612345678", phone_verified_at=timezone.now())
    response = _redeem(client, letter_code, phone="06 12 34 56 78", email="")
    assert "déjà celui d'un autre compte" in response.context["form"].errors["phone"][0]


def test_after_a_login_by_code_a_household_sets_a_new_password_without_the_old_one(client):
    user = UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    client.post("/comptes/login/code/", {"phone": "06 12 34 56 78"})
    response = client.post("/comptes/login/code/confirm/", {"code": _code_from(sms.outbox[-1][1])}, follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/nouveau-mot-de-passe/"
    new = "une toute nouvelle phrase 2026"
    response = client.post("/comptes/nouveau-mot-de-passe/", {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.session["_auth_user_id"] == str(user.pk)  # this session stays open


def test_a_code_sign_in_asked_by_a_page_offers_the_new_password_then_goes_to_that_page(client):
    user = UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    asked = client.get("/espace/rendez-vous/")
    assert asked.url == "/comptes/login/?next=/espace/rendez-vous/"
    confirm = client.post("/comptes/login/code/?next=/espace/rendez-vous/", {"phone": "06 12 34 56 78"}).url
    assert confirm == "/comptes/login/code/confirm/?next=%2Fespace%2Frendez-vous%2F"  # allauth carries it along
    response = client.post(confirm, {"code": _code_from(sms.outbox[-1][1])}, follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/nouveau-mot-de-passe/?next=%2Fespace%2Frendez-vous%2F"
    assert 'href="/espace/rendez-vous/">Plus tard</a>' in response.content.decode()
    new = "une toute nouvelle phrase 2026"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.url == "/espace/rendez-vous/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_next_to_another_site_is_not_followed_after_sign_in(client):
    UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    response = client.post(
        "/comptes/login/?next=https://evil.example/", {"login": "06 12 34 56 78", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/espace/"


def test_after_a_password_login_the_old_password_is_still_asked(client):
    user = UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    client.post("/comptes/login/", {"login": "06 12 34 56 78", "password": PASSWORD})
    response = client.post("/comptes/nouveau-mot-de-passe/", {"new_password1": "x" * 20, "new_password2": "x" * 20})
    assert response.status_code == 302 and response.url == "/comptes/password/change/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_staff_never_reach_the_password_after_code_page(verified_client, worker):
    client = verified_client(worker)
    assert client.get("/comptes/nouveau-mot-de-passe/").status_code == 404


def test_a_household_with_a_device_still_types_its_second_factor_after_a_code(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(email=None, phone="+33612345678", phone_verified_at=timezone.now())
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post("/comptes/login/code/", {"phone": "06 12 34 56 78"})
    client.post("/comptes/login/code/confirm/", {"code": _code_from(sms.outbox[-1][1])})
    response = client.get("/espace/")
    assert response.status_code == 302 and response.url.startswith("/comptes/2fa/")
    assert client.get("/comptes/nouveau-mot-de-passe/").status_code == 302


def test_the_demo_has_a_phone_only_household_that_signs_in_by_code(client):
    from portal import demo

    demo.load()
    demo.load()  # loading twice adds nothing
    user = User.objects.get(phone="+33600000001")
    assert user.email is None and user.phone_verified
    client.post("/comptes/login/code/", {"phone": "06 00 00 00 01"})
    client.post("/comptes/login/code/confirm/", {"code": _code_from(sms.outbox[-1][1])})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_verified_number_replaced_by_another_is_a_security_event_told_by_mail_and_to_the_former_number(rf):
    from django.core import mail

    from portal.models import AuditEvent

    user = UserFactory(email="menage@example.org", phone="+33611111111", phone_verified_at=timezone.now())
    adapter = PortalAccountAdapter(rf.get("/comptes/phone/"))
    adapter.set_phone_verified(user, "+33622222222")
    assert [m.to for m in mail.outbox] == [["menage@example.org"]]
    assert "numéro de téléphone" in mail.outbox[0].body
    assert [phone for phone, _ in sms.outbox] == ["+33611111111"]
    event = AuditEvent.objects.get(action="security.phone_changed")
    assert "+33611111111" not in str(event.extra)  # the former number is told, not kept


def test_a_first_verified_number_is_no_security_event(rf):
    from django.core import mail

    user = UserFactory(email="menage@example.org", phone="+33611111111", phone_verified_at=None)
    PortalAccountAdapter(rf.get("/comptes/phone/")).set_phone_verified(user, "+33611111111")
    assert mail.outbox == [] and sms.outbox == []


def test_sms_reminders_read_off_and_say_why_until_a_number_is_verified(client):
    user = UserFactory(phone="+33612345678", reminder_by_sms=True)  # ticked once, the number never confirmed
    client.force_login(user)
    page = client.get("/comptes/preferences/").content.decode()
    box = re.search(r'<input[^>]*name="reminder_by_sms"[^>]*>', page).group(0)
    assert "disabled" in box and "checked" not in box
    assert "aucun numéro de portable vérifié" in page
    user.phone_verified_at = timezone.now()
    user.save()
    box = re.search(r'<input[^>]*name="reminder_by_sms"[^>]*>', client.get("/comptes/preferences/").content.decode())
    assert "disabled" not in box.group(0) and "checked" in box.group(0)
