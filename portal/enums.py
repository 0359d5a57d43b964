"""Choices shared across the portal: organisation kinds, membership roles, the parties to a case and the channels
by which one reaches another."""

from django.db import models


class OrganisationKind(models.TextChoices):
    LANDLORD = "landlord", "Bailleur"
    ASSOCIATION = "association", "Association"
    PARTNER = "partner", "Service partenaire"
    FUNDER = "funder", "Financeur"


class Party(models.TextChoices):
    """A party to a case: who acts on a step of the carnet de route, who attends a review. One enum for all."""

    HOUSEHOLD = "household", "Ménage"
    ASSOCIATION = "association", "Association"
    LANDLORD = "landlord", "Bailleur"
    PARTNER = "partner", "Partenaire"


class ContactChannel(models.TextChoices):
    """How one party reaches another: the association's attempts, the household's preferred way to be called back."""

    PHONE = "phone", "Téléphone"
    SMS = "sms", "SMS"
    LETTER = "letter", "Courrier"
    EMAIL = "email", "E-mail"
    HOME_VISIT = "home_visit", "Visite à domicile"
    OTHER = "other", "Autre"


# The ways a household asking to be contacted from the public site may choose.
CALL_BACK_CHANNELS = (ContactChannel.PHONE, ContactChannel.EMAIL)


class Role(models.TextChoices):
    WORKER = "worker", "Travailleur social de l'association"
    COORDINATOR = "coordinator", "Coordinatrice de l'association"
    LANDLORD_REFERENT = "landlord_referent", "Référent du bailleur"
    PARTNER_CONTACT = "partner_contact", "Contact d'un service partenaire"
    FUNDER = "funder", "Financeur"


ROLES_BY_KIND = {
    OrganisationKind.ASSOCIATION: {Role.WORKER, Role.COORDINATOR},
    OrganisationKind.LANDLORD: {Role.LANDLORD_REFERENT},
    OrganisationKind.PARTNER: {Role.PARTNER_CONTACT},
    OrganisationKind.FUNDER: {Role.FUNDER},
}


class InvitationKind(models.TextChoices):
    HOUSEHOLD = "household", "Ménage"
    STAFF = "staff", "Professionnel"


class NotificationFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "Tout de suite"
    DAILY = "daily", "Un résumé par jour"
    NONE = "none", "Jamais"
