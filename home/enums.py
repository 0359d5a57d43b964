"""Choices of the public site's models."""

from django.db import models


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Par téléphone"
    EMAIL = "email", "Par e-mail"


class ContactRequestStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    HANDLED = "handled", "Traitée"
