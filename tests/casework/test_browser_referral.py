"""The referral form in a real browser (1366 px): the criteria list is there before anything is submitted and
turns as the fields are filled, from the server's rule (no submission, no rule in JavaScript); axe finds nothing."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from casework.models import Case
from tests.axe import assert_accessible
from tests.casework.factories import ProgrammeFactory
from tests.casework.test_browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CASEWORK_SCREENSHOTS")


def shoot(page, name):
    if SHOTS:
        path = Path(settings.BASE_DIR) / "var" / "screens"
        path.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path / f"{name}.png"), full_page=True)


def item(page, key):
    return page.locator(f'#criteres [data-criterion="{key}"]')


@pytest.mark.parametrize("width", [1366, 390])
def test_the_criteria_list_is_there_first_and_turns_as_fields_are_filled(
    live_server, browser, association, landlord, landlord_referent, width
):
    ProgrammeFactory(association=association, landlord=landlord, communes=["45234"], min_arrears_months=2)  # Orléans
    page = signed_in(browser, live_server, landlord_referent, viewport={"width": width, "height": 900})
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/criteres/" in request.url else None)
    page.goto(f"{live_server.url}/partenaires/bailleur/signaler/")

    # Before anything is typed: five criteria, none met, as a list (no error summary).
    assert page.locator("#criteres [data-criterion]").count() == 5
    assert page.locator('#criteres [data-met="oui"]').count() == 0
    assert page.locator("[data-error-summary]").count() == 0
    assert item(page, "territory").is_visible()
    assert_accessible(page, best_practices=True)
    shoot(page, f"referral-empty-{width}")

    page.fill("#id_postcode", "45000")
    page.fill("#id_commune", "orleans")
    page.wait_for_selector('#criteres [data-criterion="territory"][data-met="oui"]')
    assert item(page, "no_guarantee").get_attribute("data-met") == "non"

    page.select_option("#id_guarantee", "none")
    page.wait_for_selector('#criteres [data-criterion="no_guarantee"][data-met="oui"]')

    # 2 × (500 − 100) = 800,00 €: typed the French way, one cent short then at the threshold.
    page.fill("#id_monthly_rent", "500")
    page.fill("#id_monthly_apl", "100")
    page.fill("#id_arrears_amount", "799,99")
    page.wait_for_selector('#criteres [data-criterion="arrears"]:has-text("799,99")')
    assert item(page, "arrears").get_attribute("data-met") == "non"
    page.fill("#id_arrears_amount", "800,00")
    page.wait_for_selector('#criteres [data-criterion="arrears"][data-met="oui"]')

    assert asked, "the list is recomputed by the server"
    assert not Case.objects.exists() and page.url.endswith("/signaler/")  # nothing was submitted
    assert_accessible(page, best_practices=True)
    shoot(page, f"referral-filled-{width}")
    page.context.close()
