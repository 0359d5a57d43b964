"""A carnet de route step points to a live public page of the guide, picked from a list (issue 18): typed addresses
are refused, the link is shown (and printed in full) only while the page is published."""

import io
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.enums import ActionStatus
from casework.forms import RoadmapActionForm
from casework.models import HouseholdMember, RoadmapAction
from portal.enums import Party
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.home.factories import site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    return site_tree()


@pytest.fixture
def case(association, worker):
    return CaseFactory(programme=ProgrammeFactory(association=association), assigned_worker=worker)


@pytest.fixture
def action(case, pages):
    return RoadmapAction.objects.create(
        case=case, title="Déposer la demande d'aide du FSL", actor=Party.HOUSEHOLD, guide_page=pages["aid"]
    )


def form(**data):
    return RoadmapActionForm({"title": "Une démarche", "actor": Party.HOUSEHOLD, "status": ActionStatus.TODO, **data})


def test_the_list_holds_the_live_public_guide_pages_only(pages):
    pages["guide"].unpublish()
    offered = {title for _, title in form().fields["guide_page"].choices}
    assert {"Aide 0", "La procédure", "FAQ"} <= offered
    assert "Guide 0" not in offered  # unpublished
    assert not offered & {"Mentions légales", "Contact", "Accueil test", "Guides"}  # not guide pages


@pytest.mark.parametrize("typed", ["/guide/fsl/", "//evil.example/x", "https://evil.example/", "javascript:alert(1)"])
def test_a_typed_address_is_refused_in_french(pages, typed):
    refused = form(guide_page=typed)
    assert refused.errors["guide_page"] == ["Choisissez une page du guide dans la liste."]


def test_an_unpublished_or_non_guide_page_is_refused(pages):
    pages["guide"].unpublish()
    assert "guide_page" in form(guide_page=pages["guide"].pk).errors
    assert "guide_page" in form(guide_page=pages["standard"].pk).errors
    assert form(guide_page=pages["aid"].pk).is_valid()
    assert form().is_valid()  # no page: « Aucune »


def test_the_worker_picks_a_page_and_a_typed_address_changes_nothing(case, pages, worker, verified_client):
    client = verified_client(worker)
    url = reverse("casework:add_action", args=[case.pk])
    data = {"action-title": "Lire le guide", "action-actor": Party.HOUSEHOLD, "action-status": ActionStatus.TODO}
    client.post(url, {**data, "action-guide_page": pages["procedure"].pk})
    assert case.roadmap.get().guide_page_id == pages["procedure"].pk
    client.post(url, {**data, "action-guide_page": "/guide/fsl/", "action-guide_url": "//evil.example"})
    assert case.roadmap.count() == 1


def test_the_edit_page_shows_the_error_next_to_the_field(action, worker, verified_client):
    response = verified_client(worker).post(
        reverse("casework:edit_action", args=[action.case_id, action.pk]),
        {"title": "X", "actor": Party.HOUSEHOLD, "status": ActionStatus.TODO, "guide_page": "//evil.example"},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert 'id="id_guide_page_error"' in html and "Choisissez une page du guide dans la liste." in html


def _household_page(case, household_user, client):
    HouseholdMember.objects.create(household=case.household, user=household_user, first_name="A", last_name="B")
    client.force_login(household_user)
    return lambda: unescape(client.get(reverse("casework:household_roadmap")).content.decode())


def test_the_household_sees_the_link_only_while_the_page_is_live(action, pages, household_user, client):
    household_roadmap = _household_page(action.case, household_user, client)
    assert f'href="{pages["aid"].url}"' in household_roadmap()
    pages["aid"].unpublish()
    assert pages["aid"].url not in household_roadmap()
    assert "Déposer la demande d'aide du FSL" in household_roadmap()  # the step stays


def test_staff_case_page_link_follows_the_page_state(action, pages, worker, verified_client):
    client = verified_client(worker)
    case_url = reverse("casework:case_detail", args=[action.case_id])
    assert f'href="{pages["aid"].url}"' in client.get(case_url).content.decode()
    pages["aid"].unpublish()
    assert f'href="{pages["aid"].url}"' not in client.get(case_url).content.decode()


def test_a_deleted_page_leaves_the_step_without_a_link(action, pages):
    pages["aid"].delete()
    action.refresh_from_db()
    assert action.guide_page is None and action.live_guide_page is None and action.guide_address == ""


def test_the_printed_carnet_gives_the_full_address(action, pages, settings):
    settings.PORTAL_BASE_URL = "https://prevenir.example"
    html = render_to_string(
        "casework/pdf/roadmap.html",
        {"actions": [action], "association": action.case.programme.association, "today": timezone.localdate()},
    )
    assert f"https://prevenir.example{pages['aid'].url}" in html
    assert pages["aid"].url == "/aides/aide-0/"


def test_the_carnet_pdf_prints_the_address(action, pages, worker, verified_client, settings):
    settings.PORTAL_BASE_URL = "https://prevenir.example"
    response = verified_client(worker).get(reverse("casework:roadmap_pdf", args=[action.case_id]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "https://prevenir.example/aides/aide-0/" in text.replace("\n", "")
