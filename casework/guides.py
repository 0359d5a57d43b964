"""The public pages a step of the carnet de route may link to (live, public guide pages; never a typed address).

The guide belongs to home, an app above casework (import-linter's layers): home provides the list from its
AppConfig.ready() with `provide(home.models.guide_pages)`, and casework reads it through `pages()`.
"""

from wagtail.models import Page

_provider = None


def provide(function):
    """Register the function returning the queryset of pages a step may link to."""
    global _provider  # noqa: PLW0603 — one provider per process, set once at app loading
    _provider = function


def pages():
    """The live public pages a step may link to; none while no app provides them."""
    return _provider() if _provider is not None else Page.objects.none()
