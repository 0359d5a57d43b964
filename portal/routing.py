"""Websocket routes under /ws/: each app adds its own in its AppConfig.ready() (messaging.apps), so the foundation
imports no app; portal.asgi reads the list once Django is set up."""

websocket_urlpatterns = []


def register(*patterns):
    websocket_urlpatterns.extend(patterns)
