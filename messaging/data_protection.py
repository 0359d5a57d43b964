"""Messaging's household data, declared to the registry (portal.privacy.registry) from MessagingConfig.ready():
the household's conversation and the association–landlord coordination thread, and the messages as activity."""

from django.db.models import Max

from messaging.models import Message
from portal.privacy import registry


def register():
    r = registry.register
    r("messaging.Conversation", title="Conversations", case_path="case", order=60)
    r("messaging.Message", title="Messages", case_path="conversation__case", order=61)
    r(
        "messaging.Attachment",
        title="Pièces jointes",
        case_path="message__conversation__case",
        files=("file",),
        order=62,
    )
    r("messaging.ReadReceipt", title="Accusés de lecture", case_path="conversation__case", order=63)
    r("messaging.NotificationState", title="État des notifications", case_path="conversation__case", order=64)
    registry.register_activity("messaging.Message", last_messages)


def last_messages(case_ids):
    rows = (
        Message.objects.filter(conversation__case_id__in=case_ids)
        .values("conversation__case_id")
        .annotate(last=Max("created_at"))
    )
    return [(row["conversation__case_id"], row["last"]) for row in rows]
