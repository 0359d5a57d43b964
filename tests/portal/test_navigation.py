"""Each role's own navigation in the header (portal.navigation), not the public site's."""

import re

import pytest
from django.urls import reverse

from portal.enums import OrganisationKind, Role
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def header_links(client, url):
    html = client.get(url).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    return re.findall(r">([^<>]+)</a>", nav)


def test_each_role_reads_its_own_sections(verified_client, worker, landlord_referent):
    assert header_links(verified_client(worker), reverse("portal:partner_home")) == [
        "Dossiers",
        "Messages",
        "Agenda",
        "Réunions",
        "Évaluation",
    ]
    assert header_links(verified_client(landlord_referent), reverse("portal:partner_home")) == [
        "Signalements",
        "Messages",
        "Réunions",
        "Évaluation",
    ]


def test_partner_and_funder(verified_client):
    partner = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.PARTNER), role=Role.PARTNER_CONTACT
    ).user
    funder = MembershipFactory(organisation=OrganisationFactory(kind=OrganisationKind.FUNDER), role=Role.FUNDER).user
    assert header_links(verified_client(partner), reverse("portal:partner_home")) == ["Relais"]
    assert header_links(verified_client(funder), reverse("portal:partner_home")) == ["Évaluation"]


def test_current_section_is_marked_and_the_public_menu_stays_for_others(verified_client, worker, client):
    html = verified_client(worker).get(reverse("appointments:staff_agenda") + "?vue=equipe").content.decode()
    assert f'<a href="{reverse("appointments:staff_agenda")}" aria-current="page">Agenda</a>' in html
    assert 'href="#menu"' in html and 'id="menu"' in html  # the :target mobile menu is still there
    client.logout()
    assert "Comprendre" in header_links(client, reverse("account_login"))
