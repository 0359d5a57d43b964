"""Page types: creation rules, rendering, and a fixed number of queries whatever the number of children."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import (
    AidIndexPage,
    AidPage,
    ContactPage,
    FaqPage,
    GlossaryPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    PartnerDirectoryPage,
    ProcedurePage,
    StandardPage,
)
from portal.enums import OrganisationKind
from tests.conftest import verify_client
from tests.home.factories import GlossaryTermFactory, guide, rich, site_tree, stream
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class TestCreationRules(WagtailPageTestCase):
    def setUp(self):
        super().setUp()
        verify_client(self.client, self.login())
        self.pages = site_tree()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage, ProcedurePage, FaqPage})
        self.assertAllowedSubpageTypes(AidIndexPage, {AidPage})
        self.assertAllowedParentPageTypes(GuidePage, {GuideIndexPage})
        self.assertAllowedParentPageTypes(AidPage, {AidIndexPage})
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertCanNotCreateAt(GuideIndexPage, AidPage)

    def test_can_create_guide(self):
        self.assertCanCreate(
            self.pages["guide_index"],
            GuidePage,
            nested_form_data(
                {
                    "title": "Le commandement de payer",
                    "slug": "commandement",
                    "body": streamfield([("paragraph", rich_text("Vous avez 6 semaines ou 2 mois."))]),
                    "sources": streamfield([]),
                }
            ),
        )

    def test_can_create_procedure_with_stages(self):
        self.assertCanCreate(
            self.pages["guide_index"],
            ProcedurePage,
            nested_form_data(
                {
                    "title": "Les étapes",
                    "slug": "etapes",
                    "intro": rich_text("Intro"),
                    "stages": inline_formset(
                        [
                            {
                                "title": "Relances",
                                "what_happens": rich_text("Le bailleur écrit."),
                                "legal_delay": "",
                                "what_you_can_do": rich_text(""),
                                "who_helps": rich_text(""),
                            },
                        ]
                    ),
                    "body": streamfield([]),
                    "sources": streamfield([]),
                }
            ),
        )

    def test_can_create_aid(self):
        self.assertCanCreate(
            self.pages["aid_index"],
            AidPage,
            nested_form_data(
                {
                    "title": "FSL",
                    "slug": "fsl",
                    "who_for": rich_text("Les locataires"),
                    "what_it_gives": rich_text("Une aide"),
                    "how_to_ask": rich_text("Avec un travailleur social"),
                    "documents": rich_text(""),
                    "body": streamfield([]),
                    "sources": streamfield([]),
                }
            ),
        )

    def test_can_create_faq_standard_and_indexes(self):
        home = self.pages["home"]
        self.assertCanCreate(
            home,
            FaqPage,
            nested_form_data(
                {
                    "title": "FAQ 2",
                    "slug": "faq-2",
                    "intro": rich_text(""),
                    "sources": streamfield([]),
                    "body": streamfield([("faq", {"question": "Q ?", "answer": rich_text("R.")})]),
                }
            ),
        )
        self.assertCanCreate(
            home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Accessibilité",
                    "slug": "accessibilite",
                    "body": streamfield([("paragraph", rich_text("x"))]),
                }
            ),
        )
        self.assertCanCreate(
            home, GuideIndexPage, nested_form_data({"title": "Guides 2", "slug": "guides-2", "intro": rich_text("")})
        )
        self.assertCanCreate(
            home, AidIndexPage, nested_form_data({"title": "Aides 2", "slug": "aides-2", "intro": rich_text("")})
        )

    def test_single_instance_pages(self):
        # The contact page, the directory and the glossary exist once.
        home = self.pages["home"]
        for model in (ContactPage, PartnerDirectoryPage, GlossaryPage):
            assert not model.can_create_at(home), model


# Queries for one anonymous, uncached page view; the same with 1 or 6 children/stages/blocks.
# Wagtail itself needs the site (2), the route (one per level), the specific page, aliases and view restrictions.
EXPECTED_QUERIES = {
    "home": 9,
    "guide_index": 12,
    "guide": 13,
    "procedure": 14,
    "aid_index": 12,
    "aid": 13,
    "faq": 11,
    "contact": 10,
    "standard": 10,
    "directory": 11,
    "glossary": 12,  # the latest term edit (« mis à jour le »)
}


def count_queries(client, url):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_each_page_type_renders_in_fixed_queries(client):
    counts = {name: count_queries(client, page.url) for name, page in site_tree(children=1).items()}
    assert counts == EXPECTED_QUERIES


def test_query_count_does_not_grow_with_children_blocks_or_partners(client):
    pages = site_tree(children=6)
    GlossaryTermFactory.create_batch(6)
    OrganisationFactory.create_batch(6, kind=OrganisationKind.PARTNER)
    guide_index = pages["guide_index"]
    many_blocks = stream(*[("paragraph", rich(f"Paragraphe {n}")) for n in range(12)])
    pages["guide"] = guide(guide_index, slug="long", body=many_blocks)
    counts = {name: count_queries(client, page.url) for name, page in pages.items()}
    assert counts == EXPECTED_QUERIES


def test_cached_page_needs_no_query(client, django_assert_num_queries):
    url = site_tree()["guide"].url
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
