"""The two errors that can make a tenant lose rights, and their kin, searched on every rendered page (issue 14).

Accent-insensitive patterns run over the visible text of every live page; the hearing page must tell the
reader to ask for « des délais de paiement et la suspension de la clause résolutoire ».
"""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

pytestmark = pytest.mark.django_db

# Accent-insensitive, case-insensitive: applied to the folded text of each page.
FORBIDDEN = {
    "the judge 'can no longer' grant delays": r"ne (peut|pourra|peuvent) plus[^.]{0,80}delais|delais[^.]{0,60}ne (peut|pourra) plus",
    "the judge grants delays only on request": r"ne peut (plus )?(les )?accorder[^.]{0,30}de lui-meme",
    "Visale presented as an aid": r"visale[^.]{0,15}(:|est) une (aide|garantie gratuite)|garantie gratuite[^.]{0,60}visale",
    "the landlord receives nothing": r"aucune information|ne (re)?(coit|sait) rien",
    "an editors' box on a public page": r"point a verifier",
    "the exact delay without the safe instruction": r"vous avez 2 mois pour payer",
}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).lower()


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


def rendered_pages(client):
    paths = [page.url for page in Page.objects.live().public().specific() if page.url]
    paths += ["/recherche/?q=juge", "/comptes/invitation/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.content.decode()


def test_no_rendered_page_holds_a_dangerous_sentence(loaded, client):
    found = []
    count = 0
    for path, html in rendered_pages(client):
        count += 1
        text = fold(visible_text(html))
        found += [(path, name) for name, pattern in FORBIDDEN.items() if re.search(pattern, text)]
    assert count >= 25
    assert found == []


def test_the_patterns_catch_the_old_sentences():
    old = [
        "Le juge ne peut plus les accorder de lui-même.",
        "Depuis 2023, le juge ne peut plus accorder des délais de lui-même : il faut les demander.",
        "Visale : une garantie gratuite qui remplace la garantie Loca-Pass.",
        "Votre bailleur ne reçoit aucune information sans votre accord.",
        "POINT À VÉRIFIER",
    ]
    for sentence in old:
        assert any(re.search(pattern, fold(sentence)) for pattern in FORBIDDEN.values()), sentence


def test_hearing_page_tells_what_to_ask_for(loaded, client):
    soup = BeautifulSoup(client.get("/guides/audience/").content.decode(), "html.parser")
    calls = [fold(box.get_text(" ")) for box in soup.select(".callout--important")]
    assert any(
        "delais de paiement" in call and "suspension de la clause resolutoire" in call and "audience" in call
        for call in calls
    ), calls
    procedure = fold(visible_text(client.get("/guides/les-etapes-de-la-procedure/").content.decode()))
    assert "delais de paiement et la suspension de la clause resolutoire" in procedure
    assert "de lui-meme" in procedure  # the judge may grant delays on his own: said, not denied
