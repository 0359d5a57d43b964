"""The diagnostic's free texts are kept as encrypted drafts while they are typed, as notes and minutes are
(portal.drafts, the « diagnostic » kind of casework.draft_kinds); retention and anonymisation erase them."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from casework.models import Diagnostic
from portal import drafts, privacy
from portal.models import Draft
from tests.casework.factories import CaseFactory, DiagnosticFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "Depuis la perte de son CDD, madame ne dort plus ; elle ne veut pas que son fils le sache."
TEXTS = ("family_account", "solutions_seen", "origin_detail", "housing_comment", "information_links", "notes")


@pytest.fixture
def case(association, landlord):
    return CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord), established=True)


@pytest.fixture
def staff(worker, verified_client):
    return verified_client(worker)


def url(case):
    return reverse("casework:diagnostic", args=[case.pk])


def key(case, name):
    return drafts.key("diagnostic", case.pk, name.replace("_", "-"))


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_free_text_autosaves_with_its_status_read_out(case, staff):
    soup = soup_of(staff.get(url(case)))
    for name in TEXTS:
        area = soup.find(id=f"id_{name}")
        assert area["data-draft-url"] == reverse("portal:save_draft", args=[key(case, name)])
        status = soup.find(id=area["data-draft-status"])
        assert status is not None and status["aria-live"] == "polite"


def test_a_draft_saved_as_typed_comes_back_before_the_saved_diagnostic(case, staff, worker):
    DiagnosticFactory(case=case, family_account="Ancien récit")
    saved = staff.post(reverse("portal:save_draft", args=[key(case, "family_account")]), {"body": ACCOUNT})
    assert saved.status_code == 200 and saved.json()["saved_at"]
    assert Draft.objects.get(user=worker).key == f"diagnostic-{case.pk}-family-account"
    soup = soup_of(staff.get(url(case)))
    assert soup.find(id="id_family_account").get_text().strip() == ACCOUNT
    assert "Un brouillon non enregistré a été repris" in soup.get_text()


def test_without_javascript_the_draft_button_keeps_everything_typed_and_saves_nothing_yet(case, staff, worker):
    data = {
        "family_account": ACCOUNT,
        "notes": "À revoir mardi",
        "income_0_label": "Salaire",
        "income_0_amount": "1 210",
    }
    soup = soup_of(staff.post(url(case), {**data, "save_draft": "1"}))
    assert not Diagnostic.objects.exists()
    assert drafts.load(worker, key(case, "family_account")) == ACCOUNT
    assert drafts.load(worker, key(case, "notes")) == "À revoir mardi"
    assert soup.find(id="id_income_0_label")["value"] == "Salaire"
    assert soup.find(id="id_family_account").get_text().strip() == ACCOUNT


def test_saving_the_diagnostic_clears_its_drafts_and_only_its_own(case, staff, worker):
    drafts.save(worker, key(case, "notes"), "Brouillon de notes")
    drafts.save(worker, drafts.key("note", case.pk), "Une note d'entretien en cours")
    response = staff.post(url(case), {"family_account": ACCOUNT, "notes": "Notes définitives"})
    assert response.status_code == 302
    assert Diagnostic.objects.get(case=case).notes == "Notes définitives"
    assert list(Draft.objects.values_list("key", flat=True)) == [drafts.key("note", case.pk)]


def test_a_refused_diagnostic_keeps_its_texts_and_says_why_next_to_the_field(case, staff):
    response = staff.post(url(case), {"family_account": ACCOUNT, "income_0_amount": "300"})
    soup = soup_of(response)
    assert not Diagnostic.objects.exists()
    error = soup.find(id="id_income_0_label_error")
    assert error is not None and "intitulé" in error.get_text()
    assert "id_income_0_label_error" in soup.find(id="id_income_0_label")["aria-describedby"]
    assert soup.select_one('[data-error-summary] a[href="#id_income_0_label"]') is not None
    assert soup.find(id="id_family_account").get_text().strip() == ACCOUNT


def test_the_registry_lists_the_diagnostic_keys(case):
    keys = drafts.keys_for_case(case)
    assert {key(case, name) for name in TEXTS} <= set(keys)
    assert drafts.is_known(key(case, "family_account"))


def test_anonymisation_erases_the_diagnostic_drafts(case, worker):
    for name in TEXTS:
        drafts.save(worker, key(case, name), ACCOUNT)
    assert privacy.anonymise_case(case)
    assert not Draft.objects.exists()


def test_the_retention_purge_erases_them_with_the_case(association, landlord, worker):
    closed_on = timezone.now() - timedelta(days=800)
    with time_machine.travel(closed_on, tick=False):
        case = CaseFactory(
            programme=ProgrammeFactory(association=association, landlord=landlord),
            closed=True,
            closed_at=closed_on,
        )
        drafts.save(worker, key(case, "origin_detail"), "Perte d'emploi")
    assert privacy.apply_retention()["cases_anonymised"] == 1
    assert not Draft.objects.filter(key__startswith=f"diagnostic-{case.pk}-").exists()
