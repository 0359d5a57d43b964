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


class ReferralSource(models.TextChoices):
    """Who opened the case. Only the landlord's own referrals are the landlord's to know of: a case the household
    opened itself (public contact form) stays unknown to it."""

    LANDLORD = "landlord", "Signalement du bailleur"
    CONTACT_REQUEST = "contact_request", "Demande du ménage"


class Guarantee(models.TextChoices):
    NONE = "none", "Aucune"
    FSL = "fsl", "FSL"
    LOCA_PASS = "loca_pass", "Loca-Pass"
    VISALE = "visale", "Visale"
    OTHER = "other", "Autre"


class ContactOutcome(models.TextChoices):
    # Only REACHED is a two-way exchange (docs/rules.md § 3): it establishes contact.
    REACHED = "reached", "Échange avec le ménage"
    NO_ANSWER = "no_answer", "Pas de réponse"
    MESSAGE_LEFT = "message_left", "Message laissé"
    WRONG_DETAILS = "wrong_details", "Coordonnées erronées"
    REFUSED = "refused", "Le ménage refuse l'accompagnement"
    SENT = "sent", "Envoyé (sans réponse à ce jour)"


class ContactState(models.TextChoices):
    """Where contact stands, as the association and the landlord read it (docs/rules.md § 3).

    "Established" is a two-way exchange a worker confirmed; a household that only used its code, wrote or booked
    "reached out": it is no longer unreachable, but contact is not established until a worker confirms it.
    """

    ESTABLISHED = "established", "Oui"
    REACHED_OUT = "reached_out", "Le ménage s'est manifesté (contact à confirmer)"
    NONE = "none", "Non"


class ContactRequestStatus(models.TextChoices):
    NEW = "new", "Nouvelle"
    HANDLED = "handled", "Traitée"


class ReachOutKind(models.TextChoices):
    """What the household did toward the association (stops the escalation)."""

    CODE_REDEEMED = "code_redeemed", "a créé son compte avec le code du courrier"
    MESSAGE = "message", "a écrit à l'association"
    BOOKING = "booking", "a pris rendez-vous"
    CONTACT_REQUEST = "contact_request", "a fait une demande de contact"
    OTHER = "other", "s'est manifesté"


class ArrearsOrigin(models.TextChoices):
    LOSS_OF_INCOME = "loss_of_income", "Perte de revenus"
    SEPARATION = "separation", "Séparation"
    HEALTH = "health", "Santé"
    RIGHTS_NOT_OPENED = "rights_not_opened", "Droits non ouverts"
    BUDGET = "budget", "Gestion du budget"
    OVER_INDEBTEDNESS = "over_indebtedness", "Surendettement"
    LANDLORD_DISPUTE = "landlord_dispute", "Litige avec le bailleur"
    OTHER = "other", "Autre"


class Right(models.TextChoices):
    APL = "apl", "APL / AL"
    RSA = "rsa", "RSA"
    ACTIVITY_BONUS = "activity_bonus", "Prime d'activité"
    AAH = "aah", "AAH"
    FAMILY = "family", "Prestations familiales"
    UNEMPLOYMENT = "unemployment", "Allocations chômage"
    FSL = "fsl", "FSL / FUL"
    BANQUE_DE_FRANCE = "banque_de_france", "Dossier Banque de France"
    OTHER = "other", "Autre droit"


class RightStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    TO_REQUEST = "to_request", "À demander"
    REQUESTED = "requested", "Demandé"
    OBTAINED = "obtained", "Obtenu"
    NOT_ELIGIBLE = "not_eligible", "Non éligible"


class HousingAdequacy(models.TextChoices):
    ADEQUATE = "adequate", "Logement adapté à la situation"
    FRAGILE = "fragile", "Adapté si le budget est rééquilibré"
    INADEQUATE = "inadequate", "Logement inadapté : une mutation est à envisager"


class InformationTopic(models.TextChoices):
    RIGHTS_AND_DUTIES = "rights_and_duties", "Ses droits et ses devoirs de locataire"
    SCHEMES = "schemes", "Les aides et dispositifs possibles"
    PROCEDURE = "procedure", "La procédure qui peut être engagée"


class ActionStatus(models.TextChoices):
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Fait"
    ABANDONED = "abandoned", "Abandonné"


class HandoverStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposé"
    ACCEPTED = "accepted", "Accepté"
    DONE = "done", "Réalisé"
    # The case closed before the handover was done: nothing more happens on it (casework.handovers).
    ENDED = "ended", "Terminé : le dossier est clos"


# Where the partner may take a handover from each status (casework.handovers applies it, Handover.can_* show it).
PARTNER_MOVES = {
    HandoverStatus.PROPOSED: {HandoverStatus.ACCEPTED, HandoverStatus.DONE},
    HandoverStatus.ACCEPTED: {HandoverStatus.DONE},
}


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon de l'association"
    SHARED = "shared", "Soumis au ménage pour commentaires"
    VALIDATED = "validated", "Validé"


class PlanStatus(models.TextChoices):
    RESPECTED = "respected", "Respecté"
    UNKNOWN = "unknown", "Inconnu (relevé manquant)"
    BROKEN = "broken", "Non respecté"
    UPCOMING = "upcoming", "À venir (première échéance non atteinte)"

    @property
    def badge_class(self):
        """The badge's modifier on pages: a broken plan alerts, a respected one reassures."""
        return {"broken": "badge--error", "respected": "badge--success"}.get(self.value, "")


class TransferStatus(models.TextChoices):
    TO_FILE = "to_file", "À déposer"
    FILED = "filed", "Déposée"
    OFFERED = "offered", "Logement proposé"
    DONE = "done", "Mutation réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "En attente de décision"
    DECIDED = "decided", "Décision prise"
