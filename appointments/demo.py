"""Demo availability for the association's team, and appointments in every status on the demo cases.

Idempotent: windows are looked up by (worker, weekday, start), appointments are only added to a case that has none,
and every review or joint interview without an appointment gets one (their date and place are its).
"""

from datetime import time, timedelta

from django.utils import timezone

from appointments import video
from appointments.enums import ACTIVE_STATUSES, AppointmentKind, ExceptionKind, Place, Status
from appointments.models import (
    Absence,
    Appointment,
    AppointmentEvent,
    AppointmentType,
    AvailabilityException,
    AvailabilityWindow,
)
from appointments.slots import local_datetime
from casework.enums import CaseStatus, ReviewStatus
from casework.models import Case, Handover, TripartiteReview
from portal.enums import Party
from portal.models import Organisation, User

ASSOCIATION = "Association Médiation Logement Orléans"
MON, TUE, WED, THU, FRI, SAT = range(6)

WINDOWS = {
    # Daytime, evenings (after work) and Saturday mornings: the households' hours, not only office hours.
    "travailleur@demo.example": [
        *[(day, time(9), time(12)) for day in (MON, TUE, WED, THU, FRI)],
        *[(day, time(14), time(17)) for day in (MON, WED, FRI)],
        (TUE, time(17), time(20)),
        (THU, time(17), time(20)),
        (SAT, time(9), time(12)),
    ],
    "travailleuse2@demo.example": [
        *[(day, time(9), time(12, 30)) for day in (MON, WED, FRI)],
        *[(day, time(13, 30), time(18)) for day in (MON, TUE, THU)],
        (WED, time(18), time(20)),
        (SAT, time(9), time(12)),
    ],
    "coordinatrice@demo.example": [(TUE, time(9), time(12)), (THU, time(14), time(17))],
}


def load():
    association = Organisation.objects.filter(name=ASSOCIATION).first()
    if association is None:
        return
    workers = {u.email: u for u in User.objects.filter(email__in=WINDOWS)}
    for email, windows in WINDOWS.items():
        worker = workers.get(email)
        if worker is None:
            continue
        for weekday, start, end in windows:
            AvailabilityWindow.objects.get_or_create(
                worker=worker, weekday=weekday, start_time=start, defaults={"end_time": end, "association": association}
            )
    today = timezone.localdate()
    coordinator = workers.get("coordinatrice@demo.example")
    if coordinator is not None:
        next_tuesday = today + timedelta(days=(TUE - today.weekday()) % 7 or 7)
        AvailabilityException.objects.get_or_create(
            worker=coordinator,
            date=next_tuesday,
            start_time=time(9),
            defaults={"kind": ExceptionKind.CLOSED, "end_time": time(12)},
        )
    colleague = workers.get("travailleuse2@demo.example")
    if colleague is not None and not Absence.objects.filter(worker=colleague).exists():
        start = today + timedelta(days=21)
        Absence.objects.create(
            worker=colleague,
            starts_at=local_datetime(start, time(0)),
            ends_at=local_datetime(start + timedelta(days=5), time(0)),
            label="Congés",
        )
    worker = workers.get("travailleur@demo.example")
    if worker is not None:
        _appointments(association, worker, today)
    _linked_meetings(today)


def _at(day, hour, minute=0):
    return local_datetime(day, time(hour, minute))


def _weekday_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _appointments(association, worker, today):
    """Appointments in every status on the demo cases, each case filled once (a case with any appointment is skipped)."""
    cases = {
        case.household.members.exclude(user=None).values_list("user__email", flat=True).first() or case.status: case
        for case in Case.objects.filter(programme__association=association).select_related("programme", "household")
    }
    followed = cases.get("menage@demo.example")  # in support: the demo household with a confirmed identity
    new = cases.get("menage-nouveau@demo.example")  # just redeemed its code
    established = cases.get("contact_established")
    first = AppointmentType.for_kind(AppointmentKind.FIRST_INTERVIEW)
    follow_up = AppointmentType.for_kind(AppointmentKind.FOLLOW_UP)
    last_tuesday = _weekday_after(today - timedelta(days=14), TUE)
    plans = {
        followed: [
            (first, _at(last_tuesday - timedelta(days=7), 17), Place.OFFICE, Status.DONE, {}),
            (follow_up, _at(last_tuesday, 18), Place.PHONE, Status.HOUSEHOLD_ABSENT, {}),
            (follow_up, _at(_weekday_after(today, SAT), 10), Place.HOME, Status.BOOKED, {}),
        ],
        new: [
            (
                first,
                _at(_weekday_after(today, THU), 18),
                Place.OFFICE,
                Status.CANCELLED,
                {"reason": "Je travaille tard ce jour-là."},
            ),
            (first, _at(_weekday_after(today, SAT) + timedelta(days=7), 9), Place.OFFICE, Status.PROPOSED, {}),
        ],
        established: [(first, _at(last_tuesday + timedelta(days=2), 9), Place.OFFICE, Status.DONE, {})],
    }
    for case, plan in plans.items():
        if case is None or case.appointments.filter(review=None, handover=None).exists():
            continue
        for appointment_type, starts_at, place, status, extra in plan:
            _create(case, association, worker, appointment_type, starts_at, place, status, **extra)
    _video_appointment(followed, association, worker, follow_up, _at(_weekday_after(today, WED), 18))


