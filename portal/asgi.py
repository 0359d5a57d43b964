"""ASGI entry point: HTTP through Django, websockets under /ws/ through channels."""

import gc
import os

from django.core.asgi import get_asgi_application

# Served by a process manager: production unless told otherwise (make run passes the development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from portal.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What start-up built lives as long as the process: out of the garbage collector's sight, its full collections stay
# short (they otherwise walk every model, URL pattern and template loaded, and show as latency spikes).
gc.freeze()
