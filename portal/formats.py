"""French formatting of numbers, amounts, counts and dates: one function per kind, used by the template filters
(portal/templatetags/fr.py) and by every text built in Python (criteria, CSV, PDF, e-mails, SMS).

« 2 loyers », « 741,00 € », « 1 398,52 € », « 30/11/2026 à 05:08 », « lundi 1er décembre ». Thousands are separated by a narrow no-break
space (U+202F, as CLDR's French) and the euro sign attached by a no-break space (U+00A0): an amount never breaks
across two lines.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dateformat, timezone, translation

NBSP = "\u00a0"
THOUSANDS = "\u202f"


def number(value, decimals=None):
    """A number the French way: « 2 », « 2,5 », « 1 398,52 ». Without `decimals`, as many as the value needs
    (trailing zeros dropped: Decimal("2.0") reads « 2 »)."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    if decimals is None:
        value = value.normalize() if value == value.to_integral_value() else value
        text = f"{value:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        quantum = Decimal(1).scaleb(-decimals)
        text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def amount(value, decimals=2):
    """An amount in euros, with cents unless told otherwise: « 741,00 € », « 8 000 € » (decimals=0)."""
    return "—" if value is None else f"{number(value, decimals)}{NBSP}€"


def plural(value, singular, plural=None):
    """The word or phrase agreeing with `value` the French way: singular below 2 (« 0 ménage s'est manifesté »,
    « 1,5 loyer »), plural from 2 on (« 2 ménages se sont manifestés »)."""
    return singular if abs(Decimal(str(value))) < 2 else (plural or f"{singular}s")


def count(value, singular, plural_form=None):
    """« 1 loyer », « 2 loyers », « 2,5 loyers » (French plural from 2 on)."""
    return f"{number(value)} {plural(value, singular, plural_form)}"


def at_most_days(value):
    """« en au plus 6 jours », « en au plus 1 jour », « le jour même » (0): a delay reached and not exceeded."""
    if not value:
        return "le jour même"
    return f"en au plus {count(value, 'jour')}"


def day(value):
    """« 30/11/2026 »."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value:%d/%m/%Y}"


def moment(value):
    """« 30/11/2026 à 05:08 », in the portal's time zone."""
    if value is None:
        return "—"
    if isinstance(value, date) and not isinstance(value, datetime):
        return day(value)
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%d/%m/%Y} à {value:%H:%M}"


def long_moment(value):
    """« samedi 5 décembre 2026 à 10 h 00 », in the portal's time zone whatever the process language (the wording
    of appointments' e-mails, SMS and .ics files)."""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override("fr"):
        long_day = in_words(value, "l j F Y")
    return f"{long_day} à {value.hour} h {value:%M}"


def time_range(start, end):
    """« 09:00–12:00 »."""
    return f"{start:%H:%M}–{end:%H:%M}"


def parse_amount(value, required=True):
    """The one reader of an amount typed or imported the French way: « 520,50 », « 520.50 », « 1 398,52 € »,
    « 1.398,52 ». Raises ValueError (in French) when it cannot be read or is negative."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", value or "")
    if not text:
        if required:
            raise ValueError("montant manquant")
        return Decimal(0)
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"montant illisible « {value} »") from None
    # « 1e30 » is a number to Decimal, not an amount anyone types (and too large to round to the cent).
    if not amount.is_finite() or "e" in text.lower():
        raise ValueError(f"montant illisible « {value} »")
    if amount < 0:
        raise ValueError("montant négatif")
    try:
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"montant trop grand « {value} »") from None


FIRST_OF_MONTH = re.compile(r"(?<!\\)j")


def in_words(value, fmt="j F"):
    """A date written in words, in the portal's time zone: « 1er décembre », « lundi 1er décembre 2026 à 9h30 ».
    `fmt` is a format of Django's `date` filter; the first of the month reads « 1er », never « 1 »."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.day == 1:
        fmt = FIRST_OF_MONTH.sub(r"j\\e\\r", fmt)
    return dateformat.format(value, fmt)
