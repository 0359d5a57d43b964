"""French formatting (portal.formats): one function per kind, the template filters read the same functions."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from portal import formats

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "value,decimals,text",
    [
        (Decimal("2.0"), None, "2"),
        (Decimal("2.5"), None, "2,5"),
        (2, None, "2"),
        (1000000, None, f"1{NNBSP}000{NNBSP}000"),
        (Decimal("1398.52"), 2, f"1{NNBSP}398,52"),
        (Decimal("0.005"), 2, "0,01"),
        (Decimal("8000"), 0, f"8{NNBSP}000"),
        (None, None, "—"),
    ],
)
def test_number(value, decimals, text):
    assert formats.number(value, decimals) == text


@pytest.mark.parametrize(
    "value,text",
    [(Decimal("741"), f"741,00{NBSP}€"), (Decimal("1398.52"), f"1{NNBSP}398,52{NBSP}€"), (None, "—")],
)
def test_amount(value, text):
    assert formats.amount(value) == text


@pytest.mark.parametrize(
    "value,text", [(1, "1 loyer"), (Decimal("1.5"), "1,5 loyer"), (Decimal("2.0"), "2 loyers"), (3, "3 loyers")]
)
def test_count(value, text):
    assert formats.count(value, "loyer") == text


def test_dates_in_the_portals_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert formats.day(date(2026, 11, 30)) == "30/11/2026"
    assert formats.moment(datetime(2026, 11, 30, 4, 8, tzinfo=UTC)) == "30/11/2026 à 05:08"
    assert formats.day(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == "01/12/2026"


def test_the_template_filters_are_the_same_functions():
    html = Template("{% load fr %}{{ a|montant }} · {{ n|nombre }} · {{ d|jour }}").render(
        Context({"a": Decimal("1398.52"), "n": Decimal("2.0"), "d": date(2026, 11, 30)})
    )
    assert html == f"1{NNBSP}398,52{NBSP}€ · 2 · 30/11/2026"


@pytest.mark.parametrize(
    "value,text",
    [
        (0, "0 ménage s'est manifesté"),
        (1, "1 ménage s'est manifesté"),
        (Decimal("1.99"), "1,99 ménage s'est manifesté"),
        (2, "2 ménages se sont manifestés"),
        (12, "12 ménages se sont manifestés"),
    ],
)
def test_french_agreement_filter(value, text):
    template = Template(
        '{% load fr %}{{ n|nombre }} {{ n|accord:"ménage s\'est manifesté|ménages se sont manifestés" }}'
    )
    assert template.render(Context({"n": value})) == text.replace("'", "&#x27;")


def test_home_panel_speaks_french_for_one_and_for_two():
    from django.template.loader import render_to_string

    panel = {"open_count": 2, "to_confirm": 2, "mine": 1, "exceptions": 0}
    html = render_to_string("casework/panels/association.html", {"panel": panel})
    assert "2 ménages se sont manifestés" in html and "2 dossiers ouverts, dont 1 qui vous est attribué" in html
    assert "s'sont" not in html and "s&#x27;sont" not in html
    html = render_to_string("casework/panels/association.html", {"panel": {**panel, "to_confirm": 1, "mine": 0}})
    assert "1 ménage s&#x27;est manifesté" in html and "dont 0 qui vous est attribué" in html


def test_no_template_uses_english_pluralize():
    """Django's |pluralize says « 0 dossiers » and cannot agree a verb: every count goes through |accord."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [str(p) for p in templates.rglob("*.html") if "|pluralize" in p.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.parametrize(
    "typed,value",
    [
        ("520,50", Decimal("520.50")),
        ("520.50", Decimal("520.50")),
        ("1 398,52 €", Decimal("1398.52")),
        (f"1{NNBSP}398,52{NBSP}€", Decimal("1398.52")),
        ("1.398,52", Decimal("1398.52")),
        ("0,01", Decimal("0.01")),
        ("0", Decimal("0.00")),
    ],
)
def test_parse_amount_reads_what_people_type(typed, value):
    assert formats.parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["abc", "-0,01", "NaN", "Infinity", "12,5,0", "1e30", "1e999999", "9" * 40])
def test_parse_amount_refuses_in_french(typed):
    with pytest.raises(ValueError):
        formats.parse_amount(typed)


def test_amount_field_accepts_a_comma_and_shows_one(db):
    from casework.forms import AmountField

    field = AmountField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    assert field.clean("520,50") == Decimal("520.50")
    assert field.prepare_value(Decimal("1398.52")) == f"1{NNBSP}398,52"
    with pytest.raises(Exception, match="par exemple 520,50"):
        field.clean("cinq cents")


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (date(2026, 11, 30), "l j F", "lundi 30 novembre"),
        (date(2026, 12, 1), "l j F", "mardi 1er décembre"),
        (date(2026, 12, 2), "j F", "2 décembre"),
        (date(2027, 1, 1), "j F Y", "1er janvier 2027"),
        (date(2026, 12, 1), "d/m/Y", "01/12/2026"),  # no day in words: nothing added
        (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "l j F à G\\hi", "mardi 1er décembre à 0h30"),  # Paris time
        (None, "j F", ""),
    ],
)
def test_a_date_in_words_reads_1er_on_the_first_of_the_month(value, fmt, text):
    with translation.override("fr"):
        assert formats.in_words(value, fmt) == text


def test_no_template_writes_a_day_in_words_without_in_words():
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r'\|date:"[^"]*j F', path.read_text())
    ]
    assert offenders == [], "utilisez |en_lettres (portal.formats.in_words) : « 1er décembre »"
