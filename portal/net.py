"""The client's address, in one place: behind a reverse proxy every request comes from the proxy.

`client_ip(request)` honours the deployment's configuration (settings, from the environment):

- `TRUSTED_PROXY_COUNT` (n > 0): the client is the n-th address from the right of `X-Forwarded-For`. Each proxy
  appends the address it received the request from, so what a visitor writes in the header themselves stays on
  the left and is never read. With n = 0 the header is ignored altogether.
- `CLIENT_IP_HEADER` (an HTTP header name such as `X-Real-IP`): a header the proxy overwrites on every request.

Otherwise the peer's address (`REMOTE_ADDR`). Every limiter and the audit log use it; allauth too, through the
account adapter's `get_client_ip`. Cache keys hold `client_key(request)` (a keyed hash), never the address.
"""

import hashlib
import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def _header_meta_key(name):
    """Accept an HTTP header name ("X-Real-IP") or a META key ("HTTP_X_REAL_IP")."""
    key = name.strip().upper().replace("-", "_")
    if not key or key == "REMOTE_ADDR":
        return None
    return key if key.startswith("HTTP_") else f"HTTP_{key}"


def client_ip(request):
    """The visitor's address as the trusted proxies saw it, or None when there is no valid one."""
    if request is None:
        return None
    peer = _valid(request.META.get("REMOTE_ADDR"))
    header = _header_meta_key(getattr(settings, "CLIENT_IP_HEADER", ""))
    if header:
        return _valid(request.META.get(header)) or peer
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            return _valid(hops[-count]) or peer
    return peer


def hashed(address):
    """A keyed hash of an address, for cache keys (Redis never holds a visitor's address)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address or 'unknown'}".encode()).hexdigest()[:32]


def client_key(request):
    return hashed(client_ip(request))


def cache_key(key, key_prefix, version):
    """Django's cache key function, except that allauth's per-address rate-limit keys are hashed."""
    if key.startswith("allauth:rl:"):
        key = "allauth:rl:" + hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()
    return f"{key_prefix}:{version}:{key}"
