"""No plaintext of a planted marker in a dump of every table, in stored files, in logs, in e-mails or in Redis; the
marker is typed everywhere a user can type, an inbound SMS (a signed webhook body) included."""

import contextlib
import logging
import os
import sqlite3
import subprocess
import uuid

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from messaging.models import Attachment, Message
from portal.models import InboundSms
from portal.sms_twilio import signature
from tests.conftest import verify_client
from tests.messaging.ws import communicator, receive_until, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def database_dump():
    """Every table's committed content, as text."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.closing(sqlite3.connect(connection.settings_dict["NAME"])) as own:
            dump = "\n".join(own.iterdump())
        # The file's raw bytes read by another process: closing a descriptor of this process on the database file
        # would drop every POSIX lock SQLite holds on it here (WAL mode), and a daphne child of a later test then
        # found the database « disk I/O error ».
        raw = subprocess.run(["cat", connection.settings_dict["NAME"]], capture_output=True, check=True).stdout
        return dump + raw.decode("latin-1")
    params = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return subprocess.run(
        [
            "pg_dump",
            "-h",
            params["HOST"] or "127.0.0.1",
            "-p",
            str(params["PORT"] or 5432),
            "-U",
            params["USER"],
            params["NAME"],
        ],
        capture_output=True,
        check=True,
        env=env,
    ).stdout.decode()


def stored_files():
    root = Attachment._meta.get_field("file").storage.location
    for directory, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(directory, name), "rb") as handle:
                yield handle.read()


def inbound_sms(household_user, marker):
    """The household answers by SMS from its verified number: the provider's signed webhook body carries the marker,
    which lands in the inbound record and in the conversation (messaging.sms_bridge)."""
    household_user.phone, household_user.phone_verified_at = "+33612340000", timezone.now()
    household_user.save()
    params = {
        "MessageSid": "SM" + "1" * 32,
        "From": household_user.phone,
        "To": "+33757000000",
        "Body": f"SMS {marker}",
    }
    with override_settings(TWILIO_AUTH_TOKEN="jeton", TWILIO_FROM="+33757000000", PORTAL_BASE_URL="https://p.example"):
        signed = signature("jeton", "https://p.example/sms/entrant/", params)
        assert Client().post("/sms/entrant/", params, HTTP_X_TWILIO_SIGNATURE=signed).status_code == 200
    assert marker in InboundSms.objects.get().text  # stored, encrypted


async def plant_markers(conversation, household_user, worker, marker):
    """The marker goes everywhere a user can type: websocket, form, JSON, file name and content, draft."""
    cookie = await database_sync_to_async(session_cookie)(household_user)
    comm = communicator(conversation.pk, cookie)
    await comm.connect()
    await receive_until(comm, "ready")
    await comm.send_json_to({"type": "send", "client_key": "ws", "body": f"par websocket {marker}"})
    await receive_until(comm, "ack")
    await comm.send_json_to({"type": "catch_up", "after": 0})
    await receive_until(comm, "messages")

    def over_http():
        household = Client()
        household.force_login(household_user)
        page = reverse("messaging:household_conversation", args=[conversation.pk])
        household.post(
            reverse("portal:save_draft", args=[f"message-{conversation.pk}"]), {"body": f"brouillon {marker}"}
        )
        household.post(
            page,
            {
                "body": f"par formulaire {marker}",
                "client_key": "form",
                "attachment": SimpleUploadedFile(f"{marker}.pdf", b"%PDF-1.4\n" + marker.encode() + b"\n%%EOF"),
            },
        )
        household.post(
            reverse("messaging:household_messages_json", args=[conversation.pk]),
            {"body": f"par JSON {marker}", "client_key": "json"},
        )
        inbound_sms(household_user, marker)
        staff = verify_client(Client(), worker)
        staff.post(
            reverse("messaging:partner_conversation", args=[conversation.pk]),
            {"body": f"réponse {marker}", "client_key": "staff"},
        )
        staff.get(reverse("messaging:partner_conversation", args=[conversation.pk]))
        staff.get(reverse("messaging:partner_messages_json", args=[conversation.pk]), {"after": 0})

    await database_sync_to_async(over_http)()
    await comm.disconnect()


async def test_marker_is_nowhere_in_plaintext(conversation, household_user, worker, caplog):
    caplog.set_level(logging.DEBUG)
    marker = f"MARQUEUR{uuid.uuid4().hex}"
    await plant_markers(conversation, household_user, worker, marker)

    def check():
        assert Message.objects.count() == 5 and Attachment.objects.count() == 1
        assert Message.objects.filter(via_sms=True).count() == 1  # the inbound SMS, in the conversation
        assert all(marker in m.body for m in Message.objects.all())  # it was stored, encrypted
        assert marker not in database_dump()
        files = list(stored_files())
        assert files and all(marker.encode() not in content for content in files)

    await database_sync_to_async(check)()
    assert marker not in caplog.text
    assert mail.outbox and all(marker not in m.body and marker not in m.subject for m in mail.outbox)


@pytest.mark.redis
async def test_marker_is_not_in_redis(conversation, household_user, worker):
    import redis

    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "portal.layers.PubSubChannelLayer"  # channels-redis's
    marker = f"MARQUEUR{uuid.uuid4().hex}"
    await plant_markers(conversation, household_user, worker, marker)
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    found = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "zset":
            values = client.zrange(key, 0, -1)
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "hash":
            values = list(client.hgetall(key).values())
        elif kind == "set":
            values = list(client.smembers(key))
        else:
            values = []
        if marker.encode() in key or any(marker.encode() in value for value in values):
            found.append(key)
    assert found == []
