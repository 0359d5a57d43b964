"""Choices of the messaging app: the two kinds of thread a case has (who wrote a message is a portal.enums.Party)."""

from django.db import models


class ConversationKind(models.TextChoices):
    HOUSEHOLD = "household", "Conversation avec le ménage"
    COORDINATION = "coordination", "Fil de coordination association–bailleur"
