"""Every status change of a case: checked, timestamped, written to the timeline with its author, audited.

docs/rules.md § 5: referred → contacting → contact established → assessment → support; referred or contacting →
no contact at the deadline (landlord notified); no contact → contacting when a coordinator reopens (landlord told);
any open state → closed with a required outcome, which cancels what hangs on the case and tells each party
(casework.closure). Views and commands call these functions; nothing else assigns
Case.status.
"""

from django.db import transaction
from django.utils import timezone

from casework import capacity, closure, deadlines, outreach
from casework.enums import CaseStatus, Outcome, ReachOutKind
from casework.errors import TransitionError  # noqa: F401  (callers catch workflow.TransitionError)
from casework.models import Case
from casework.notifications import notify_association, notify_coordinators, notify_landlord
from casework.timeline import actor as _actor
from casework.timeline import record_event
from portal import audit, formats
from portal.enums import Role
from portal.models import Membership

S = CaseStatus

ALLOWED = {
    S.REFERRED: {S.CONTACTING, S.CONTACT_ESTABLISHED, S.NO_CONTACT, S.CLOSED},
    S.CONTACTING: {S.CONTACT_ESTABLISHED, S.NO_CONTACT, S.CLOSED},
    S.CONTACT_ESTABLISHED: {S.ASSESSMENT, S.CLOSED},
    S.ASSESSMENT: {S.SUPPORT, S.CLOSED},
    S.SUPPORT: {S.CLOSED},
    S.NO_CONTACT: {S.CONTACTING, S.CLOSED},
    S.CLOSED: set(),
}


def can_transition(case, to_status):
    return to_status in ALLOWED.get(case.status, set())


def _check(case, to_status):
    if not can_transition(case, to_status):
        raise TransitionError(
            f"Impossible de passer un dossier « {case.get_status_display()} » à « {CaseStatus(to_status).label} »."
        )


