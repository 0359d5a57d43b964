"""The conversation websocket: send/receive, idempotency, catch-up, refusals, closure on deactivation."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator
from django.test import override_settings

from messaging import services
from messaging.models import Message
from portal import drafts
from portal.models import AuditEvent
from tests.messaging.factories import household_case, write
from tests.messaging.ws import communicator, receive_until, session_cookie
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def connected(conversation, user, **kwargs):
    cookie = await database_sync_to_async(session_cookie)(user, **kwargs)
    comm = communicator(conversation.pk, cookie)
    accepted, _ = await comm.connect()
    assert accepted
    ready = await comm.receive_json_from()
    assert ready["type"] == "ready"
    return comm


async def refused(conversation_id, cookie, **kwargs):
    comm = communicator(conversation_id, cookie, **kwargs)
    accepted, code = await comm.connect()
    await comm.disconnect()
    return not accepted


async def test_household_and_worker_exchange_in_real_time(conversation, household_user, worker):
    household = await connected(conversation, household_user)
    staff = await connected(conversation, worker)

    await household.send_json_to({"type": "send", "client_key": "k-1", "body": "Bonjour, je vous écris."})
    ack, _ = await receive_until(household, "ack")
    assert ack["seq"] == 1 and ack["duplicate"] is False and ack["live"] is True
    assert ack["message"]["body"] == "Bonjour, je vous écris." and ack["message"]["author"] == "Vous"
    frame, _ = await receive_until(staff, "message")
    assert frame["message"]["body"] == "Bonjour, je vous écris."
    assert frame["message"]["side"] == "household" and frame["message"]["mine"] is False

    await staff.send_json_to({"type": "send", "client_key": "k-2", "body": "Bonjour, je vous rappelle demain."})
    frame, _ = await receive_until(household, "message")
    assert frame["message"]["seq"] == 2 and frame["message"]["side"] == "association"

    await household.send_json_to({"type": "read", "seq": 2})
    receipt, _ = await receive_until(staff, "receipt")
    assert receipt == {"type": "receipt", "side": "household", "seq": 2}
    await household.disconnect()
    await staff.disconnect()


async def test_a_sent_message_clears_the_draft_the_page_saved(conversation, household_user):
    """The page says when it saved a draft of the text (static/js/messaging.js): only then is it cleared."""
    key = f"message-{conversation.pk}"
    await database_sync_to_async(drafts.save)(household_user, key, "brouillon d'un autre onglet")
    comm = await connected(conversation, household_user)
    await comm.send_json_to({"type": "send", "client_key": "d-1", "body": "sans brouillon"})
    # Frames are handled one after another: once the catch-up answers, the send's side effects have run.
    await comm.send_json_to({"type": "catch_up", "after": 0})
    await receive_until(comm, "messages")
    assert await database_sync_to_async(drafts.load)(household_user, key) == "brouillon d'un autre onglet"
    await comm.send_json_to({"type": "send", "client_key": "d-2", "body": "avec brouillon", "draft": True})
    await comm.send_json_to({"type": "catch_up", "after": 0})
    await receive_until(comm, "messages")
    assert await database_sync_to_async(drafts.load)(household_user, key) == ""
    await comm.disconnect()


async def test_other_tabs_of_the_sender_get_the_message(conversation, household_user):
    first_tab = await connected(conversation, household_user)
    second_tab = await connected(conversation, household_user)
    await first_tab.send_json_to({"type": "send", "client_key": "tab", "body": "depuis l'onglet 1"})
    await receive_until(first_tab, "ack")
    frame, _ = await receive_until(second_tab, "message")
    assert frame["message"]["mine"] is True and frame["message"]["body"] == "depuis l'onglet 1"
    assert await first_tab.receive_nothing(timeout=0.3)  # the sending socket has it in its ack, no echo
    await first_tab.disconnect()
    await second_tab.disconnect()


async def test_retried_send_creates_no_duplicate(conversation, household_user):
    comm = await connected(conversation, household_user)
    for _ in range(3):
        await comm.send_json_to({"type": "send", "client_key": "same-key", "body": "Une seule fois"})
    acks = [(await receive_until(comm, "ack"))[0] for _ in range(3)]
    assert {a["id"] for a in acks} == {acks[0]["id"]}
    assert [a["duplicate"] for a in acks] == [False, True, True]
    assert await database_sync_to_async(Message.objects.filter(conversation=conversation).count)() == 1
    await comm.disconnect()


async def test_catch_up_after_reconnect(conversation, household_user, worker):
    comm = await connected(conversation, household_user)
    await comm.send_json_to({"type": "send", "client_key": "a", "body": "premier"})
    await receive_until(comm, "ack")
    await comm.disconnect()
    for n in range(3):
        await database_sync_to_async(write)(conversation, worker, f"réponse {n}")

    comm = await connected(conversation, household_user)
    await comm.send_json_to({"type": "catch_up", "after": 1})
    batch, _ = await receive_until(comm, "messages")
    assert [m["seq"] for m in batch["messages"]] == [2, 3, 4]
    assert [m["body"] for m in batch["messages"]] == ["réponse 0", "réponse 1", "réponse 2"]
    assert batch["last_seq"] == 4 and batch["more"] is False
    await comm.disconnect()


async def test_too_long_and_burst_get_an_error_frame_and_the_connection_stays_open(
    conversation, household_user, settings
):
    settings.MESSAGE_BURST_LIMIT = 3
    comm = await connected(conversation, household_user)
    await comm.send_json_to({"type": "send", "client_key": "long", "body": "x" * 5001})
    error, _ = await receive_until(comm, "error")
    assert error["code"] == "too_long" and "5000" in error["message"] and error["client_key"] == "long"
    for n in range(3):
        await comm.send_json_to({"type": "send", "client_key": f"b{n}", "body": "vite"})
        await receive_until(comm, "ack")
    await comm.send_json_to({"type": "send", "client_key": "b3", "body": "trop vite"})
    error, _ = await receive_until(comm, "error")
    assert error["code"] == "burst" and "Patientez" in error["message"]
    # A retry of a stored message is not a new one: at the limit, it is still acknowledged.
    await comm.send_json_to({"type": "send", "client_key": "b2", "body": "vite"})
    ack, _ = await receive_until(comm, "ack")
    assert ack["duplicate"] is True and ack["seq"] == 3
    # Still open: a catch-up is answered (empty: this socket's acks gave the page all three, never twice).
    await comm.send_json_to({"type": "catch_up", "after": 0})
    batch, _ = await receive_until(comm, "messages")
    assert batch["messages"] == [] and batch["last_seq"] == 3
    await comm.disconnect()


async def test_landlord_is_refused_on_the_household_conversation(conversation, landlord_referent):
    cookie = await database_sync_to_async(session_cookie)(landlord_referent)
    assert await refused(conversation.pk, cookie)


async def test_landlord_takes_part_in_the_coordination_thread(coordination, landlord_referent, worker):
    landlord_ws = await connected(coordination, landlord_referent)
    staff = await connected(coordination, worker)
    await landlord_ws.send_json_to({"type": "send", "client_key": "c1", "body": "Bilan le 3 décembre à 14 h ?"})
    frame, _ = await receive_until(staff, "message")
    assert frame["message"]["side"] == "landlord"
    await landlord_ws.disconnect()
    await staff.disconnect()


async def test_household_is_refused_on_the_coordination_thread(coordination, household_user):
    cookie = await database_sync_to_async(session_cookie)(household_user)
    assert await refused(coordination.pk, cookie)


async def test_another_association_is_refused(conversation):
    other = await database_sync_to_async(OrganisationFactory)(name="Autre association")
    stranger = (await database_sync_to_async(MembershipFactory)(organisation=other)).user
    cookie = await database_sync_to_async(session_cookie)(stranger)
    assert await refused(conversation.pk, cookie)


async def test_another_household_is_refused(conversation, association, landlord):
    from tests.portal.factories import UserFactory

    other_user = await database_sync_to_async(UserFactory)(confirmed=True)
    await database_sync_to_async(household_case)(association, landlord, other_user)
    cookie = await database_sync_to_async(session_cookie)(other_user)
    assert await refused(conversation.pk, cookie)


async def test_staff_without_second_factor_is_refused(conversation, worker):
    cookie = await database_sync_to_async(session_cookie)(worker, verified=False)
    assert await refused(conversation.pk, cookie)


async def test_staff_with_someone_elses_device_is_refused(conversation, worker, coordinator):
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cookie = await database_sync_to_async(session_cookie)(worker, verified=False)

    def plant_foreign_device():
        device = TOTPDevice.objects.create(user=coordinator, name="autre", confirmed=True)
        session = SessionStore(session_key=cookie)
        session["otp_device_id"] = device.persistent_id
        session.save()

    await database_sync_to_async(plant_foreign_device)()
    assert await refused(conversation.pk, cookie)


async def test_anonymous_is_refused(conversation):
    assert await refused(conversation.pk, None)


async def test_foreign_origin_is_refused(conversation, household_user):
    from portal.asgi import application

    cookie = await database_sync_to_async(session_cookie)(household_user)
    inner = application.application_mapping["websocket"].application
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        guarded = AllowedHostsOriginValidator(inner)
    assert await refused(conversation.pk, cookie, origin=b"http://evil.example", application=guarded)
    comm = communicator(conversation.pk, cookie, application=guarded)
    accepted, _ = await comm.connect()
    assert accepted
    await comm.disconnect()


def test_asgi_checks_origins_against_allowed_hosts(settings):
    from channels.security.websocket import OriginValidator

    from portal.asgi import application

    websocket = application.application_mapping["websocket"]
    assert isinstance(websocket, OriginValidator)
    assert websocket.allowed_origins == settings.ALLOWED_HOSTS


async def test_deactivation_closes_open_websockets(conversation, household_user):
    comm = await connected(conversation, household_user)

    def deactivate():
        household_user.is_active = False
        household_user.save()

    await database_sync_to_async(deactivate)()
    closed = await comm.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4001}


async def test_membership_end_closes_open_websockets(conversation, worker):
    comm = await connected(conversation, worker)

    def end_membership():
        membership = worker.memberships.get()
        membership.is_active = False
        membership.save()

    await database_sync_to_async(end_membership)()
    closed = await comm.receive_output(timeout=3)
    assert closed["type"] == "websocket.close"


async def test_staff_websocket_read_is_audited(conversation, worker):
    comm = await connected(conversation, worker)
    await comm.disconnect()
    events = await database_sync_to_async(list)(
        AuditEvent.objects.filter(action="messaging.conversation_read").values("actor_id", "subject_key", "extra")
    )
    assert events == [
        {
            "actor_id": worker.pk,
            "subject_key": f"casework.case:{conversation.case_id}",
            "extra": {"channel": "websocket"},
        }
    ]


async def test_payload_on_the_layer_is_sealed(conversation, household_user, monkeypatch):
    """The message travels encrypted with the portal's keys (receivers need no database read); no plaintext."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    sent = []
    original = layer.group_send

    async def spy(group, message):
        sent.append((group, message))
        await original(group, message)

    monkeypatch.setattr(layer, "group_send", spy)
    comm = await connected(conversation, household_user)
    marker = f"MARQUEUR-{uuid.uuid4().hex}"
    await comm.send_json_to({"type": "send", "client_key": "p", "body": marker})
    await receive_until(comm, "ack")
    await comm.disconnect()
    assert sent and all(marker not in repr(message) for _, message in sent)
    event = sent[0][1]
    assert set(event) == {"type", "conversation", "id", "seq", "sealed", "origin"}
    assert services.unseal(event)["body"] == marker
