"""Anonymous page cache: whole Wagtail page responses kept in Django's cache, for visitors without a session.

A visitor carrying a session cookie (signed in, or signed out with a leftover session) is never served from
the cache. Pages mark themselves cacheable in SitePage.serve; previews go through serve_preview and never do.
Invalidation bumps one version number on publish, unpublish, move, delete and on changes to the snippets and
settings every page shows (menus, listings, footer and breadcrumbs all depend on more than one page).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "home:pagecache:version"
SKIPPED_HEADERS = {"set-cookie", "x-page-cache"}


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate(**kwargs):
    """Every cached page becomes stale at once (signal receiver, hence **kwargs)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cache_key(request, version):
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"home:pagecache:{version}:{digest}"


def eligible_request(request):
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


def storable(request, response):
    return (
        getattr(request, "home_page_cacheable", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not eligible_request(request):
            return self.get_response(request)
        key = cache_key(request, current_version())
        entry = cache.get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if storable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
            cache.set(key, (response.status_code, headers, response.content), page_cache_seconds())
            response["X-Page-Cache"] = "miss"
        return response
