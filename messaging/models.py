"""Conversations of a case (household ↔ association, association ↔ landlord), messages, attachments, receipts."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from messaging.enums import ConversationKind
from portal.crypto import EncryptedFileStorage, EncryptedTextField
from portal.enums import Party


class ConversationQuerySet(models.QuerySet):
    def household(self):
        return self.filter(kind=ConversationKind.HOUSEHOLD)

    def coordination(self):
        return self.filter(kind=ConversationKind.COORDINATION)


class Conversation(models.Model):
    """A case's thread. Kind "household": the household's members and the association's team.
    Kind "coordination" (the coordination thread): the association and the landlord, never the household's space,
    and only on a case the landlord may know of (casework's CaseQuerySet.landlord_known).

    Both are the household's data: its export holds them, the coordination thread included (right of access, RGPD
    art. 15; docs/rules.md § 8). Created by a POST, never by opening a page.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(max_length=16, choices=ConversationKind.choices)
    # The sequence number of the newest message; incremented under a row lock when a message is stored.
    last_seq = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_conversation_per_case_and_kind")]
        ordering = [F("last_message_at").desc(nulls_last=True), "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — dossier {self.case_id}"

    @property
    def is_household(self):
        return self.kind == ConversationKind.HOUSEHOLD

    @property
    def group_name(self):
        return f"conversation.{self.pk}"

    @classmethod
    def of_case(cls, case, kind):
        conversation, _ = cls.objects.get_or_create(case=case, kind=kind)
        return conversation


class Message(models.Model):
    """One message. `seq` increases within its conversation; `client_key` makes a retried send harmless."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    client_key = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="messages_written"
    )
    side = models.CharField(max_length=12, choices=Party.choices)
    body = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # « reçu par SMS »: the household answered by SMS (messaging.sms_bridge); « envoyé par SMS »: a reply that went
    # to the household's phone as SMS text.
    via_sms = models.BooleanField("par SMS", default=False)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_message_seq"),
            models.UniqueConstraint(fields=["conversation", "client_key"], name="unique_message_client_key"),
        ]
        indexes = [models.Index(fields=["author", "created_at"], name="message_author_recent")]

    def __str__(self):
        return f"Message {self.seq} de la conversation {self.conversation_id}"


def attachment_name(instance, filename):
    # The uploaded name is never used as a path: a random name keeps only the checked extension.
    extension = os.path.splitext(filename)[1].lower()
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file sent with a message (PDF, JPEG or PNG), encrypted at rest, served only to participants."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=EncryptedFileStorage("attachments"), upload_to=attachment_name, max_length=200)
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    # portal.malware's verdict before storing: "clean", or "not_scanned" when no daemon is configured.
    scan_status = models.CharField(
        "analyse antivirus",
        max_length=12,
        choices=[("clean", "analysé, sain"), ("not_scanned", "non analysé")],
        default="not_scanned",
    )

    def __str__(self):
        return f"Pièce jointe {self.pk}"


class ReadReceipt(models.Model):
    """How far a participant has read a conversation (the last sequence number seen)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_receipts")
    last_read_seq = models.PositiveIntegerField(default=0)
    # The reader's side when it read, kept as a message keeps its author's: a catch-up (a hundred at once when live
    # updates resume) gives receipts by side without reading the readers' roles. Empty on receipts recorded before
    # 30/11: their side is worked out (messaging.services.receipts) until the reader reads again.
    side = models.CharField("côté", max_length=12, choices=Party.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="one_receipt_per_participant")]

    def __str__(self):
        return f"Conversation n°{self.conversation_id} lue par l'utilisateur n°{self.user_id} jusqu'au message {self.last_read_seq}"


class NotificationState(models.Model):
    """When a participant was last told by e-mail about a conversation, and whether a digest is owed."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notification_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_emailed_at = models.DateTimeField(null=True, blank=True)
    digest_pending = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_notification_state_per_participant")
        ]
        indexes = [
            models.Index(
                fields=["digest_pending"], name="notification_digest_pending", condition=Q(digest_pending=True)
            )
        ]

    def __str__(self):
        return f"Notifications de la conversation n°{self.conversation_id} pour l'utilisateur n°{self.user_id}"