def _video_appointment(case, association, worker, appointment_type, starts_at):
    """One video follow-up for the demo household in support, only with a room service configured
    (PORTAL_VIDEO_BASE_URL, see the README): without one the video place is offered nowhere, so the demo has none."""
    if case is None or not video.configured() or case.appointments.filter(place=Place.VIDEO).exists():
        return
    _create(case, association, worker, appointment_type, starts_at, Place.VIDEO, Status.BOOKED)


def _create(case, association, worker, appointment_type, starts_at, place, status, reason="", **links):
    cancelled = status == Status.CANCELLED
    appointment = Appointment.objects.create(
        case=case,
        association=association,
        worker=worker,
        type=appointment_type,
        place=place,
        starts_at=starts_at,
        ends_at=starts_at + appointment_type.duration,
        status=status,
        booked_by=worker,
        booked_by_actor=Party.ASSOCIATION,
        cancelled_at=timezone.now() if cancelled else None,
        cancelled_by_actor=Party.HOUSEHOLD if cancelled else "",
        cancellation_reason=reason,
        **links,
    )
    first_status = Status.PROPOSED if status == Status.PROPOSED else Status.BOOKED
    AppointmentEvent.objects.create(
        appointment=appointment,
        kind=first_status,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        to_status=first_status,
    )
    if status in (Status.DONE, Status.HOUSEHOLD_ABSENT, Status.CANCELLED):
        AppointmentEvent.objects.create(
            appointment=appointment,
            kind=status,
            actor=None if cancelled else worker,
            actor_kind=Party.HOUSEHOLD if cancelled else Party.ASSOCIATION,
            from_status=Status.BOOKED,
            to_status=status,
            reason=reason,
        )
    return appointment


# When a demo review or joint interview is held, by the review's state (days from today, hour): each status has
# its own hour and each meeting its own day, so that one worker's meetings never overlap.
REVIEW_TIMES = {ReviewStatus.VALIDATED: (-20, 14), ReviewStatus.SHARED: (-4, 11), ReviewStatus.DRAFT: (5, 16)}
JOINT_INTERVIEW_TIMES = {"open": (10, 15), "closed": (-30, 15)}


# Minutes are shared the day after the review, answered two days later, validated the day after (casework.reviews).
MINUTES_DAYS = {"shared_at": 1, "household_answered_at": 3, "validated_at": 4}


def _after_the_meeting(review, held_at):
    """The minutes' dates follow the meeting's: shared once held, validated once the household answered."""
    dates = {name: held_at + timedelta(days=days) for name, days in MINUTES_DAYS.items() if getattr(review, name)}
    TripartiteReview.objects.filter(pk=review.pk).update(**dates)


def _linked_meetings(today):
    """Every demo review and joint interview without an appointment gets one: its date and place."""
    reviews = TripartiteReview.objects.exclude(appointments__status__in=ACTIVE_STATUSES).select_related(
        "case__programme__association", "case__programme__landlord", "case__referral__referred_by"
    )
    for n, review in enumerate(reviews.order_by("pk")):
        case = review.case
        if case.assigned_worker_id is None:
            continue
        days, hour = REVIEW_TIMES[review.status]
        upcoming = days > 0
        appointment = _create(
            case,
            case.programme.association,
            case.assigned_worker,
            AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW),
            _at(today + timedelta(days=days + n if upcoming else days - n), hour),
            Place.OFFICE,
            Status.BOOKED if upcoming else Status.DONE,
            review=review,
        )
        if not upcoming:
            _after_the_meeting(review, appointment.ends_at)
        referent = case.referral.referred_by
        if referent is not None and review.participants.filter(kind=Party.LANDLORD).exists():
            appointment.participants.create(user=referent, organisation=case.programme.landlord)
    handovers = Handover.objects.filter(joint_interview=True).exclude(
        joint_interview_appointments__status__in=ACTIVE_STATUSES
    )
    for n, handover in enumerate(handovers.select_related("case__programme__association", "partner").order_by("pk")):
        case = handover.case
        if case.assigned_worker_id is None or not handover.consent_stands:
            continue
        days, hour = JOINT_INTERVIEW_TIMES["closed" if case.status == CaseStatus.CLOSED else "open"]
        upcoming = days > 0
        appointment = _create(
            case,
            case.programme.association,
            case.assigned_worker,
            AppointmentType.for_kind(AppointmentKind.JOINT_HANDOVER),
            _at(today + timedelta(days=days + n if upcoming else days - n), hour),
            Place.PARTNER,
            Status.BOOKED if upcoming else Status.DONE,
            partner=handover.partner,
            handover=handover,
        )
        contact = (
            User.objects.filter(memberships__organisation=handover.partner, memberships__is_active=True)
            .order_by("pk")
            .first()
        )
        if contact is not None:
            appointment.participants.create(user=contact, organisation=handover.partner)
