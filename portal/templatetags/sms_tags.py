"""`{% load sms_tags %}{% sms_counter form.field %}`: the live SMS count under a text being edited.

The count is computed here for the first display (and without JavaScript); static/js/portal.js updates it as the
person types, from the rule portal.sms.SEGMENT_RULE handed over once per page."""

import json

from django import template
from django.utils.html import format_html, json_script

from portal import sms

register = template.Library()


@register.simple_tag(takes_context=True)
def sms_counter(context, field, values=None):
    """The count (and, with `values`, the preview with its placeholders filled) of the text in `field`."""
    rule = ""
    if not context.get("_sms_rule_sent"):
        context["_sms_rule_sent"] = True
        rule = json_script(sms.SEGMENT_RULE, "sms-segment-rule")
    counter_id = f"{field.auto_id}-sms"
    text = sms.fill(field.value() or "", values)
    preview = ""
    if values:
        preview = format_html(
            '<p class="sms-preview" id="{}-apercu" data-sms-values="{}"><span class="muted">Aperçu : </span>'
            '<span class="sms-preview__text">{}</span></p>',
            field.auto_id,
            json.dumps(values),
            text,
        )
    return format_html(
        '{}<p class="muted sms-count" id="{}" data-sms-count-for="{}" aria-live="polite">{}</p>{}',
        preview,
        counter_id,
        field.auto_id,
        sms.describe(text),
        rule,
    )
