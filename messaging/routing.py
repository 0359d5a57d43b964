"""Websocket routes of the messaging app."""

websocket_urlpatterns = []
