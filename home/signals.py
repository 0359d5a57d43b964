"""Page cache invalidation: any change a visitor could see on a cached page bumps the cache version."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import cache
from home import search as site_search
from home.models import GlossaryTerm, PageSearchText, SearchSynonym, SiteSettings
from portal.models import Organisation


def index_published_page(sender, instance, **kwargs):
    site_search.index_page(instance)


def forget_unpublished_page(sender, instance, **kwargs):
    PageSearchText.objects.filter(page_id=instance.pk).delete()


def connect():
    page_published.connect(index_published_page, dispatch_uid="home_search_published")
    page_unpublished.connect(forget_unpublished_page, dispatch_uid="home_search_unpublished")
    page_published.connect(cache.invalidate, dispatch_uid="home_cache_published")
    page_unpublished.connect(cache.invalidate, dispatch_uid="home_cache_unpublished")
    post_page_move.connect(cache.invalidate, dispatch_uid="home_cache_moved")
    from wagtail.models import Page

    post_delete.connect(cache.invalidate, sender=Page, dispatch_uid="home_cache_page_deleted")
    # The footer, glossary and partner directory show snippets and settings.
    for model in (SiteSettings, GlossaryTerm, Organisation, SearchSynonym):
        post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"home_cache_saved_{model.__name__}")
        post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"home_cache_deleted_{model.__name__}")
