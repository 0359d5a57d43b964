"""Template filters for French formatting: `{% load fr %}` then `|montant`, `|nombre`, `|jour`, `|moment`,
`|en_lettres:"l j F"` (a date in words: « lundi 1er décembre »)."""

from django import template

from portal import formats

register = template.Library()


@register.filter
def montant(value):
    return formats.amount(value)


@register.filter
def nombre(value, decimals=None):
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def jour(value):
    return formats.day(value)


@register.filter
def moment(value):
    return formats.moment(value)


@register.filter(expects_localtime=True)
def en_lettres(value, fmt="j F"):
    return formats.in_words(value, fmt)
