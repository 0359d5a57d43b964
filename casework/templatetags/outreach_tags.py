"""`{% load outreach_tags %}{{ attempt|etat_envoi }}`: the delivery status of an invitation or reminder
(casework.outreach.status), empty for an attempt a worker logged by hand."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from casework import outreach

register = template.Library()


@register.filter
def etat_envoi(attempt):
    try:
        row = attempt.outreach
    except ObjectDoesNotExist:
        return ""
    return outreach.status(row)
