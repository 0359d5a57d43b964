"""Editors' side: overdue review panel, partner directory kept on Organisation, robots and sitemap."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from home import demo
from home.wagtail_hooks import overdue_pages
from portal import demo as portal_demo
from portal.enums import OrganisationKind
from portal.models import Organisation
from tests.home.factories import site_tree
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_overdue_pages_panel(verified_client):
    pages = site_tree()
    guide, aid = pages["guide"], pages["aid"]
    guide.review_due_on = timezone.localdate() - datetime.timedelta(days=1)
    guide.save()
    aid.review_due_on = timezone.localdate() + datetime.timedelta(days=30)
    aid.save()
    assert [page.pk for page in overdue_pages()] == [guide.pk]
    admin = UserFactory(is_superuser=True, is_staff=True)
    html = verified_client(admin).get("/admin/").content.decode()
    assert "Pages à relire" in html and guide.title in html and f"/admin/pages/{guide.pk}/edit/" in html


def test_directory_lists_public_partner_services_only(client):
    pages = site_tree()
    OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service ASLL test", phone="02 38 00 00 09", is_public=True)
    OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service caché", is_public=False)
    OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur visible", is_public=True)
    html = client.get(pages["directory"].url).content.decode()
    assert "Service ASLL test" in html and "tel:0238000009" in html
    assert "Service caché" not in html and "Bailleur visible" not in html


def test_editor_edits_partner_public_fields_in_wagtail(verified_client, client):
    portal_demo.load()
    demo.load()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    staff = verified_client(editor)
    partner = Organisation.objects.get(name="Service ASLL du Loiret")
    landlord = Organisation.objects.get(name="Habitat Loiret Demo")
    listing = staff.get("/admin/annuaire-partenaires/").content.decode()
    assert "Service ASLL du Loiret" in listing and f"/edit/{landlord.pk}/" not in listing
    assert staff.get(f"/admin/annuaire-partenaires/edit/{landlord.pk}/").status_code == 404
    response = staff.post(
        f"/admin/annuaire-partenaires/edit/{partner.pk}/",
        {
            "name": partner.name,
            "description": "Nouveau texte",
            "address": partner.address,
            "phone": "02 38 11 22 33",
            "email": "",
            "website": "",
            "hours": partner.hours,
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner.refresh_from_db()
    assert partner.phone == "02 38 11 22 33" and partner.kind == OrganisationKind.PARTNER
    client.logout()
    client.cookies.clear()
    assert "02 38 11 22 33" in client.get("/annuaire/").content.decode()


def test_robots_and_sitemap_use_the_configured_host(client):
    pages = site_tree()
    Site.objects.filter(root_page=pages["home"]).update(hostname="portail.example.org", port=443)
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    body = robots.content.decode()
    assert "Disallow: /partenaires/" in body and "Sitemap: https://portail.example.org/sitemap.xml" in body
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "https://portail.example.org/guides/guide-0/" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap


def test_site_map_page_lists_the_pages(client):
    site_tree()
    html = client.get("/plan-du-site/").content.decode()
    assert "<h1>Plan du site</h1>" in html
    for path in ("/guides/guide-0/", "/aides/aide-0/", "/mentions-legales/", "/glossaire/"):
        assert f'href="{path}"' in html
