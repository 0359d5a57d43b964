"""The programme switcher in a real browser, JavaScript off: a member of two programmes chooses one with
« Afficher », the caseload and then the partner home follow the choice, « Tous les programmes » shows both with
their programme. Each page passes axe (casework.programme_choice)."""

import pytest

from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switcher_works_without_javascript_and_is_accessible(live_server, browser, association, coordinator):
    first = ProgrammeFactory(association=association, name="Premier programme")
    second = ProgrammeFactory(association=association, name="Second programme", contact_deadline_days=45)
    CaseFactory(programme=first, referral__tenancy__household__display_name="Ménage Premier")
    CaseFactory(programme=second, referral__tenancy__household__display_name="Ménage Second")
    url = live_server.url
    # Without JavaScript: a plain GET form.
    page = signed_in(browser, live_server, coordinator, java_script_enabled=False)
    page.goto(f"{url}/partenaires/dossiers/")
    assert "Tous les programmes" in page.locator("form.programme-switcher").inner_text()
    assert page.get_by_role("columnheader", name="Programme").count() == 1
    page.get_by_label("Afficher le programme").select_option(label="Second programme")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state()
    assert f"programme={second.pk}" in page.url
    assert "Programme affiché : Second programme" in _shown(page)
    assert page.get_by_role("link", name="Ménage Second").count() == 1
    assert page.get_by_role("link", name="Ménage Premier").count() == 0
    assert page.get_by_role("columnheader", name="Programme").count() == 0
    page.goto(f"{url}/partenaires/")  # the choice follows
    assert "Programme affiché : Second programme" in _shown(page)
    page.context.close()
    # axe runs in the page: with JavaScript, on both views and on the partner home.
    checked = signed_in(browser, live_server, coordinator)
    for path in (
        "/partenaires/dossiers/?programme=tous",
        f"/partenaires/dossiers/?programme={second.pk}",
        "/partenaires/",
    ):
        checked.goto(f"{url}{path}")
        assert_accessible(checked)
    checked.context.close()


def _shown(page):
    return " ".join(page.locator("form.programme-switcher").inner_text().split())
