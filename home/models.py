"""Wagtail pages of the public site."""

from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's home: what to do now if you are behind on rent, and how to reach the association."""

    intro = RichTextField("introduction", blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["wagtailcore.Page"]
