"""Browser checks of the public site: axe-core finds no WCAG 2.1 AA violation on any page type; keyboard use works."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from home import demo
from portal import demo as portal_demo
from portal.models import User
from tests.axe import assert_accessible
from tests.conftest import verify_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",  # HomePage
    "/guides/",  # GuideIndexPage
    "/guides/les-etapes-de-la-procedure/",  # ProcedurePage
    "/guides/commandement-de-payer/",  # GuidePage
    "/guides/questions-frequentes/",  # FaqPage
    "/aides/",  # AidIndexPage
    "/aides/apl-et-caf/",  # AidPage
    "/annuaire/",  # PartnerDirectoryPage
    "/glossaire/",  # GlossaryPage
    "/contact/",  # ContactPage
    "/contact/merci/",  # its confirmation
    "/confidentialite/",  # StandardPage
    "/recherche/?q=echeancier",  # search results
]


@pytest.fixture
def demo_site(live_server):
    portal_demo.load()
    demo.load()
    return live_server.url


def test_every_page_type_has_no_axe_violation(page, demo_site):
    for path in PAGES:
        page.goto(demo_site + path)
        assert_accessible(page)
    # An open FAQ item, and a contact form showing its errors.
    page.goto(demo_site + "/guides/questions-frequentes/")
    page.locator("summary").first.click()
    assert_accessible(page)
    page.goto(demo_site + "/contact/")
    page.get_by_role("button", name="Envoyer ma demande").click()
    # The error next to the field (the summary at the top links to it too).
    assert page.locator(".error-text", has_text="Indiquez votre nom ou votre prénom").is_visible()
    assert page.locator('.error-summary a[href="#id_name"]').is_visible()
    assert_accessible(page)
    # The feedback answer without JavaScript's help page (error) is reachable too.
    page.goto(demo_site + "/guides/commandement-de-payer/")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Choisissez oui ou non avant d'envoyer.")).to_be_visible()
    assert_accessible(page)


def test_association_contact_requests_page_has_no_axe_violation(page, demo_site, context):
    client = verify_client(Client(), User.objects.get(email="travailleur@demo.example"))
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": demo_site,
            }
        ]
    )
    page.goto(demo_site + "/partenaires/demandes-de-contact/")
    assert page.get_by_role("heading", name="Demandes de contact reçues par le site").is_visible()
    assert_accessible(page)


def test_keyboard_only_contact_request(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.goto(demo_site + "/contact/")
    page.locator("#id_name").focus()
    page.keyboard.type("Samia")
    page.keyboard.press("Tab")  # the radio group (phone is preselected)
    assert page.evaluate("document.activeElement.value") == "phone"
    page.keyboard.press("Tab")
    page.keyboard.type("06 12 34 56 78")
    for _ in range(4):  # e-mail, preferred times, message, consent
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the privacy link inside the help text
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Envoyer ma demande"
    page.keyboard.press("Enter")
    page.wait_for_url("**/contact/merci/")
    assert page.get_by_text("L'association vous rappellera").is_visible()


def test_feedback_with_keyboard_and_javascript(page, demo_site):
    page.goto(demo_site + "/guides/treve-hivernale/")
    page.locator("#avis-oui").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Clair, merci")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Merci pour votre avis.")).to_be_visible()
    from home.models import PageFeedback

    assert PageFeedback.objects.get().comment == "Clair, merci"
