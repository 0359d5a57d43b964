"""The partner home's casework panels speak French for 1 and for 2 (portal.formats.plural through |accord): once
« 2 ménages s'sont manifestés » was printed."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def panel_text(client, title):
    html = client.get(reverse("portal:partner_home")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    heading = next(h for h in soup.find_all("h2") if h.get_text(strip=True) == title)
    return " ".join(unescape(heading.find_parent("section").get_text(" ", strip=True)).split())


def test_the_association_panel_agrees_with_one_and_with_two(programme, coordinator, verified_client):
    client = verified_client(coordinator)
    CaseFactory(programme=programme, reached_out=True, assigned_worker=coordinator)
    CaseFactory(programme=programme, outside_criteria=True)
    text = panel_text(client, "Dossiers de l'association")
    assert "2 dossiers ouverts, dont 1 qui vous est attribué." in text
    assert "1 ménage s'est manifesté : contact à confirmer." in text
    assert "1 signalement hors critères à examiner" in text

    CaseFactory(programme=programme, reached_out=True, assigned_worker=coordinator)
    CaseFactory(programme=programme, outside_criteria=True)
    text = panel_text(client, "Dossiers de l'association")
    assert "4 dossiers ouverts, dont 2 qui vous sont attribués." in text
    assert "2 ménages se sont manifestés : contact à confirmer." in text
    assert "2 signalements hors critères à examiner" in text
    for wrong in ("s'sont", "ménages s'est", "1 ménages", "2 ménage "):
        assert wrong not in text


def test_the_association_panel_with_none_says_no_count_to_agree(programme, worker, verified_client):
    CaseFactory(programme=programme, contacting=True)
    text = panel_text(verified_client(worker), "Dossiers de l'association")
    assert "1 dossier ouvert, dont 0 qui vous est attribué." in text
    assert "manifest" not in text


def test_the_landlord_panel_agrees_with_one_and_with_two(programme, landlord_referent, verified_client):
    client = verified_client(landlord_referent)
    CaseFactory(programme=programme, no_contact=True)
    assert "1 dossier en cours, dont 1 sans contact." in panel_text(client, "Vos signalements")
    CaseFactory(programme=programme, contacting=True)
    assert "2 dossiers en cours, dont 1 sans contact." in panel_text(client, "Vos signalements")
