"""The partner services directory and the territory field in a real browser, with the demo data: the public
directory (390 and 1366 px, axe), the coordinator's directory form and its commune search (axe), screenshots
with CASEWORK_SCREENSHOTS=1."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.models import Organisation, User
from tests.axe import assert_accessible
from tests.casework.test_browser import shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_directory_and_the_coordinators_form(live_server, browser):
    call_command("load_demo", stdout=io.StringIO())
    url = live_server.url
    for width, height in ((390, 844), (1366, 900)):
        public = browser.new_context(viewport={"width": width, "height": height}).new_page()
        public.goto(f"{url}/annuaire/")
        expect(public.get_by_role("heading", name="Point conseil budget du Loiret")).to_be_visible()
        expect(public.get_by_text("Pass-Assistance — Action Logement")).to_be_visible()
        assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(public, f"40-public-directory-{width}")
        assert_accessible(public, best_practices=True)

    coordinator = User.objects.get(email="coordinatrice@demo.example")
    for width, height in ((390, 844), (1366, 900)):
        page = signed_in(browser, live_server, coordinator, viewport={"width": width, "height": height})
        page.goto(f"{url}/partenaires/annuaire/")
        expect(page.get_by_role("link", name="CAF du Loiret")).to_be_visible()
        shot(page, f"41-directory-list-{width}")
        assert_accessible(page)
    caf = Organisation.objects.get(name="CAF du Loiret")
    page.goto(f"{url}/partenaires/annuaire/{caf.pk}/")
    page.get_by_label("Chercher une commune ou un département").fill("45430")
    page.get_by_role("button", name="Ajouter Chécy (45430)").click()
    expect(page.get_by_label("Zone couverte")).to_have_value("45 — Loiret (tout le département 45)\n45089 — Chécy (45)")
    shot(page, "42-directory-entry-1366")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.get_by_text("Fiche « CAF du Loiret » enregistrée.")).to_be_visible()
    caf.refresh_from_db()
    assert caf.area == ["45", "45089"]
    page.goto(f"{url}/partenaires/annuaire/nouveau/")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{url}/partenaires/communes-a-preciser/")
    expect(page.get_by_role("heading", name="Communes à préciser")).to_be_visible()
    assert_accessible(page)
