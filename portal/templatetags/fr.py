"""Template filters for French formatting: `{% load fr %}` then `|montant`, `|nombre`, `|jour`, `|moment`, `|portable_masque`,
`|accord:"ménage s'est manifesté|ménages se sont manifestés"` (French agreement, never Django's English |pluralize),
`|en_lettres:"l j F"` (a date in words: « lundi 1er décembre »)."""

from django import template

from portal import formats, phones

register = template.Library()


@register.filter
def montant(value, decimals=None):
    """« 741,00 € »; `|montant:0` without cents: « 8 000 € »."""
    return formats.amount(value, 2 if decimals in (None, "") else int(decimals))


@register.filter
def nombre(value, decimals=None):
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def jour(value):
    return formats.day(value)


@register.filter
def moment(value):
    return formats.moment(value)


@register.filter
def accord(value, forms):
    """`{{ n|nombre }} {{ n|accord:"singulier|pluriel" }}`: the phrase agreeing with n (portal.formats.plural)."""
    singular, _, plural_form = str(forms).partition("|")
    return formats.plural(value or 0, singular, plural_form or None)


@register.filter(expects_localtime=True)
def en_lettres(value, fmt="j F"):
    return formats.in_words(value, fmt)


@register.filter
def portable_masque(value):
    """« 06 •• •• •• 78 » (portal.phones.masked)."""
    return phones.masked(value)
