"""In a real browser at 1366 px: a refused contact attempt and a refused repayment plan come back with every value
in its field, the error next to the field, the error summary focused and linking to it, and no axe violation.

CASEWORK_SCREENSHOTS=1 also saves each error state at 1366 and 390 px under var/screens/."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from casework.models import ContactAttempt, RepaymentPlan
from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
WIDE = {"width": 1366, "height": 900}
FRENCH = {"viewport": WIDE, "locale": "fr-FR", "timezone_id": "Europe/Paris"}
NOTE = "Voisine : « il travaille de nuit », rappeler après 18 h"


def shoot(page, name):
    """The error state at 1366 then 390 px (the phone's width), back to 1366."""
    if not os.environ.get("CASEWORK_SCREENSHOTS"):
        return
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        # As static/js/portal.js does when the page loads at that width.
        page.locator("[data-error-summary]").evaluate("summary => summary.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"))
    page.set_viewport_size(WIDE)


def assert_error_next_to(page, field_id, text):
    """The message sits in the field's own block, the field points to it, the summary links to the field and has
    the focus (static/js/portal.js), so it is on screen."""
    field = page.locator(f"#{field_id}")
    error = page.locator(f"#{field_id}_error")
    assert text in error.inner_text()
    assert f"{field_id}_error" in field.get_attribute("aria-describedby").split()
    block = page.locator(".field", has=page.locator(f"#{field_id}"))
    assert block.locator(f"#{field_id}_error").count() == 1
    summary = page.locator("[data-error-summary]")
    assert summary.locator(f'a[href="#{field_id}"]').count() == 1
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.is_visible() and error.is_visible()
    assert 0 <= summary.bounding_box()["y"] < 120, "the summary is not brought to the top of the window"


@pytest.fixture
def case(association, landlord, worker):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    return CaseFactory(programme=programme, in_support=True, assigned_worker=worker)


def test_a_refused_attempt_keeps_its_note_next_to_the_error(live_server, browser, case, worker):
    page = signed_in(browser, live_server, worker, **FRENCH)
    page.goto(f"{live_server.url}/partenaires/dossiers/{case.pk}/")
    # A case in support: « Prise de contact » is folded (casework.hub.open_sections); the worker opens it.
    page.locator("#contact > details > summary").click()
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_made_at", future)
    page.select_option("#id_channel", "home_visit")
    page.select_option("#id_outcome", "message_left")
    page.fill("#id_note", NOTE)
    page.get_by_role("button", name="Enregistrer la tentative").click()
    page.wait_for_selector("#id_made_at_error")
    assert not ContactAttempt.objects.exists()
    assert page.input_value("#id_note") == NOTE
    assert page.input_value("#id_made_at") == future
    assert page.input_value("#id_channel") == "home_visit"
    assert page.input_value("#id_outcome") == "message_left"
    assert_error_next_to(page, "id_made_at", "Une tentative ne peut pas être dans le futur.")
    assert_accessible(page, best_practices=True)
    shoot(page, "case-attempt-refused")
    # The summary's link leads to the field.
    page.locator('[data-error-summary] a[href="#id_made_at"]').click()
    assert page.locator("#id_made_at").is_visible()


def test_a_refused_plan_by_steps_keeps_every_value_next_to_the_error(live_server, browser, case, worker):
    page = signed_in(browser, live_server, worker, **FRENCH)
    page.goto(f"{live_server.url}/partenaires/dossiers/{case.pk}/")
    page.locator("#plan > details > summary").click()  # no plan broken: the section is folded
    page.get_by_text("Enregistrer un plan d'apurement").click()
    values = {
        "id_plan-start_date": "2027-01-05",
        "id_plan-start_balance": "600",
        "id_plan-monthly_instalment": "40",
        "id_plan-duration_months": "3",
        "id_plan-later_steps_text": "2 × 60",
    }
    for field_id, value in values.items():
        page.fill(f"#{field_id}", value)
    page.get_by_role("button", name="Enregistrer le plan").click()
    page.wait_for_selector("#id_plan-later_steps_text_error")
    assert not RepaymentPlan.objects.exists()
    for field_id, value in values.items():
        assert page.input_value(f"#{field_id}") == value
    assert_error_next_to(page, "id_plan-later_steps_text", "la dette ne serait pas soldée")
    assert_accessible(page, best_practices=True)
    shoot(page, "case-plan-refused")
