"""Search over published pages, in French, with and without accents."""

import pytest
from django.db import connection

from tests.home.factories import guide, make_home, publish, rich, stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    from home.models import GuideIndexPage

    home = make_home()
    guides = publish(home, GuideIndexPage(title="Guides", slug="guides"))
    found = guide(
        guides,
        slug="plan",
        title="Rembourser petit à petit",
        body=stream(("paragraph", rich("Un échéancier écrit pendant la trêve hivernale."))),
    )
    draft = guide(guides, slug="brouillon", title="Brouillon", body=stream(("paragraph", rich("échéancier secret"))))
    draft.unpublish()
    return {"found": found, "draft": draft}


def results(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_a_published_page_by_its_french_word(client, pages):
    html = results(client, "échéancier")
    assert "Rembourser petit à petit" in html
    assert "Brouillon" not in html


def test_empty_and_unknown_queries(client, pages):
    assert "Rechercher sur le site" in results(client, "")
    assert "Aucun résultat" in results(client, "zzzzzz")


def test_search_page_is_public_and_not_cached(client, pages):
    response = client.get("/recherche/", {"q": "échéancier"})
    assert "X-Page-Cache" not in response and not response.cookies


@pytest.mark.sqlite
def test_sqlite_backend_folds_accents(client, pages):
    # The site's own stemmed index (home/search.py) folds accents on SQLite as on PostgreSQL.
    assert "Rembourser petit à petit" in results(client, "echeancier")
    assert "Rembourser petit à petit" in results(client, "treve")


@pytest.mark.postgres
def test_postgres_finds_words_typed_without_accents(client, pages):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent'")
        assert cursor.fetchone() is not None
    for query in ("echeancier", "échéancier", "treve", "trêve", "hivernal"):
        assert "Rembourser petit à petit" in results(client, query), query
