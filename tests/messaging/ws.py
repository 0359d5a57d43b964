"""Helpers for websocket tests: a signed-in session cookie per user, a communicator on the real ASGI app."""

from channels.testing import WebsocketCommunicator
from django.test import Client

from portal import perms
from tests.conftest import verify_client

ORIGIN = b"http://testserver"


def session_cookie(user, verified=True):
    """The session cookie of a signed-in user; staff get a verified second factor unless verified=False."""
    client = Client()
    if perms.is_staff_member(user) and verified:
        verify_client(client, user)
    else:
        client.force_login(user)
    return client.cookies["sessionid"].value


def communicator(conversation_id, cookie=None, origin=ORIGIN, application=None, after=None):
    """`after`: the page's word on what it has (static/js/messaging.js puts it in the socket's URL)."""
    from portal.asgi import application as portal_application

    headers = [(b"host", b"testserver")]
    if origin is not None:
        headers.append((b"origin", origin))
    if cookie is not None:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    path = f"/ws/messages/{conversation_id}/" + (f"?after={after}" if after is not None else "")
    return WebsocketCommunicator(application or portal_application, path, headers=headers)


async def receive_until(comm, frame_type, timeout=3):
    """Frames until one of this type (the others are returned too, in order)."""
    seen = []
    while True:
        frame = await comm.receive_json_from(timeout=timeout)
        seen.append(frame)
        if frame["type"] == frame_type:
            return frame, seen
