"""Messaging's rows of the authorisation matrix, with real conversations, messages and attachments on both sides.

The household conversation: its household members and the association's team, never the landlord. The coordination
thread: the association and the landlord, never the household (nor any partner).
"""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging.enums import ConversationKind
from messaging.models import Conversation
from messaging.services import store_message
from tests.authorization import Rule, allow

HOUSEHOLDS = {"household_confirmed", "household_unconfirmed"}
ASSOCIATION = {"worker", "coordinator"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

MARKERS_VISIBLE_TO = {
    "MESSAGE": ASSOCIATION | HOUSEHOLDS,
    "COORDINATION": ASSOCIATION | {"landlord_referent"},
}


def _post(conversation, author, body):
    upload = SimpleUploadedFile("piece.png", PNG, content_type="image/png")
    message, _ = store_message(conversation, author, body, uuid.uuid4().hex, files=[upload])
    return message.stored_attachments[0]


def build(world):
    for side, staff in (("own", world.users["worker"]), ("foreign", world.users["other_association"])):
        case = world.objects[side]["case"]
        household = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
        coordination = Conversation.of_case(case, ConversationKind.COORDINATION)
        objects = world.objects[side]
        objects["conversation"], objects["coordination"] = household, coordination
        objects["attachment"] = _post(household, staff, world.plant("MESSAGE", side))
        objects["coordination_attachment"] = _post(coordination, staff, world.plant("COORDINATION", side))


def pk_of(key):
    return lambda world, side: {"pk": world.objects[side][key].pk}


RULES = [
    Rule("messaging:household_conversation", args=pk_of("conversation"), ok=allow(*HOUSEHOLDS)),
    Rule("messaging:household_messages_json", args=pk_of("conversation"), ok=allow(*HOUSEHOLDS)),
    Rule("messaging:household_attachment", args=pk_of("attachment"), ok=allow(*HOUSEHOLDS)),
    Rule(
        "messaging:partner_conversation",
        args=pk_of("conversation"),
        ok=allow(*ASSOCIATION),
        foreign_ok=allow("other_association"),
    ),
    Rule(
        "messaging:partner_messages_json",
        args=pk_of("conversation"),
        ok=allow(*ASSOCIATION),
        foreign_ok=allow("other_association"),
    ),
    # POST only (tests/messaging/test_sms_bridge.py posts it): a GET finds nothing, for everyone.
    Rule("messaging:partner_confirm_phone", args=pk_of("conversation")),
    Rule(
        "messaging:partner_attachment",
        args=pk_of("attachment"),
        ok=allow(*ASSOCIATION),
        foreign_ok=allow("other_association"),
    ),
]


def probes(world):
    """The coordination thread, through every door: the landlord in, the household and the partner out."""
    own = world.objects["own"]
    thread, attachment = own["coordination"].pk, own["coordination_attachment"].pk
    return [
        ("landlord_referent", reverse("messaging:partner_conversation", kwargs={"pk": thread}), 200),
        ("landlord_referent", reverse("messaging:partner_messages_json", kwargs={"pk": thread}), 200),
        ("landlord_referent", reverse("messaging:partner_attachment", kwargs={"pk": attachment}), 200),
        ("worker", reverse("messaging:partner_conversation", kwargs={"pk": thread}), 200),
        ("partner_contact", reverse("messaging:partner_conversation", kwargs={"pk": thread}), 404),
        ("funder", reverse("messaging:partner_conversation", kwargs={"pk": thread}), 404),
        ("household_confirmed", reverse("messaging:household_conversation", kwargs={"pk": thread}), 404),
        ("household_confirmed", reverse("messaging:household_messages_json", kwargs={"pk": thread}), 404),
        ("household_confirmed", reverse("messaging:household_attachment", kwargs={"pk": attachment}), 404),
        ("other_landlord", reverse("messaging:partner_conversation", kwargs={"pk": thread}), 404),
        # The landlord never reaches the household conversation, even by its partner-side address.
        ("landlord_referent", reverse("messaging:partner_attachment", kwargs={"pk": own["attachment"].pk}), 404),
    ]
