"""A small fixed-window rate limit on the cache, keyed by a hash of the client address (never stored raw)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_key(request):
    # Behind a reverse proxy every request comes from the proxy: CLIENT_IP_HEADER names the META key the proxy
    # sets (e.g. HTTP_X_REAL_IP). Only trust a header the proxy overwrites.
    address = request.META.get(getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR"), "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


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
