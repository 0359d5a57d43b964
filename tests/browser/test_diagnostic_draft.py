"""In a real browser: the diagnostic's free text is saved as a draft while it is typed (static/js/portal.js), and
the next visit puts it back into its field."""

import pytest

from casework.models import Diagnostic
from portal import drafts
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Monsieur a eu un retard de salaire en septembre ; il n'ose pas appeler le bailleur."


def test_the_diagnostic_text_typed_comes_back_on_the_next_visit(live_server, browser, association, landlord, worker):
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord), established=True)
    page = signed_in(browser, live_server, worker, viewport={"width": 1366, "height": 900})
    url = f"{live_server.url}/partenaires/dossiers/{case.pk}/diagnostic/"
    page.goto(url)
    page.fill("#id_family_account", TEXT)
    page.wait_for_selector("#id_family_account-draft:has-text('Brouillon enregistré à')")
    assert drafts.load(worker, drafts.key("diagnostic", case.pk, "family-account")) == TEXT
    assert not Diagnostic.objects.exists()
    page.goto(url)
    assert page.input_value("#id_family_account") == TEXT
    assert page.get_by_text("Un brouillon non enregistré a été repris").is_visible()
