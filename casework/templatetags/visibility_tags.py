"""The confidentiality promise as one inclusion tag: {% visibility_promise %} or {% visibility_promise folded=True %}."""

from django import template

from casework import visibility

register = template.Library()


@register.inclusion_tag("includes/visibility_promise.html")
def visibility_promise(folded=False, heading_level=2):
    return {"promise": visibility.promise(), "folded": folded, "heading_level": heading_level}
