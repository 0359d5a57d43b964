"""Websocket routes of every app, under /ws/."""

from messaging.routing import websocket_urlpatterns as messaging_routes

websocket_urlpatterns = [*messaging_routes]
