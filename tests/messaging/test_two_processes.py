"""Two app processes sharing one Redis: a message posted through one reaches a client of the other."""

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from tests.live import start_daphne
from tests.messaging.ws import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.slow]


async def frames_until(socket, frame_type, timeout=10):
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket.recv())
            if frame["type"] == frame_type:
                return frame


def ws_connect(server, conversation, cookie):
    return connect(
        f"{server.ws_url}/ws/messages/{conversation.pk}/",
        origin=server.url,
        additional_headers={"Cookie": f"sessionid={cookie}"},
    )


async def test_message_crosses_from_one_daphne_process_to_the_other(
    conversation,
    household_user,
    worker,
    private_redis,
    tmp_path,
):
    from channels.db import database_sync_to_async

    household_cookie = await database_sync_to_async(session_cookie)(household_user)
    worker_cookie = await database_sync_to_async(session_cookie)(worker)
    with (
        start_daphne(tmp_path, redis_url=private_redis.url) as one,
        start_daphne(tmp_path, redis_url=private_redis.url) as two,
    ):
        async with (
            ws_connect(one, conversation, worker_cookie) as staff,
            ws_connect(two, conversation, household_cookie) as household,
        ):
            await frames_until(staff, "ready")
            await frames_until(household, "ready")
            await household.send(
                json.dumps({"type": "send", "client_key": "cross-1", "body": "Bonjour depuis le processus 2"})
            )
            ack = await frames_until(household, "ack")
            assert ack["live"] is True
            frame = await frames_until(staff, "message")
            assert frame["message"]["body"] == "Bonjour depuis le processus 2" and frame["message"]["seq"] == ack["seq"]

            await staff.send(
                json.dumps({"type": "send", "client_key": "cross-2", "body": "Réponse depuis le processus 1"})
            )
            frame = await frames_until(household, "message")
            while frame["message"]["seq"] != 2:
                frame = await frames_until(household, "message")
            assert frame["message"]["side"] == "association"
