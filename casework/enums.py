"""Choices of the casework domain."""

from django.db import models


class CaseStatus(models.TextChoices):
    REFERRED = "referred", "Signalé"
    CONTACTING = "contacting", "Prise de contact en cours"
    CONTACT_ESTABLISHED = "contact_established", "Contact établi"
    ASSESSMENT = "assessment", "Diagnostic"
    SUPPORT = "support", "Accompagnement"
    NO_CONTACT = "no_contact", "Sans contact"
    CLOSED = "closed", "Clos"


OPEN_STATUSES = [s for s in CaseStatus if s != CaseStatus.CLOSED]


class Outcome(models.TextChoices):
    REPAYMENT_PLAN = "repayment_plan", "Plan d'apurement"
    TRANSFER = "transfer", "Mutation"
    ORIENTATION = "orientation", "Orientation vers un autre dispositif"
    DEBT_CLEARED = "debt_cleared", "Dette soldée"
    NO_CONTACT = "no_contact", "Échec : pas de contact"
    REFUSAL = "refusal", "Échec : refus"
    PLAN_BROKEN = "plan_broken", "Échec : plan non respecté"
    HOUSEHOLD_LEFT = "household_left", "Échec : départ du ménage"


FAILURE_OUTCOMES = {Outcome.NO_CONTACT, Outcome.REFUSAL, Outcome.PLAN_BROKEN, Outcome.HOUSEHOLD_LEFT}


class Guarantee(models.TextChoices):
    NONE = "none", "Aucune"
    FSL = "fsl", "FSL"
    LOCA_PASS = "loca_pass", "Loca-Pass"
    VISALE = "visale", "Visale"
    OTHER = "other", "Autre"
