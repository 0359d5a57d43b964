"""Choices of the public site's models."""

from django.db import models


class ContactRequestStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    HANDLED = "handled", "Traitée"
