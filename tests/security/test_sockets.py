"""Websockets and sessions: the household's optional second factor holds on the socket as on HTTP, and a session
that ends (logout) closes its sockets at once."""

import time

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from messaging.models import Message
from portal import perms
from portal.sessions import CLOSE_CODE, LAST_SEEN_KEY
from tests.conftest import verify_client
from tests.messaging.ws import communicator
from tests.portal.factories import PASSWORD
from tests.portal.test_auth import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def password_only_cookie(user):
    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


async def test_household_with_device_needs_the_second_factor_on_the_socket(
    conversation, household_user, household_device
):
    cookie = await database_sync_to_async(password_only_cookie)(household_user)
    comm = communicator(conversation.pk, cookie)
    accepted, _ = await comm.connect()
    await comm.disconnect()
    assert not accepted


async def test_logout_closes_the_sessions_open_socket(conversation, household_user):
    client = Client()
    await database_sync_to_async(sign_in)(client, household_user)
    comm = communicator(conversation.pk, client.cookies["sessionid"].value)
    accepted, _ = await comm.connect()
    assert accepted
    assert (await comm.receive_json_from())["type"] == "ready"
    await database_sync_to_async(client.post)(reverse("account_logout"))
    closed = await comm.receive_output(timeout=3)
    assert closed["type"] == "websocket.close"


def signed_in(user):
    """A client signed in as a real browser would be (a page seen: allauth records the session)."""
    client = Client()
    if perms.is_staff_member(user):
        verify_client(client, user)
    else:
        client.force_login(user)
    client.get(reverse("portal:account_settings"))
    return client


async def open_socket(conversation, client):
    comm = communicator(conversation.pk, client.cookies["sessionid"].value)
    accepted, _ = await comm.connect()
    assert accepted
    assert (await comm.receive_json_from())["type"] == "ready"
    return comm


async def assert_closed(comm, timeout=3):
    output = await comm.receive_output(timeout=timeout)
    assert output == {"type": "websocket.close", "code": CLOSE_CODE}


async def assert_open(comm):
    await comm.send_json_to({"type": "catch_up", "after": 0})
    assert (await comm.receive_json_from(timeout=3))["type"] == "messages"


async def test_password_change_closes_the_other_sessions_sockets(conversation, household_user):
    """Django renews the key of the session that changed the password: its page reopens its socket with the new
    cookie, the other session stays out."""
    here = await database_sync_to_async(signed_in)(household_user)
    there = await database_sync_to_async(signed_in)(household_user)
    here_socket, there_socket = await open_socket(conversation, here), await open_socket(conversation, there)
    new = "une-autre-phrase-secrete-2026"
    response = await database_sync_to_async(here.post)(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    await assert_closed(there_socket)
    await here_socket.disconnect()
    renewed = await open_socket(conversation, here)
    await assert_open(renewed)
    await renewed.disconnect()
    refused = communicator(conversation.pk, there.cookies["sessionid"].value)
    assert not (await refused.connect())[0]
    await refused.disconnect()


async def test_closing_my_other_sessions_closes_their_sockets(conversation, household_user):
    here = await database_sync_to_async(signed_in)(household_user)
    there = await database_sync_to_async(signed_in)(household_user)
    here_socket, there_socket = await open_socket(conversation, here), await open_socket(conversation, there)
    response = await database_sync_to_async(here.post)(reverse("usersessions_list"))
    assert response.status_code == 302
    await assert_closed(there_socket)
    await assert_open(here_socket)
    await here_socket.disconnect()
    assert await database_sync_to_async(lambda: there.get("/espace/").status_code)() == 302


async def test_an_inbound_frame_on_an_ended_session_is_refused_even_if_the_close_event_was_lost(
    conversation, household_user
):
    client = await database_sync_to_async(signed_in)(household_user)
    comm = await open_socket(conversation, client)
    # The session ends without any event on the layer (as when Redis loses it).
    await database_sync_to_async(Session.objects.filter(session_key=client.cookies["sessionid"].value).delete)()
    await comm.send_json_to({"type": "send", "client_key": "apres", "body": "après la fin"})
    await assert_closed(comm)
    assert not await database_sync_to_async(Message.objects.filter(client_key="apres").exists)()


async def test_the_watch_closes_a_socket_whose_staff_session_went_idle(conversation, worker, settings):
    settings.MESSAGING_WATCH_SECONDS = 0.1
    client = await database_sync_to_async(signed_in)(worker)
    comm = await open_socket(conversation, client)

    def idle_for_31_minutes():
        session = client.session
        session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
        session.save()

    await database_sync_to_async(idle_for_31_minutes)()
    await assert_closed(comm, timeout=5)


async def test_an_old_session_cookie_cannot_open_a_socket_after_logout(conversation, worker):
    client = await database_sync_to_async(signed_in)(worker)
    cookie = client.cookies["sessionid"].value
    await database_sync_to_async(client.post)(reverse("account_logout"))
    comm = communicator(conversation.pk, cookie)
    accepted, _ = await comm.connect()
    await comm.disconnect()
    assert not accepted
