"""Choices of the appointments domain: kinds of appointment, places, statuses, who acted."""

from django.db import models

from portal.enums import ContactChannel, Party


class AppointmentKind(models.TextChoices):
    FIRST_INTERVIEW = "first_interview", "Premier entretien"
    FOLLOW_UP = "follow_up", "Entretien de suivi"
    JOINT_HANDOVER = "joint_handover", "Entretien commun de passage de relais"
    TRIPARTITE_REVIEW = "tripartite_review", "Bilan tripartite"


class Place(models.TextChoices):
    OFFICE = "office", "À l'association"
    HOME = "home", "À domicile"
    PHONE = "phone", "Par téléphone"
    VIDEO = "video", "En visioconférence"
    PARTNER = "partner", "Dans les locaux d'un partenaire"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposé, en attente de réponse"
    BOOKED = "booked", "Confirmé"
    DONE = "done", "Tenu"
    HOUSEHOLD_ABSENT = "household_absent", "Ménage absent"
    CANCELLED = "cancelled", "Annulé"


# Statuses that hold the worker's time (the exclusion constraint and the overlap check use the same rule).
ACTIVE_STATUSES = (Status.PROPOSED, Status.BOOKED, Status.DONE, Status.HOUSEHOLD_ABSENT)


# Who acted on an appointment: a portal.enums.Party, or SYSTEM for automatic steps. "system" is no party to a case,
# so it stays a separate value here rather than a fifth Party that every other screen would have to exclude.
SYSTEM_ACTOR = "system"
# How an actor reads inside a sentence ("annulé par le ménage"); these are the fields' choices too.
ACTOR_WORDING = {Party.HOUSEHOLD: "le ménage", Party.ASSOCIATION: "l'association", SYSTEM_ACTOR: "automatique"}
ACTOR_CHOICES = [(str(value), wording) for value, wording in ACTOR_WORDING.items()]


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", "Fermé ce jour-là"
    OPEN = "open", "Ouverture supplémentaire"


class ReminderKind(models.TextChoices):
    H48 = "48h", "48 heures avant"
    H24 = "24h", "24 heures avant"


# The channels an appointment reminder goes by: a subset of portal.enums.ContactChannel.
REMINDER_CHANNELS = (ContactChannel.EMAIL, ContactChannel.SMS)
