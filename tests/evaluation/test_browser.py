"""The dashboard and the household's data page in a real browser: charts load under the strict CSP, axe passes."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from casework.evaluation.charts import SPECS
from casework.models import HouseholdMember
from tests.axe import assert_accessible
from tests.conftest import verify_client
from tests.evaluation.factories import evaluation_programme, hand_computed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# EVAL_SCREENSHOTS=/some/dir keeps the screenshots to look at them.
SHOTS = os.environ.get("EVAL_SCREENSHOTS")


def sign_in(context, live_server, user, household=False):
    client = Client()
    if household:
        client.force_login(user)
    else:
        verify_client(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_dashboard_charts_load_and_page_is_accessible(live_server, browser, worker, association, landlord, width):
    programme = evaluation_programme(association=association, landlord=landlord)
    hand_computed(programme)
    context = browser.new_context(viewport={"width": width, "height": 900})
    sign_in(context, live_server, worker)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{live_server.url}/partenaires/evaluation/{programme.pk}/?du=2026-01-01&au=2026-06-30")
    images = page.locator("img.chart")
    # One image per chart of the association's dashboard (casework.evaluation.charts.SPECS: the association sees every one).
    assert images.count() == len(SPECS)
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=images.nth(index).element_handle())
    assert violations == []
    # Best practices included: no two landmarks share a name (axe landmark-unique, issue 18).
    assert_accessible(page, best_practices=True)
    # No horizontal scrolling of the page itself on a phone (wide tables scroll in their own box).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"dashboard-{width}")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_programmes_side_by_side_are_accessible_and_scroll_in_their_box(
    live_server, browser, worker, association, landlord, width
):
    hand_computed(evaluation_programme(association=association, landlord=landlord))
    evaluation_programme(association=association, landlord=landlord, name="Second programme")
    context = browser.new_context(viewport={"width": width, "height": 900})
    sign_in(context, live_server, worker)
    page = context.new_page()
    page.goto(f"{live_server.url}/partenaires/evaluation/")
    page.get_by_role("link", name="Comparer les 2 programmes côte à côte").click()
    page.get_by_role("heading", name="Les programmes côte à côte").wait_for()
    header = page.locator("table").first.locator("thead th")
    assert header.nth(1).inner_text().startswith("Programme évalué")
    assert header.nth(2).inner_text().startswith("Second programme")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"compare-{width}")
    context.close()


def test_household_data_page_on_a_phone(live_server, browser, household_user, association, landlord):
    programme = evaluation_programme(association=association, landlord=landlord)
    case = hand_computed(programme)["A"]
    HouseholdMember.objects.create(household=case.household, user=household_user, first_name="Alex", last_name="Test")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    sign_in(context, live_server, household_user, household=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/espace/")
    page.get_by_role("link", name="Voir mes données").click()
    page.wait_for_url("**/espace/mes-donnees/")
    assert page.get_by_role("heading", name="Vos données", exact=True).is_visible()
    assert_accessible(page)
    shoot(page, "my-data-390")
    context.close()
