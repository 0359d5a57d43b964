"""The demo content: at least 15 real pages at the addresses the header and footer link to, loaded idempotently."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from home import demo
from home.models import AidPage, ContactPage, GuidePage, HomePage, ProcedurePage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(loaded):
    count = Page.objects.count()
    demo.load()
    assert Page.objects.count() == count
    assert HomePage.objects.count() == 1


def test_demo_has_real_pages_at_linked_addresses(loaded, client):
    live = Page.objects.live().type(GuidePage, ProcedurePage, AidPage, StandardPage, ContactPage)
    assert live.count() >= 15
    for path in (
        "/",
        "/guides/",
        "/aides/",
        "/contact/",
        "/mentions-legales/",
        "/confidentialite/",
        "/accessibilite/",
        "/annuaire/",
        "/glossaire/",
        "/guides/les-etapes-de-la-procedure/",
    ):
        assert client.get(path).status_code == 200, path


def test_uncertain_pages_say_so_and_are_reviewed_soon(loaded):
    uncertain = [
        page for model in (GuidePage, ProcedurePage, AidPage) for page in model.objects.exclude(review_note="")
    ]
    assert len(uncertain) >= 5
    for page in uncertain:
        # "near": within about four months of the demo's review date (2026-11-20).
        assert page.review_due_on is not None and page.review_due_on <= datetime.date(2027, 3, 31), page


def test_procedure_keeps_delays_and_truce(loaded, client):
    html = client.get("/guides/les-etapes-de-la-procedure/").content.decode()
    for text in ("6 semaines", "2 mois", "1er novembre au 31 mars", "Sources"):
        assert text in html


def test_privacy_page_states_retention_and_rights(loaded, client):
    html = client.get("/confidentialite/").content.decode()
    for text in (
        "responsable du traitement",
        "24 mois",
        "30 jours",
        "12 mois",
        "Vos droits",
        "Qui voit vos données",
        "Sur quelle base",
    ):
        assert text in html, text


def test_apl_page_notes_2027_change_and_scheduled_page_waits(loaded, client):
    assert "1er janvier 2027" in client.get("/aides/apl-et-caf/").content.decode()
    scheduled = AidPage.objects.get(slug="apl-a-partir-de-2027")
    assert not scheduled.live
    assert scheduled.latest_revision.approved_go_live_at is not None


def test_settings_workflow_and_editor_permissions(loaded):
    site_settings = SiteSettings.objects.get()
    assert site_settings.association.name == demo.ASSOCIATION_NAME
    workflow = Workflow.objects.get(name="Relecture avant publication")
    assert HomePage.objects.get().get_workflow() == workflow
    editors = Group.objects.get(name="Editors")
    assert not editors.page_permissions.filter(permission__codename="publish_page").exists()
    assert Group.objects.get(name="Moderators").page_permissions.filter(permission__codename="publish_page").exists()
    # Editors have no permission on any case data.
    assert not editors.permissions.filter(content_type__app_label="casework").exists()
