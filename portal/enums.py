"""Choices shared across the portal: organisation kinds and membership roles."""

from django.db import models


class OrganisationKind(models.TextChoices):
    LANDLORD = "landlord", "Bailleur"
    ASSOCIATION = "association", "Association"
    PARTNER = "partner", "Service partenaire"
    FUNDER = "funder", "Financeur"


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
