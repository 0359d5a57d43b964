"""At 390 px, a household with only a mobile number: the letter's short link, its number verified with the code
from the SMS outbox, a first appointment booked, a message written, logged out, logged back in with a code by SMS."""

import re
from datetime import time

import pytest

from messaging.models import Message
from portal.enums import InvitationKind
from portal.models import Invitation, OutboundSms, User, phone_digest
from tests.appointments.factories import CaseFactory, ProgrammeFactory, weekly_windows
from tests.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
NUMBER = "+33612345678"


def last_code():
    """The code of the last SMS sent to the number, read from the development outbox (as `manage.py demo_sms`)."""
    text = OutboundSms.objects.filter(phone_digest=phone_digest(NUMBER)).first().text
    return re.search(r"code de connexion : ([^.]+)\.", text).group(1)


@pytest.fixture
def letter(association, worker, settings):
    settings.APPOINTMENTS_SMS_BACKEND = "portal.sms.OutboxBackend"
    case = CaseFactory(programme=ProgrammeFactory(association=association), assigned_worker=worker)
    weekly_windows(worker, association, start=time(9), end=time(19))
    invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60, postcode="45000")
    case.invitation = invitation
    case.save(update_fields=["invitation"])
    return case, invitation


def redeem_with_a_phone_only(page, url, invitation):
    page.goto(f"{url}/i/{invitation.plain_code}/")
    page.fill("input[name=postcode]", "45000")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("input[name=password1]")
    page.fill("input[name=first_name]", "Aïcha")
    page.fill("input[name=phone]", "06 12 34 56 78")
    page.fill("input[name=password1]", "une phrase facile à retenir")
    page.fill("input[name=password2]", "une phrase facile à retenir")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/comptes/phone/verify/")
    assert_accessible(page)
    assert "06 •• •• •• 78" in page.inner_text("main")
    page.fill("input[name=code]", last_code())
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(lambda address: "/phone/verify/" not in address)


def test_a_phone_only_household_from_letter_to_login_by_code(live_server, browser, letter):
    case, invitation = letter
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    redeem_with_a_phone_only(page, live_server.url, invitation)
    user = User.objects.get(phone=NUMBER)
    assert user.email is None and user.phone_verified

    page.goto(f"{live_server.url}/espace/rendez-vous/prendre/")
    page.locator("input[name=place]").first.check()  # à l'association
    page.locator("input[name=slot]").first.check()
    page.locator("form.booking button[type=submit]:not([name])").click()
    page.wait_for_url(re.compile(r".*/espace/rendez-vous/\d+/$"))
    assert "Votre rendez-vous est confirmé" in page.inner_text("main")

    page.goto(f"{live_server.url}/espace/messages/")
    if page.is_visible("text=Écrire à l'association"):
        page.get_by_role("button", name="Écrire à l'association").click()
    page.fill("textarea[name=body]", "Bonjour, je serai là.")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    page.wait_for_selector(".message--mine:not(.message--pending)")  # acknowledged by the server
    assert Message.objects.filter(conversation__case=case, author=user).exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    if not page.is_visible("text=Se déconnecter"):
        page.locator(".menu-toggle").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{live_server.url}/espace/")
    assert "/comptes/login/" in page.url

    # From the login page, as a household without a password would: the link to a code by SMS.
    page.get_by_role("link", name="Recevoir un code de connexion par SMS").click()
    page.wait_for_url("**/comptes/login/code/?next=*")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()  # nothing typed: said next to the number
    assert "Indiquez votre numéro de portable, ou votre adresse e-mail." in page.inner_text("main .field--error")
    assert_accessible(page)  # the error state too
    page.fill("input[name=phone]", "06 12 34 56 78")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/comptes/login/code/confirm/*")
    assert_accessible(page)
    page.fill("input[name=code]", last_code())
    page.locator("main form button[type=submit]").first.click()
    # After a code, a new password may be chosen; « Plus tard » goes on to the page that asked for the sign-in.
    page.wait_for_url("**/comptes/nouveau-mot-de-passe/?next=%2Fespace%2F")
    page.get_by_role("link", name="Plus tard").click()
    page.wait_for_url(f"{live_server.url}/espace/")
    assert "Mon prochain rendez-vous" in page.inner_text("main")
    context.close()
