"""The site search understands the words tenants type (issue 14), on SQLite and on PostgreSQL alike."""

import pytest

from home import search as site_search
from home.models import SearchSynonym

pytestmark = pytest.mark.django_db

# As tenants type them → the page that must come in the first three results.
QUERIES = {
    "huissier": "/guides/commandement-de-payer/",
    "expulsée": "/guides/les-etapes-de-la-procedure/",
    "loyers": "/",
    "APL": "/aides/apl-et-caf/",
    "je vais etre expulsee": "/guides/les-etapes-de-la-procedure/",
    "echeancier": "/guides/plan-d-apurement/",
    "treve": "/guides/treve-hivernale/",
    "DALO": "/guides/dalo/",
    "commandement": "/guides/commandement-de-payer/",
    "audience": "/guides/audience/",
    "juge": "/guides/audience/",
    "surendettement": "/aides/surendettement/",
    "FSL": "/aides/fonds-unifie-logement/",
    "dette loyer": "/guides/plan-d-apurement/",
    "aide juridictionnelle": "/aides/aide-juridictionnelle/",
    "CAF": "/aides/apl-et-caf/",
    "mutation": "/guides/changer-de-logement/",
    "quitter les lieux": "/guides/commandement-de-quitter-les-lieux/",
    "avocat gratuit": "/aides/aide-juridictionnelle/",
    "je peux pas payer mon loyer": "/guides/plan-d-apurement/",
}

HOSTILE = [
    '"',
    "¿'\"(",
    "e%00",
    "e\x00",
    "NEAR(",
    "loyer OR",
    "* AND -",
    "'; DROP TABLE home_pagesearchtext; --",
    "é" * 300,
]


def test_twenty_tenant_queries_find_their_page_in_the_first_three(loaded):
    misses = {}
    for query, path in QUERIES.items():
        top = [page.url for page in site_search.search(query)[:3]]
        if path not in top:
            misses[query] = top
    assert misses == {}


def test_the_search_page_shows_them_first(loaded, client):
    html = client.get("/recherche/", {"q": "quitter les lieux"}).content.decode()
    first = html.index('<ol class="search-results">')
    assert html.index('href="/guides/commandement-de-quitter-les-lieux/"', first) < html.index("</li>", first)


def test_title_match_ranks_first(loaded):
    assert site_search.search("trêve hivernale")[0].url == "/guides/treve-hivernale/"
    assert site_search.search("surendettement")[0].url == "/aides/surendettement/"


def test_editors_synonyms_are_used(loaded):
    assert site_search.search("introuvable") == []
    SearchSynonym.objects.create(term="introuvable", expansion="droit au logement opposable")
    assert "/guides/dalo/" in [page.url for page in site_search.search("introuvable")[:3]]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_is_read_as_plain_words(loaded, client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200


def test_no_result_offers_the_phone_and_the_call_back_form(loaded, client):
    html = client.get("/recherche/", {"q": "zzzzzz"}).content.decode()
    assert "Aucun résultat" in html
    assert 'href="tel:0805160075"' in html
    assert 'action="/demande-de-rappel/"' in html and 'name="name"' in html


def test_unpublished_page_leaves_the_index(loaded):
    from home.models import GuidePage

    page = GuidePage.objects.get(slug="dalo")
    page.unpublish()
    assert "/guides/dalo/" not in [result.url for result in site_search.search("DALO")]


def test_variants_fold_accents_and_stem():
    assert site_search.variants("expulsée") & site_search.variants("expulsee")
    assert site_search.variants("échéancier") & site_search.variants("echeancier")
    assert site_search.words("je peux pas payer mon loyer") == ["payer", "loyer"]
