"""The casework pages with the demo data in a real browser: screenshots (CASEWORK_SCREENSHOTS=1) and axe-core."""

import io

import pytest
from django.core.management import call_command

from casework.models import Case
from portal.models import User
from tests.axe import assert_accessible
from tests.casework.test_browser import shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboards_and_case_pages_with_demo_data(live_server, browser):
    call_command("load_demo", stdout=io.StringIO())
    url = live_server.url
    coordinator = signed_in(browser, live_server, User.objects.get(email="coordinatrice@demo.example"))
    coordinator.goto(f"{url}/partenaires/dossiers/")
    assert coordinator.locator("tbody tr").count() >= 9
    assert coordinator.get_by_text("Alerte échéance").first.is_visible()
    assert coordinator.get_by_text("Accompagnement long").first.is_visible()
    shot(coordinator, "10-caseload")
    assert_accessible(coordinator)
    support = Case.objects.get(referral__tenancy__lease_reference="HL-2026-0107")
    for path in ("", "diagnostic/"):
        coordinator.goto(f"{url}/partenaires/dossiers/{support.pk}/{path}")
        assert_accessible(coordinator)
    shot(coordinator, "11-diagnostic")

    referent = signed_in(browser, live_server, User.objects.get(email="bailleur@demo.example"))
    referent.goto(f"{url}/partenaires/bailleur/?statut=tous")
    assert referent.get_by_text("Orientation vers un autre dispositif").first.is_visible()
    assert "ASLL" not in referent.content()  # an orientation never says which scheme
    shot(referent, "12-landlord-dashboard")
    assert_accessible(referent)
    referent.goto(f"{url}/partenaires/bailleur/dossiers/{support.pk}/")
    shot(referent, "13-landlord-case")
    assert_accessible(referent)
    referent.goto(f"{url}/partenaires/bailleur/signaler/")
    assert_accessible(referent)
    referent.goto(f"{url}/partenaires/bailleur/import/")
    assert_accessible(referent)

    household = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    household.goto(f"{url}/comptes/login/")
    household.fill("input[name=login]", "menage@demo.example")
    household.fill("input[name=password]", "demo-prevenir-2026")
    household.press("input[name=password]", "Enter")
    household.wait_for_url("**/espace/**")
    household.goto(f"{url}/espace/")
    assert household.get_by_role("heading", name="Mon carnet de route").is_visible()
    shot(household, "14-household-home")
    household.goto(f"{url}/espace/carnet/")
    shot(household, "15-household-roadmap")
    assert_accessible(household)
