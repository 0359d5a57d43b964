"""Websocket routes of the messaging app."""

from django.urls import path

from messaging.consumers import ConversationConsumer

websocket_urlpatterns = [
    path("ws/messages/<int:conversation_id>/", ConversationConsumer.as_asgi()),
]
