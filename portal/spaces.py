"""Panels that apps add to the household's space and to the partner home, without touching portal code.

An app registers in its AppConfig.ready():
    spaces.household_panel("messaging/panels/unread.html", order=20)(context_function)
context_function(request) returns a dict for the template, or None to hide the panel.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    context: Callable


HOUSEHOLD_PANELS: list[Panel] = []
PARTNER_PANELS: list[Panel] = []
# Shown once, right after a household created its account from its letter (the booking step goes here).
WELCOME_PANELS: list[Panel] = []


def _register(registry, template, order):
    def decorator(function):
        registry.append(Panel(template, order, function))
        registry.sort(key=lambda panel: panel.order)
        return function

    return decorator


def household_panel(template, order=50):
    return _register(HOUSEHOLD_PANELS, template, order)


def partner_panel(template, order=50):
    return _register(PARTNER_PANELS, template, order)


def welcome_panel(template, order=50):
    return _register(WELCOME_PANELS, template, order)


def render_panels(registry, request):
    rendered = []
    for panel in registry:
        context = panel.context(request)
        if context is not None:
            rendered.append({"template": panel.template, **context})
    return rendered
