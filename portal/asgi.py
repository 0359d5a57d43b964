"""ASGI entry point: HTTP through Django, websockets under /ws/ through channels."""

import gc
import os

from django.core.asgi import get_asgi_application

# Served by a process manager: production unless told otherwise (make run passes the development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from portal.routing import websocket_urlpatterns  # noqa: E402
from portal.ws_auth import auth_stack  # noqa: E402


async def websocket_process_http(scope, receive, send):
    """HTTP on a /ws/ process (PORTAL_ASGI_WEBSOCKET_ONLY=1): only the health check; the rest is for the HTTP
    processes. Such a process keeps persistent database connections (CONN_MAX_AGE), and Django under ASGI would
    hold one per concurrent HTTP request (docs/deployment.md)."""
    if scope["path"] == "/sante/":
        await django_asgi_app(scope, receive, send)
    else:
        await refuse_http(send)


async def refuse_http(send):
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Ce processus ne sert que /ws/ et /sante/."})


application = ProtocolTypeRouter(
    {
        "http": websocket_process_http if os.environ.get("PORTAL_ASGI_WEBSOCKET_ONLY") == "1" else django_asgi_app,
        "websocket": AllowedHostsOriginValidator(auth_stack(URLRouter(websocket_urlpatterns))),
    }
)

# What start-up built lives as long as the process: out of the garbage collector's sight, its full collections stay
# short (they otherwise walk every model, URL pattern and template loaded, and show as latency spikes).
gc.freeze()
