"""Demo availability for the association's team, and appointments in every status on the demo cases.

Idempotent: windows are looked up by (worker, weekday, start), appointments are only added to a case that has none.
"""

from datetime import time, timedelta

from django.utils import timezone

from casework.appointments.enums import Actor, AppointmentKind, ExceptionKind, Place, Status
from casework.appointments.models import (
    Absence,
    Appointment,
    AppointmentEvent,
    AppointmentType,
    AvailabilityException,
    AvailabilityWindow,
)
from casework.appointments.slots import local_datetime
from casework.models import Case
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


def _at(day, hour, minute=0):
    return local_datetime(day, time(hour, minute))


def _weekday_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _appointments(association, worker, today):
    cases = list(Case.objects.filter(programme__association=association).order_by("pk")[:3])
    if not cases:
        return  # casework's demo has no cases yet: nothing to hang appointments on
    first = AppointmentType.for_kind(AppointmentKind.FIRST_INTERVIEW)
    follow_up = AppointmentType.for_kind(AppointmentKind.FOLLOW_UP)
    review = AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW)
    last_tuesday = _weekday_after(today - timedelta(days=14), TUE)
    plans = [
        # case index, type, start, place, status, cancelled by
        (0, first, _at(last_tuesday, 17), Place.OFFICE, Status.DONE, ""),
        (0, follow_up, _at(last_tuesday + timedelta(days=7), 18), Place.PHONE, Status.HOUSEHOLD_ABSENT, ""),
        (0, follow_up, _at(_weekday_after(today, SAT), 10), Place.HOME, Status.BOOKED, ""),
        (0, review, _at(_weekday_after(today, WED) + timedelta(days=7), 10), Place.OFFICE, Status.PROPOSED, ""),
        (1, first, _at(_weekday_after(today, THU), 18), Place.OFFICE, Status.CANCELLED, Actor.HOUSEHOLD),
        (1, first, _at(_weekday_after(today, THU) + timedelta(days=7), 18, 30), Place.VIDEO, Status.BOOKED, ""),
    ]
    for index, appointment_type, starts_at, place, status, cancelled_by in plans:
        if index >= len(cases):
            continue
        case = cases[index]
        if Appointment.objects.filter(case=case, starts_at=starts_at).exists():
            continue
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
            booked_by_actor=Actor.ASSOCIATION,
            cancelled_at=timezone.now() if cancelled_by else None,
            cancelled_by_actor=cancelled_by,
            cancellation_reason="Contrainte de travail ce soir-là." if cancelled_by else "",
        )
        AppointmentEvent.objects.create(
            appointment=appointment,
            kind="proposed" if status == Status.PROPOSED else "booked",
            actor=worker,
            actor_kind=Actor.ASSOCIATION,
            to_status=Status.PROPOSED if status == Status.PROPOSED else Status.BOOKED,
        )
        if status in (Status.DONE, Status.HOUSEHOLD_ABSENT, Status.CANCELLED):
            AppointmentEvent.objects.create(
                appointment=appointment,
                kind=status,
                actor=None if cancelled_by else worker,
                actor_kind=cancelled_by or Actor.ASSOCIATION,
                from_status=Status.BOOKED,
                to_status=status,
                reason=appointment.cancellation_reason,
            )
        if appointment_type.has_other_participants:
            referent = User.objects.filter(email="bailleur@demo.example").first()
            if referent is not None:
                appointment.participants.get_or_create(user=referent, organisation=case.programme.landlord)
