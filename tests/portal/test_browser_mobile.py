"""On a 390 px phone: the header folds behind « Menu » (no JavaScript), the household's home lists what it is asked."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from casework.models import Handover, HouseholdMember
from portal.enums import OrganisationKind
from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# MOBILE_SCREENSHOTS=/some/dir keeps the screenshots to look at them.
SHOTS = os.environ.get("MOBILE_SCREENSHOTS")
PHONE = {"width": 390, "height": 844}


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def header_folds_behind_its_menu_button(page):
    header = page.locator(".site-header")
    assert not page.is_visible("nav.site-nav") and not page.is_visible("#recherche-q")
    assert header.bounding_box()["height"] < 100  # was about 200 px on every screen
    toggle = page.locator(".menu-toggle")
    box = toggle.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    toggle.click()
    assert page.is_visible("nav.site-nav") and page.is_visible("#recherche-q")
    page.locator(".menu-close").click()
    assert not page.is_visible("nav.site-nav")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_public_and_household_headers_fold_on_a_phone(live_server, browser, association, landlord):
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))
    user = UserFactory(confirmed=True)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="Samia", last_name="B")
    partner = OrganisationFactory(
        kind=OrganisationKind.PARTNER,
        name="Service ASLL du Loiret",
        description="Accompagnement social lié au logement : aide au budget et aux démarches.",
    )
    Handover.objects.create(case=case, partner=partner, note="Reprendre le budget ensemble")
    context = browser.new_context(viewport=PHONE)  # the menu needs no script: portal.js never touches it
    page = context.new_page()

    page.goto(f"{live_server.url}/comptes/invitation/")
    header_folds_behind_its_menu_button(page)
    assert_accessible(page)
    shoot(page, "invitation-390")

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto(f"{live_server.url}/espace/")
    header_folds_behind_its_menu_button(page)
    main = page.inner_text("main")
    assert "Ce qui vous attend" in main and "Une demande d'accord vous attend" in main
    assert_accessible(page)
    shoot(page, "espace-390")
    page.click("text=Lire et répondre")
    main = page.inner_text("main")
    assert "aide au budget et aux démarches" in main and "Reprendre le budget ensemble" in main
    assert page.is_visible("text=Je suis d'accord") and page.is_visible("text=Je ne suis pas d'accord")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    shoot(page, "accords-390")
    context.close()


def test_the_partner_areas_main_pages_fit_a_phone(live_server, browser, association, landlord):
    """A worker on a home visit, at 390 px: the switcher's select (as wide as its longest programme's name) and the
    intake panel's amounts once made the page scroll sideways (470 and 397 px); tables scroll in their own frame."""
    from decimal import Decimal

    from portal.enums import Role
    from tests.conftest import verify_client
    from tests.portal.factories import MembershipFactory

    worker = MembershipFactory(organisation=association, role=Role.WORKER).user
    for name in ("Prévenir l'impayé — agglomération orléanaise", "Prévenir l'impayé — Orléans, première année"):
        programme = ProgrammeFactory(
            association=association, landlord=landlord, name=name, yearly_capacity=300, budget=Decimal("1200000")
        )
        CaseFactory.create_batch(3, programme=programme, assigned_worker=worker)
    client = verify_client(Client(), worker)
    context = browser.new_context(viewport=PHONE)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    for path in ("/partenaires/", "/partenaires/dossiers/", "/partenaires/rendez-vous/", "/partenaires/messages/"):
        page.goto(f"{live_server.url}{path}")
        assert page.url == f"{live_server.url}{path}"
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (path, widths)
        shoot(page, "partenaires-" + path.strip("/").replace("/", "-") + "-390")
    context.close()
