"""A small fixed-window rate limit on the cache, keyed by a hash of the client address (never stored raw)."""

import time

from django.core.cache import cache

from portal.net import client_key


def allow(scope, request, *, limit, window):
    """Count one attempt; False once `limit` attempts were made in the current `window` seconds."""
    key = f"home:ratelimit:{scope}:{client_key(request)}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
