"""Every change to an appointment goes through here: book, propose, accept, decline, move, cancel, mark.

Each operation checks the rules (past, outside availability, too short for the type, an absence, an
overlap, the programme's notice), writes the history and schedules the discreet notifications after the
commit. Overlaps are refused twice: by a check inside the transaction (IMMEDIATE on SQLite, so bookers
queue), and on PostgreSQL by the exclusion constraint, whose IntegrityError means the same thing.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from appointments import notify, wording
from appointments.enums import ACTOR_WORDING, AppointmentKind, Place, Status
from appointments.models import Appointment, AppointmentEvent, ProgrammeAppointmentSettings
from appointments.slots import free_slots, load_calendars, local_date
from casework import workflow
from casework.enums import CaseStatus, ReachOutKind
from casework.models import TripartiteReview
from portal import audit
from portal.enums import Party, Role
from portal.models import Membership

logger = logging.getLogger(__name__)

NEXT_SLOTS_SHOWN = 5
TEAM_ROLES = (Role.WORKER, Role.COORDINATOR)


class BookingError(Exception):
    """A refusal the user can act on; `field` says which form field it belongs to."""

    def __init__(self, message, field=None, next_slots=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.next_slots = list(next_slots)


class SlotTaken(BookingError):
    pass


def team_worker_ids(association):
    return list(
        Membership.objects.active()
        .filter(organisation=association, role__in=TEAM_ROLES)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def candidate_worker_ids(case):
    """The household books its assigned worker once there is one, otherwise anyone in the team."""
    if case.assigned_worker_id:
        return [case.assigned_worker_id]
    return team_worker_ids(case.programme.association)


def rules_for(case):
    return ProgrammeAppointmentSettings.for_programme(case.programme)


def next_free_slots(worker_ids, appointment_type, after, count=NEXT_SLOTS_SHOWN, exclude_appointment=None):
    """The first free slots after a moment, looking a week at a time up to eight weeks ahead."""
    found = []
    start = after
    for _ in range(8):
        end = start + timedelta(days=7)
        found += free_slots(worker_ids, appointment_type.duration, start, end, exclude_appointment=exclude_appointment)
        if len(found) >= count:
            break
        start = end
    return found[:count]


def household_reached_out(case, when):
    """A booking is the household reaching out (docs/rules.md § 2): it stops the escalation."""
    workflow.household_reached_out(case, ReachOutKind.BOOKING, when=when)


def check_slot(worker_ids, appointment_type, starts_at, *, now, rules=None, actor_kind=Party.ASSOCIATION, exclude=None):
    """Raise a BookingError explaining why [starts_at, +duration) cannot be booked; else return free worker ids."""
    ends_at = starts_at + appointment_type.duration
    if starts_at <= now:
        raise BookingError("Ce créneau est déjà passé. Choisissez une date à venir.", field="slot")
    if actor_kind == Party.HOUSEHOLD and rules is not None:
        if starts_at < now + timedelta(hours=rules.min_booking_hours):
            raise BookingError(
                f"Ce créneau est trop proche : il faut réserver au moins {rules.min_booking_hours} h à l'avance.",
                field="slot",
            )
        if local_date(starts_at) > local_date(now) + timedelta(days=rules.max_booking_days):
            raise BookingError(
                f"Ce créneau est trop loin : on peut réserver jusqu'à {rules.max_booking_days} jours à l'avance.",
                field="slot",
            )
    day_start = timezone.localtime(starts_at).replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1, hours=3)
    calendars = load_calendars(
        worker_ids, min(day_start, starts_at), max(day_end, ends_at), exclude_appointment=exclude
    )
    in_window = [w for w, c in calendars.items() if any(s <= starts_at < e for s, e in c.openings)]
    if not in_window:
        raise BookingError("Ce créneau est en dehors des horaires de disponibilité.", field="slot")
    long_enough = [w for w in in_window if any(s <= starts_at and ends_at <= e for s, e in calendars[w].openings)]
    if not long_enough:
        raise BookingError(
            f"Ce créneau est trop court pour un {appointment_type} ({appointment_type.duration_minutes} minutes) : "
            "la plage de disponibilité se termine avant.",
            field="slot",
        )
    present = [w for w in long_enough if not any(s < ends_at and starts_at < e for s, e in calendars[w].absences)]
    if not present:
        raise BookingError("La personne de l'association est absente à ce moment-là.", field="slot")
    free = [w for w in present if not any(s < ends_at and starts_at < e for s, e in calendars[w].busy)]
    if not free:
        raise SlotTaken(
            "Ce créneau vient d'être pris.",
            field="slot",
            next_slots=next_free_slots(worker_ids, appointment_type, starts_at, exclude_appointment=exclude),
        )
    return free


def check_household_free(case, starts_at, ends_at, exclude=None):
    """A household is never expected at two appointments at once, whoever receives it: said as such (not as a
    taken slot), with the appointment it would clash with."""
    clash = (
        case.appointments.filter(status__in=(Status.PROPOSED, Status.BOOKED))
        .overlapping(starts_at, ends_at)
        .exclude(pk=getattr(exclude, "pk", None))
        .select_related("type")
        .first()
    )
    if clash is not None:
        raise BookingError(
            f"Le ménage a déjà un rendez-vous à ce moment-là ({clash.type}, {wording.when_text(clash.starts_at)}). "
            "Choisissez un autre créneau ou déplacez celui-là.",
            field="slot",
        )


def _taken(worker_ids, appointment_type, after, exclude=None):
    return SlotTaken(
        "Ce créneau vient d'être pris. Voici les prochains créneaux libres.",
        field="slot",
        next_slots=next_free_slots(worker_ids, appointment_type, after, exclude_appointment=exclude),
    )


def _check_place(appointment_type, place, partner):
    if place not in appointment_type.offered_places:
        raise BookingError("Ce lieu n'est pas possible pour ce type de rendez-vous.", field="place")
    if place == Place.PARTNER and partner is None:
        raise BookingError("Indiquez le partenaire qui reçoit le rendez-vous.", field="partner")


def _check_links(case, appointment_type, review, handover):
    if review is not None:
        if review.case_id != case.pk or appointment_type.kind != AppointmentKind.TRIPARTITE_REVIEW:
            raise BookingError("Ce bilan ne correspond pas à ce dossier ou à ce type de rendez-vous.", field="review")
        if review.appointments.active().exists():
            raise BookingError("Ce bilan a déjà un rendez-vous : déplacez-le plutôt.", field="review")
    if handover is not None:
        if handover.case_id != case.pk or appointment_type.kind != AppointmentKind.JOINT_HANDOVER:
            raise BookingError(
                "Ce passage de relais ne correspond pas à ce dossier ou à ce type de rendez-vous.", field="handover"
            )
        if not handover.consent_stands:
            raise BookingError(
                "Le ménage n'a pas donné (ou a retiré) son accord pour ce passage de relais.", field="handover"
            )
        if handover.joint_interview_appointments.active().exists():
            raise BookingError("Cet entretien commun a déjà un rendez-vous : déplacez-le plutôt.", field="handover")


def record(appointment, kind, actor, actor_kind, *, from_status="", previous_starts_at=None, reason=""):
    """The appointment's history, and a line on the case's timeline (the association's only)."""
    label = AppointmentEvent.KIND_LABELS.get(kind)
    if label:
        workflow.record_event(
            appointment.case,
            f"appointment_{kind}",
            actor if getattr(actor, "is_authenticated", False) else None,
            detail=f"{label} ({appointment.type}, {wording.when_text(appointment.starts_at)}) par {ACTOR_WORDING[actor_kind]}.",
        )
    return AppointmentEvent.objects.create(
        appointment=appointment,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_kind=actor_kind,
        from_status=from_status,
        to_status=appointment.status,
        previous_starts_at=previous_starts_at,
        reason=reason,
    )


def book(
    *,
    case,
    appointment_type,
    starts_at,
    place,
    actor,
    actor_kind,
    worker_ids=None,
    partner=None,
    participants=(),
    propose=False,
    review=None,
    handover=None,
    now=None,
    request=None,
):
    """Book (or, for a worker, propose) an appointment. Raises BookingError / SlotTaken."""
    now = now or timezone.now()
    _check_links(case, appointment_type, review, handover)
    worker_ids = list(worker_ids or candidate_worker_ids(case))
    if not worker_ids:
        raise BookingError("Aucune personne de l'association ne reçoit de rendez-vous pour l'instant.", field="slot")
    _check_place(appointment_type, place, partner)
    rules = rules_for(case)
    ends_at = starts_at + appointment_type.duration
    check_household_free(case, starts_at, ends_at)
    fields = {
        "case": case,
        "association": case.programme.association,
        "type": appointment_type,
        "place": place,
        "partner": partner if place == Place.PARTNER else None,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "status": Status.PROPOSED if propose else Status.BOOKED,
        "booked_by": actor,
        "booked_by_actor": actor_kind,
        "review": review,
        "handover": handover,
    }
    try:
        with transaction.atomic():
            free = check_slot(worker_ids, appointment_type, starts_at, now=now, rules=rules, actor_kind=actor_kind)
            appointment = _create_with_a_free_worker(free, fields)
            if appointment is None:
                raise _taken(worker_ids, appointment_type, starts_at)
            _booked(
                appointment, participants, propose=propose, actor=actor, actor_kind=actor_kind, now=now, request=request
            )
    except IntegrityError as error:
        # The outer transaction failed at commit (or a database without savepoints): the same clean answer.
        logger.info("Booking lost a race: %s", error.__class__.__name__)
        raise _taken(worker_ids, appointment_type, starts_at) from None
    return appointment


def _create_with_a_free_worker(worker_ids, fields):
    """The appointment with the first of these workers still free; None when each was booked a moment ago."""
    for worker_id in worker_ids:
        try:
            with transaction.atomic():
                return Appointment.objects.create(worker_id=worker_id, **fields)
        except IntegrityError:
            continue  # PostgreSQL's exclusion constraint: someone booked this worker a moment ago
    return None


def _booked(appointment, participants, *, propose, actor, actor_kind, now, request):
    """What follows a booking: its participants, its history, the household reaching out, the audit, the notices."""
    for user, organisation in participants:
        appointment.participants.create(user=user, organisation=organisation)
    kind = "proposed" if propose else "booked"
    record(appointment, kind, actor, actor_kind)
    if actor_kind == Party.HOUSEHOLD:
        household_reached_out(appointment.case, now)
    audit.record(request or actor, f"appointment.{kind}", appointment, subject=appointment.case)
    notify.on_commit(appointment, kind)


def book_new_review(*, case, actor, request=None, **booking):
    """A tripartite review's appointment in one step: its draft review is created with it, or not at all."""
    with transaction.atomic():
        review = TripartiteReview.objects.create(case=case, created_by=actor)
        review.set_participants()
        appointment = book(case=case, review=review, actor=actor, request=request, **booking)
        audit.record(request or actor, "review.created", review, subject=case)
    return appointment


def check_notice(appointment, now):
    rules = rules_for(appointment.case)
    if appointment.starts_at - now < timedelta(hours=rules.notice_hours):
        raise BookingError(
            f"Il reste moins de {rules.notice_hours} h avant ce rendez-vous : il ne peut plus être déplacé ni annulé "
            "en ligne. Appelez l'association pour la prévenir.",
            field="__all__",
        )


def move(appointment, *, starts_at, actor, actor_kind, place=None, reason="", now=None, request=None):
    now = now or timezone.now()
    if not appointment.is_upcoming:
        raise BookingError("Ce rendez-vous ne peut plus être déplacé.", field="__all__")
    if actor_kind == Party.HOUSEHOLD:
        check_notice(appointment, now)
    place = place or appointment.place
    _check_place(appointment.type, place, appointment.partner)
    worker_ids = [appointment.worker_id]
    if actor_kind == Party.HOUSEHOLD and not appointment.case.assigned_worker_id:
        worker_ids = candidate_worker_ids(appointment.case)
    previous = appointment.starts_at
    check_household_free(appointment.case, starts_at, starts_at + appointment.type.duration, exclude=appointment)
    try:
        with transaction.atomic():
            locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
            free = check_slot(
                worker_ids,
                locked.type,
                starts_at,
                now=now,
                rules=rules_for(locked.case),
                actor_kind=actor_kind,
                exclude=locked,
            )
            locked.worker_id = locked.worker_id if locked.worker_id in free else free[0]
            locked.starts_at, locked.ends_at = starts_at, starts_at + locked.type.duration
            locked.place = place
            locked.sequence += 1
            with transaction.atomic():
                locked.save(update_fields=["worker", "starts_at", "ends_at", "place", "sequence"])
            record(
                locked,
                "moved",
                actor,
                actor_kind,
                from_status=locked.status,
                previous_starts_at=previous,
                reason=reason,
            )
            audit.record(request or actor, "appointment.moved", locked, subject=locked.case)
            notify.on_commit(locked, "moved")
    except IntegrityError:
        raise _taken(worker_ids, appointment.type, starts_at, exclude=appointment) from None
    return locked


def cancel(appointment, *, actor, actor_kind, reason="", now=None, request=None):
    now = now or timezone.now()
    if appointment.status not in (Status.PROPOSED, Status.BOOKED):
        raise BookingError("Ce rendez-vous n'est plus à venir : il ne peut pas être annulé.", field="__all__")
    if actor_kind == Party.HOUSEHOLD:
        check_notice(appointment, now)
    return _set_status(
        appointment, Status.CANCELLED, "cancelled", actor, actor_kind, reason=reason, request=request, now=now
    )


def cancel_by_cascade(appointment, *, actor, actor_kind, reason, request=None):
    """What the appointment hung on ended (the case closed, consent withdrawn): cancelled whatever the notice,
    with the same history and notifications as any cancellation. A past or settled appointment stays as it is."""
    if appointment.status not in (Status.PROPOSED, Status.BOOKED) or appointment.starts_at <= timezone.now():
        return None
    return _set_status(appointment, Status.CANCELLED, "cancelled", actor, actor_kind, reason=reason, request=request)


def upcoming_for(queryset):
    """The appointments of a queryset still to come (proposed or confirmed): the ones a cascade cancels."""
    return queryset.filter(status__in=(Status.PROPOSED, Status.BOOKED), starts_at__gt=timezone.now())


def accept(appointment, *, actor, request=None):
    if appointment.status != Status.PROPOSED or not appointment.is_upcoming:
        raise BookingError("Cette proposition n'est plus valable.", field="__all__")
    result = _set_status(appointment, Status.BOOKED, "accepted", actor, Party.HOUSEHOLD, request=request)
    household_reached_out(appointment.case, timezone.now())
    return result


def decline(appointment, *, actor, reason="", request=None):
    """The household asks for another slot: the proposal is released and the association told why."""
    if appointment.status != Status.PROPOSED:
        raise BookingError("Cette proposition n'est plus valable.", field="__all__")
    result = _set_status(
        appointment, Status.CANCELLED, "declined", actor, Party.HOUSEHOLD, reason=reason, request=request
    )
    household_reached_out(appointment.case, timezone.now())
    return result


def mark(appointment, status, *, actor, now=None, request=None):
    """After the appointment: held, or the household did not come."""
    now = now or timezone.now()
    if status not in (Status.DONE, Status.HOUSEHOLD_ABSENT):
        raise BookingError("Statut inconnu.", field="__all__")
    if not appointment.outcome_may_be_recorded:
        raise BookingError("Seul un rendez-vous confirmé peut être marqué tenu ou manqué.", field="__all__")
    if appointment.starts_at > now:
        raise BookingError("Ce rendez-vous n'a pas encore eu lieu.", field="__all__")
    result = _set_status(appointment, status, status, actor, Party.ASSOCIATION, request=request, notify_change=False)
    case = result.case
    if status == Status.DONE and case.status in (CaseStatus.REFERRED, CaseStatus.CONTACTING):
        # A meeting held is a two-way exchange: contact established (docs/rules.md § 3).
        workflow.establish_contact(case, actor, how="rendez-vous tenu")
    return result


def _set_status(appointment, status, kind, actor, actor_kind, *, reason="", request=None, now=None, notify_change=True):
    now = now or timezone.now()
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        previous = locked.status
        locked.status = status
        fields = ["status", "sequence"]
        locked.sequence += 1
        if status == Status.CANCELLED:
            locked.cancelled_at = now
            locked.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
            locked.cancelled_by_actor = actor_kind
            locked.cancellation_reason = reason
            fields += ["cancelled_at", "cancelled_by", "cancelled_by_actor", "cancellation_reason"]
        locked.save(update_fields=fields)
        record(locked, kind, actor, actor_kind, from_status=previous, reason=reason)
        audit.record(request or actor, f"appointment.{kind}", locked, subject=locked.case)
        if notify_change:
            notify.on_commit(locked, kind)
    return locked
