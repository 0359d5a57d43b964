"""Choices of the messaging app: the two kinds of thread a case has, and who wrote a message."""

from django.db import models


class ConversationKind(models.TextChoices):
    HOUSEHOLD = "household", "Conversation avec le ménage"
    COORDINATION = "coordination", "Fil de coordination association–bailleur"


class Side(models.TextChoices):
    HOUSEHOLD = "household", "Ménage"
    ASSOCIATION = "association", "Association"
    LANDLORD = "landlord", "Bailleur"
