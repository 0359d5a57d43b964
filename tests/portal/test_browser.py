"""The platform in a real browser: a worker signs in with password then TOTP; pages pass axe-core."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.axe import assert_accessible
from tests.portal.factories import PASSWORD, UserFactory
from tests.portal.test_auth import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_signs_in_with_second_factor_using_the_keyboard(live_server, page, worker):
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)
    page.goto(f"{live_server.url}/comptes/login/?next=/partenaires/")
    assert_accessible(page)
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Aller au contenu"
    page.fill("input[name=login]", worker.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/comptes/2fa/**")
    assert_accessible(page)
    page.fill("input[name=token]", totp_code(device))
    page.press("input[name=token]", "Enter")
    page.wait_for_url("**/partenaires/")
    assert page.locator("h1").inner_text() == "Espace partenaires"
    assert_accessible(page)


def test_enrolment_page_and_household_pages_are_accessible(live_server, page, worker):
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", worker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> nth=-1")
    page.goto(f"{live_server.url}/partenaires/")
    page.wait_for_url("**/comptes/2fa/activer/**")
    assert page.locator(".qr svg").count() == 1
    assert_accessible(page)

    household = UserFactory()
    context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/comptes/login/")
    phone.fill("input[name=login]", household.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.press("input[name=password]", "Enter")
    phone.wait_for_url("**/espace/")
    assert_accessible(phone)
    phone.goto(f"{live_server.url}/comptes/preferences/")
    assert_accessible(phone)
    phone.goto(f"{live_server.url}/comptes/invitation/")
    assert_accessible(phone)
    context.close()


def test_invitation_page_is_accessible_anonymously(live_server, page):
    page.goto(f"{live_server.url}/comptes/invitation/")
    assert_accessible(page)
    page.fill("input[name=code]", "ABCD")
    page.click("main button[type=submit]")
    assert page.locator(".error-text").count() == 1
    assert page.input_value("input[name=code]") == "ABCD"
    assert_accessible(page)
