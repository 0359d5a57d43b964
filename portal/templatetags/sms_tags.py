"""`{% load sms_tags %}{% sms_counter form.field %}`: the live SMS count under a text being edited.

The count is computed here for the first display (and without JavaScript); static/js/portal.js updates it as the
person types, from the rule portal.sms.SEGMENT_RULE handed over once per page."""

from django import template
from django.utils.html import format_html, json_script

from portal import sms

register = template.Library()


@register.simple_tag(takes_context=True)
def sms_counter(context, field):
    rule = ""
    if not context.get("_sms_rule_sent"):
        context["_sms_rule_sent"] = True
        rule = json_script(sms.SEGMENT_RULE, "sms-segment-rule")
    counter_id = f"{field.auto_id}-sms"
    return format_html(
        '<p class="muted sms-count" id="{}" data-sms-count-for="{}" aria-live="polite">{}</p>{}',
        counter_id,
        field.auto_id,
        sms.describe(field.value() or ""),
        rule,
    )
