"""Template filters for French formatting: `{% load fr %}` then `|montant`, `|nombre`, `|jour`, `|moment`, `|portable_masque`."""

from django import template

from portal import formats, phones

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


@register.filter
def portable_masque(value):
    """« 06 •• •• •• 78 » (portal.phones.masked)."""
    return phones.masked(value)
