"""Page cache invalidation: any change a visitor could see on a cached page bumps the cache version."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import cache
from home.models import GlossaryTerm, SiteSettings
from portal.models import Organisation


def connect():
    page_published.connect(cache.invalidate, dispatch_uid="home_cache_published")
    page_unpublished.connect(cache.invalidate, dispatch_uid="home_cache_unpublished")
    post_page_move.connect(cache.invalidate, dispatch_uid="home_cache_moved")
    from wagtail.models import Page

    post_delete.connect(cache.invalidate, sender=Page, dispatch_uid="home_cache_page_deleted")
    # The footer, glossary and partner directory show snippets and settings.
    for model in (SiteSettings, GlossaryTerm, Organisation):
        post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"home_cache_saved_{model.__name__}")
        post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"home_cache_deleted_{model.__name__}")
