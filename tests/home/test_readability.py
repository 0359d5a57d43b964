"""Readability of the guide pages (issue 14): short sentences, and the jargon a reader may not know.

Fails when a guide page averages 15 words or more per sentence, or holds a sentence over 30 words.
Prints, for each page, the words that are neither in the glossary nor among the 5,000 most common
French words (wordfreq), for editors to explain or replace.
"""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wordfreq import top_n_list

from home.models import AidPage, FaqPage, GlossaryTerm, GuidePage, ProcedurePage

pytestmark = pytest.mark.django_db

MAX_AVERAGE = 15
MAX_SENTENCE = 30
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
BLOCKS = ["p", "li", "h1", "h2", "h3", "dt", "dd", "summary", "caption", "th", "td", "figcaption"]


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sentences(html):
    """The sentences of the page's own text: its article, without sources, review dates or glossary box."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one(".page-article")
    for noise in article.select(".review-info, .glossary-box, [data-visibility-promise], script, style"):
        noise.decompose()
    found = []
    for block in article.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # its inner blocks are counted on their own
        text = " ".join(block.get_text(" ").split())
        found += [s for s in re.split(r"(?<=[.!?…:;])\s+", text) if WORD.search(s)]
    return found


def word_list(text):
    return WORD.findall(text)


def test_guide_pages_use_short_sentences(loaded, client):
    common = {fold(word) for word in top_n_list("fr", 5000)}
    glossary = {fold(word) for term in GlossaryTerm.objects.all() for word in word_list(term.term)}
    problems = []
    pages = Page.objects.live().type(GuidePage, ProcedurePage, AidPage, FaqPage).specific()
    assert pages.count() >= 15
    for page in pages:
        found = sentences(client.get(page.url).content.decode())
        lengths = [len(word_list(sentence)) for sentence in found]
        average = sum(lengths) / len(lengths)
        longest = max(lengths)
        rare = sorted(
            {
                word.lower()
                for sentence in found
                for word in word_list(sentence)
                for part in [fold(word).split("'")[-1].split("’")[-1]]
                if part not in common and part not in glossary and not word.isupper()
            }
        )
        print(
            f"{page.url}: {average:.1f} mots par phrase, la plus longue {longest} ; hors glossaire et 5 000 mots : {', '.join(rare)}"
        )
        if average >= MAX_AVERAGE:
            problems.append(f"{page.url}: moyenne {average:.1f} mots par phrase")
        for sentence, length in zip(found, lengths, strict=True):
            if length > MAX_SENTENCE:
                problems.append(f"{page.url}: {length} mots — {sentence}")
    assert problems == []
