"""Websocket routes of the messaging app."""

from django.urls import path, reverse

from messaging.consumers import ConversationConsumer

websocket_urlpatterns = [
    path("ws/messages/<int:conversation_id>/", ConversationConsumer.as_asgi(), name="conversation_socket"),
]


class _Routes:
    """The websocket routes as a URLconf of their own, for reverse() (they are channels', outside ROOT_URLCONF)."""

    urlpatterns = websocket_urlpatterns


def socket_path(name, *args):
    """The path of a websocket route by its name, e.g. socket_path("conversation_socket", 12)."""
    return reverse(name, args=args, urlconf=_Routes)
