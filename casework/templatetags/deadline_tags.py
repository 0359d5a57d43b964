"""Dates of casework.deadlines for templates that only have the case: `{% load deadline_tags %}` then
`{{ case|contact_before|jour }}` (the letter's « avant le JJ/MM/AAAA »)."""

from django import template

from casework import deadlines

register = template.Library()


@register.filter
def contact_before(case):
    return deadlines.contact_before(case) if getattr(case, "deadline", None) else None
