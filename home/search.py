"""Site search that understands the words tenants type: French stems, accents folded, editors' synonyms.

Wagtail's SQLite FTS5 table has no stemmer and PostgreSQL's `french` configuration keeps accents, so the public
search keeps its own small index (PageSearchText: the stems of each live page's title and text) and ranks in
Python, identically on SQLite and PostgreSQL. Queries are read as plain words: FTS operators, quotes and
control characters are never passed to the database.
"""

import math
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index

from home.models import PageSearchText, SearchSynonym

WORD = re.compile(r"[^\W\d_]+|\d+")
# Words that carry no meaning in a tenant's query ("je peux pas payer mon loyer" → payer, loyer).
STOP_WORDS = frozenset(
    """
    a ai as au aux avec c ca ce ces cet cette d dans de des du elle elles en est et etre eu fait faire il ils
    j je l la le les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas peu peut peux
    plus pour pourquoi qu que qui quoi s sa sans se ses si son sont suis sur t ta te tes toi ton tu un une va
    vais vas veux vos votre vous y comment quand est-ce
    """.split()
)
TITLE_WEIGHT = 6
DESCRIPTION_WEIGHT = 2
BODY_CAP = 4
MAX_QUERY_WORDS = 12


def fold(text):
    """Lower case without accents: 'Échéancier' → 'echeancier'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("œ", "oe").replace("æ", "ae")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=20000)
def variants(word):
    """The forms a word is indexed and searched under: its stem folded, and the stem of its folded form.

    A tenant types « expulsee » without accents; the page says « expulsée »: both give 'expulse' this way.
    The singular is stemmed too, because the French stemmer does not always agree with itself on plurals
    ('loyers' → 'loyer' but 'loyer' → 'loi').
    """
    lowered = word.lower()
    forms = {lowered}
    if len(lowered) > 3 and lowered[-1] in "sx":
        forms.add(lowered[:-1])
    stemmer = _stemmer()
    return frozenset(
        variant for form in forms for variant in (fold(stemmer.stemWord(form)), stemmer.stemWord(fold(form)))
    )


def words(text):
    return [word for word in WORD.findall((text or "").lower()) if fold(word) not in STOP_WORDS and len(word) > 1]


def stems(text):
    """Every variant of every meaningful word, in order, duplicates kept (they count for ranking)."""
    return [variant for word in words(text) for variant in sorted(variants(word))]


def page_text(page):
    """Title, search description and the text of the page's search fields (stream blocks, rich text, stages)."""
    body = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in ("title", "search_description"):
            body.append(_field_text(page, field.field_name))
        elif isinstance(field, index.RelatedFields):
            related = getattr(page, field.field_name)
            for item in related.all() if hasattr(related, "all") else [related]:
                for subfield in field.fields:
                    if isinstance(subfield, index.SearchField):
                        body.append(_field_text(item, subfield.field_name))
    return page.title, page.search_description or "", " ".join(body)


def _field_text(obj, name):
    value = getattr(obj, name, "")
    model_field = next((f for f in obj._meta.get_fields() if f.name == name), None)
    if isinstance(model_field, StreamField) and value:
        return " ".join(strip_tags(str(part)) for part in value.stream_block.get_searchable_content(value))
    if isinstance(value, RichText):
        value = value.source
    return strip_tags(str(value or ""))


def index_page(page):
    """Store (or refresh) the stems of one page; called when a page is published."""
    page = page.specific
    title, description, body = page_text(page)
    PageSearchText.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "title_stems": " ".join(stems(title)),
            "description_stems": " ".join(stems(description)),
            "body_stems": " ".join(stems(body)),
        },
    )


def rebuild():
    """Index every live page again (`manage.py rebuild_site_search`, the demo loader). Returns how many."""
    pages = list(Page.objects.live().specific())
    with transaction.atomic():
        PageSearchText.objects.exclude(page__in=[p.pk for p in pages]).delete()
        for page in pages:
            index_page(page)
    return len(pages)


SYNONYM_WEIGHT = 0.8


def concepts(query):
    """What the reader asks for: one concept per typed word, each with the phrases that satisfy it.

    A concept is its own word, or any phrase of an editors' synonym whose term the query holds
    ("huissier" is satisfied by "huissier" or by "commissaire de justice"). Each phrase is a list of variant sets.
    """
    typed = words(query)[:MAX_QUERY_WORDS]
    found = [{"word": fold(word), "phrases": [([variants(word)], 1.0)]} for word in typed]
    folded_words = [fold(word) for word in WORD.findall((query or "").lower())]
    folded_query = " " + " ".join(folded_words) + " "
    for synonym in SearchSynonym.objects.all():
        term_words = [fold(word) for word in WORD.findall(synonym.term.lower())]
        if not term_words or f" {' '.join(term_words)} " not in folded_query:
            continue
        phrases = [[variants(word) for word in words(phrase)] for phrase in synonym.expansion.split(",")]
        phrases = [(phrase, SYNONYM_WEIGHT) for phrase in phrases if phrase]
        for concept in found:
            if concept["word"] in term_words:
                concept["phrases"].extend(phrases)
    return found


def search(query, pages=None):
    """Live public pages matching the query, best first: most concepts matched, then score. Never raises."""
    wanted = concepts(query or "")
    if not wanted:
        return []
    live = pages if pages is not None else Page.objects.live().public()
    documents = [
        (row.page_id, set(row.title_stems.split()), set(row.description_stems.split()), row.body_stems.split())
        for row in PageSearchText.objects.filter(page__in=live.values("pk"))
    ]
    if not documents:
        return []
    every = [title | description | set(body) for _, title, description, body in documents]
    weights = {}

    def weight(group):
        key = tuple(sorted(group))
        if key not in weights:
            frequency = sum(1 for stems_of_page in every if group & stems_of_page) or 1
            weights[key] = math.log(1 + len(documents) / frequency)
        return weights[key]

    scores = {}
    for page_id, title, description, body in documents:
        matched, score = 0, 0.0
        for concept in wanted:
            best = 0.0
            for phrase, factor in concept["phrases"]:
                parts = []
                for group in phrase:
                    count = sum(1 for stem in body if stem in group)
                    in_title, in_description = bool(group & title), bool(group & description)
                    if not (in_title or in_description or count):
                        break
                    parts.append(
                        weight(group)
                        * (TITLE_WEIGHT * in_title + DESCRIPTION_WEIGHT * in_description + min(count, BODY_CAP))
                    )
                else:
                    best = max(best, factor * sum(parts) / len(phrase))
            if best:
                matched += 1
                score += best
        if matched:
            scores[page_id] = (matched, score)
    ranked = sorted(scores, key=lambda pk: (-scores[pk][0], -scores[pk][1], pk))
    by_id = Page.objects.filter(pk__in=ranked).specific().in_bulk()
    return [by_id[pk] for pk in ranked if pk in by_id]