@transaction.atomic
def _move(case, to_status, by, *, detail="", fields=(), when=None, audit_extra=None):
    """Lock the row, check, change, timestamp, write the timeline and the audit log."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    # Keep the caller's object in step with the database before checking.
    case.status = locked.status
    _check(case, to_status)
    from_status = case.status
    case.status = to_status
    case.save(update_fields=["status", *fields])
    record_event(case, "transition", by, detail=detail, from_status=from_status, to_status=to_status, when=when)
    audit.record(
        by, "case.transition", case, subject=case, from_status=from_status, to_status=to_status, **(audit_extra or {})
    )
    return case


def start_contacting(case, by):
    return _move(case, S.CONTACTING, by)


def establish_contact(case, by, how=""):
    """A two-way exchange took place (answered call or visit, meeting held, message answered)."""
    if case.status == S.REFERRED or case.status == S.CONTACTING:
        case.contact_established_at = timezone.now()
        return _move(case, S.CONTACT_ESTABLISHED, by, detail=how, fields=["contact_established_at"])
    _check(case, S.CONTACT_ESTABLISHED)


def start_assessment(case, by):
    case.assessment_started_at = timezone.now()
    return _move(case, S.ASSESSMENT, by, fields=["assessment_started_at"])


def start_support(case, by):
    case.support_started_at = timezone.now()
    return _move(case, S.SUPPORT, by, fields=["support_started_at"])


def mark_no_contact(case, by=None):
    """At the deadline, nobody reached and the household did nothing: the landlord may start proceedings."""
    if deadlines.reached_out(case) or case.contact_established_at is not None:
        raise TransitionError("Le ménage s'est manifesté : le dossier ne peut pas passer « sans contact ».")
    if capacity.waiting(case):
        raise TransitionError("Ce dossier est en liste d'attente : aucun délai de contact ne court encore.")
    now = timezone.now()
    case.no_contact_at = now
    case.landlord_notified_at = now
    _move(case, S.NO_CONTACT, by, fields=["no_contact_at", "landlord_notified_at"])
    notify_landlord(
        case,
        "Un dossier est arrivé à échéance sans contact",
        "L'association n'a pas pu établir le contact avec un ménage que vous avez signalé, dans le délai prévu. "
        "Vous pouvez engager la suite de la procédure.",
    )
    return case


def reopen(case, by, reason):
    """A coordinator reopens a no-contact case: a new contact period starts and the landlord is told."""
    if not (reason or "").strip():
        raise TransitionError("Indiquez le motif de la réouverture.")
    if not _is_coordinator_of(by, case):
        raise TransitionError("Seule une coordinatrice de l'association peut rouvrir un dossier.")
    case.reopened_at = timezone.now()
    case.deadline = deadlines.deadline_for(case.parameters, timezone.localdate())
    case.warning_sent_at = None
    _move(case, S.CONTACTING, by, detail=reason, fields=["reopened_at", "deadline", "warning_sent_at"])
    notify_landlord(
        case,
        "Un dossier a été rouvert par l'association",
        "L'association a rouvert un dossier qui était « sans contact » : un nouveau délai de contact court "
        f"jusqu'au {formats.day(case.deadline)}.",
    )
    return case


def close(case, by, outcome, *, dialogue_restored=None, orientation_scheme="", closed_at=None, detail=""):
    """Any open state closes, with a required outcome (and the scheme for an orientation)."""
    if not outcome:
        raise TransitionError("Choisissez l'issue de l'accompagnement pour clore le dossier.")
    outcome = Outcome(outcome)
    if outcome == Outcome.ORIENTATION and not orientation_scheme.strip():
        raise TransitionError("Indiquez vers quel dispositif le ménage est orienté.")
    case.outcome = outcome
    case.orientation_scheme = orientation_scheme.strip() if outcome == Outcome.ORIENTATION else ""
    case.dialogue_restored = dialogue_restored
    case.closed_at = closed_at or timezone.now()
    with transaction.atomic():
        _move(
            case,
            S.CLOSED,
            by,
            detail=detail,
            fields=["outcome", "orientation_scheme", "dialogue_restored", "closed_at"],
            audit_extra={"outcome": str(outcome)},
        )
        closure.end_what_hangs_on(case, by)
        closure.tell_parties(case)
    return case


@transaction.atomic
def decline_referral(case, by, reason):
    """A coordinator declines a referral outside the criteria: the case closes without entering the programme."""
    if not case.referral.awaiting_acceptance:
        raise TransitionError("Ce signalement n'attend pas de décision.")
    if not _is_coordinator_of(by, case):
        raise TransitionError("Seule une coordinatrice de l'association peut refuser un signalement.")
    if not (reason or "").strip():
        raise TransitionError("Indiquez le motif du refus.")
    referral = case.referral
    referral.declined_by = _actor(by)
    referral.declined_at = timezone.now()
    referral.save(update_fields=["declined_by", "declined_at"])
    case.closed_at = referral.declined_at
    _move(case, S.CLOSED, by, detail=f"Signalement hors critères refusé : {reason}", fields=["closed_at"])
    closure.end_what_hangs_on(case, by)
    if case.invitation_id:
        case.invitation.revoked_at = timezone.now()
        case.invitation.save(update_fields=["revoked_at"])
    notify_landlord(
        case,
        "Un signalement hors critères n'a pas été retenu",
        "L'association n'a pas retenu un signalement hors critères. Le motif figure dans le dossier.",
    )
    return case


def accept_referral(case, by):
    """A coordinator accepts a referral outside the criteria: the contact clock starts now."""
    if not case.referral.awaiting_acceptance:
        raise TransitionError("Ce signalement n'attend pas de décision.")
    if not _is_coordinator_of(by, case):
        raise TransitionError("Seule une coordinatrice de l'association peut accepter un signalement hors critères.")
    referral = case.referral
    referral.accepted_by = _actor(by)
    referral.accepted_at = timezone.now()
    referral.save(update_fields=["accepted_by", "accepted_at"])
    case.deadline = deadlines.deadline_for(case.parameters, timezone.localdate())
    case.save(update_fields=["deadline"])
    record_event(case, "exception_accepted", by, detail="Signalement hors critères accepté.")
    audit.record(by, "referral.exception_accepted", referral, subject=case)
    return case


@transaction.atomic
def take_off_waiting_list(case, by):
    """A coordinator takes the next waiting case off the list once a place is free (casework.capacity): it enters
    the year's count today, its contact clock starts today, the landlord is told and the invitation leaves when the
    programme invites at referral."""
    if not _is_coordinator_of(by, case):
        raise TransitionError("Seule une coordinatrice de l'association peut sortir un dossier de la liste d'attente.")
    locked = Case.objects.select_for_update().select_related("programme", "referral").get(pk=case.pk)
    if not capacity.waiting(locked):
        raise TransitionError("Ce dossier n'est pas en liste d'attente.")
    if capacity.is_full(locked.programme):
        raise TransitionError("Aucune place n'est libre : le programme est complet pour l'année.")
    if not capacity.can_take_off(locked):
        raise TransitionError("Prenez d'abord le dossier le plus ancien de la liste d'attente.")
    today = timezone.localdate()
    case.admitted_on = today
    case.deadline = deadlines.deadline_for(case.parameters, today)
    case.warning_sent_at = None
    case.save(update_fields=["admitted_on", "deadline", "warning_sent_at"])
    detail = f"Sorti de la liste d'attente ; échéance le {formats.day(case.deadline)}."
    record_event(case, "taken_off_waiting_list", by, detail=detail)
    audit.record(by, "case.taken_off_waiting_list", case, subject=case)
    notify_landlord(
        case,
        "Un signalement en liste d'attente est pris en charge",
        "Une place s'est libérée : l'association prend en charge un ménage que vous avez signalé. Le délai de "
        f"contact court jusqu'au {formats.day(case.deadline)}.",
    )
    outreach.queue_at_referral(case)
    return case


def household_reached_out(case, kind, when=None):
    """The household wrote, booked, redeemed its code or asked to be contacted: escalation stops at once.

    The case is flagged for a worker to confirm contact; the status does not change by itself (contact is a
    two-way exchange a worker confirms). Safe to call repeatedly.
    """
    when = when or timezone.now()
    kind = ReachOutKind(kind) if kind in ReachOutKind.values else ReachOutKind.OTHER
    first = case.awaits_reach_out
    if first:
        Case.objects.filter(pk=case.pk).update(household_reached_out_at=when)
        case.household_reached_out_at = when
    record_event(case, "household_reached_out", None, detail=f"Le ménage {kind.label}.", when=when)
    audit.record(None, "case.household_reached_out", case, subject=case, kind=str(kind))
    if first and case.is_open:
        notify_association(
            case,
            "Un ménage s'est manifesté",
            "Un ménage suivi s'est manifesté auprès de l'association. Confirmez le contact dans son dossier.",
        )
    return first


def send_warning(case):
    """The warning period started: alert the association once."""
    updated = Case.objects.filter(pk=case.pk, warning_sent_at__isnull=True).update(warning_sent_at=timezone.now())
    if not updated:
        return False
    record_event(case, "deadline_warning", None, detail=f"Échéance du contact le {formats.day(case.deadline)}.")
    audit.record(None, "case.deadline_warning", case, subject=case)
    notify_association(
        case,
        "Échéance de contact proche",
        f"Un dossier arrive à l'échéance du contact le {formats.day(case.deadline)} sans contact établi.",
    )
    return True


def flag_reached_out_past_deadline(case):
    """The household reached out but no worker has confirmed contact by the deadline: tell the coordinators once.

    The case never goes "no contact" by itself (the household did reach out); a coordinator makes sure someone
    calls back. Returns True the first time for this sign of life.
    """
    if case.timeline.filter(kind="reached_out_past_deadline", created_at__gte=case.household_reached_out_at).exists():
        return False
    record_event(
        case,
        "reached_out_past_deadline",
        None,
        detail=f"Échéance du {formats.day(case.deadline)} passée : le ménage s'est manifesté, contact à confirmer.",
    )
    audit.record(None, "case.reached_out_past_deadline", case, subject=case)
    notify_coordinators(
        case,
        "Un ménage manifesté attend toujours un échange",
        "Un ménage s'est manifesté auprès de l'association, mais le contact n'a pas été confirmé à l'échéance. "
        "Veillez à ce qu'un intervenant le rappelle.",
    )
    return True


def auto_close_no_contact(case):
    return close(
        case,
        None,
        Outcome.NO_CONTACT,
        detail=f"Clos automatiquement : sans contact depuis {deadlines.NO_CONTACT_AUTO_CLOSE_DAYS} jours, non rouvert.",
    )


def _is_coordinator_of(user, case):
    user = _actor(user)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=case.programme.association_id, role=Role.COORDINATOR)
        .exists()
    )
