"""Free-slot computation: weekly windows plus openings, minus closed exceptions, absences and bookings; DST."""

from datetime import UTC, time, timedelta

from appointments.enums import ExceptionKind, Place, Status
from appointments.models import Absence, Appointment, AvailabilityException, AvailabilityWindow
from appointments.slots import free_slots, load_calendars, subtract
from tests.appointments.conftest import paris
from tests.portal.factories import UserFactory


def starts(slots):
    return [s.local_start.strftime("%a %H:%M") for s in slots]


def test_subtract_cuts_and_merges():
    a = paris(2026, 12, 2, 9)
    h = timedelta(hours=1)
    assert subtract([(a, a + 4 * h)], [(a + h, a + 2 * h), (a + 3 * h, a + 5 * h)]) == [
        (a, a + h),
        (a + 2 * h, a + 3 * h),
    ]
    assert subtract([(a, a + h)], [(a - h, a + 2 * h)]) == []


def test_windows_minus_exceptions_absences_and_bookings(db, association, first_interview):
    worker = UserFactory()
    AvailabilityWindow.objects.create(
        worker=worker, association=association, weekday=2, start_time=time(9), end_time=time(12)
    )
    AvailabilityWindow.objects.create(
        worker=worker, association=association, weekday=5, start_time=time(9), end_time=time(11)
    )
    day = paris(2026, 12, 2, 0)  # Wednesday
    hour = timedelta(hours=1)
    slots = free_slots([worker.pk], hour, day, day + timedelta(days=4))
    assert starts(slots) == [
        "Wed 09:00",
        "Wed 09:30",
        "Wed 10:00",
        "Wed 10:30",
        "Wed 11:00",
        "Sat 09:00",
        "Sat 09:30",
        "Sat 10:00",
    ]

    # A closed exception on Wednesday 10-11, an absence on Saturday morning, one booking at 9:00 Wednesday.
    AvailabilityException.objects.create(
        worker=worker, date=day.date(), kind=ExceptionKind.CLOSED, start_time=time(10), end_time=time(11)
    )
    Absence.objects.create(worker=worker, starts_at=paris(2026, 12, 5, 8), ends_at=paris(2026, 12, 5, 10))
    from tests.appointments.factories import CaseFactory

    case = CaseFactory(programme__association=association)
    Appointment.objects.create(
        case=case,
        association=association,
        worker=worker,
        type=first_interview,
        place=Place.OFFICE,
        starts_at=paris(2026, 12, 2, 9),
        ends_at=paris(2026, 12, 2, 10),
    )
    # A cancelled appointment frees its time.
    Appointment.objects.create(
        case=case,
        association=association,
        worker=worker,
        type=first_interview,
        place=Place.OFFICE,
        starts_at=paris(2026, 12, 5, 10),
        ends_at=paris(2026, 12, 5, 11),
        status=Status.CANCELLED,
    )
    slots = free_slots([worker.pk], hour, day, day + timedelta(days=4))
    assert starts(slots) == ["Wed 11:00", "Sat 10:00"]

    # An extra opening on Thursday evening adds slots.
    AvailabilityException.objects.create(
        worker=worker,
        date=paris(2026, 12, 3, 0).date(),
        kind=ExceptionKind.OPEN,
        start_time=time(18),
        end_time=time(19, 30),
    )
    slots = free_slots([worker.pk], hour, day, day + timedelta(days=4))
    assert starts(slots) == ["Wed 11:00", "Thu 18:00", "Thu 18:30", "Sat 10:00"]


def test_team_slots_merge_workers(db, association):
    one, two = UserFactory(), UserFactory()
    AvailabilityWindow.objects.create(
        worker=one, association=association, weekday=2, start_time=time(9), end_time=time(10)
    )
    AvailabilityWindow.objects.create(
        worker=two, association=association, weekday=2, start_time=time(9, 30), end_time=time(10, 30)
    )
    day = paris(2026, 12, 2, 0)
    slots = free_slots([one.pk, two.pk], timedelta(minutes=45), day, day + timedelta(days=1))
    assert [(s.local_start.strftime("%H:%M"), s.worker_ids) for s in slots] == [
        ("09:00", (one.pk,)),
        ("09:30", (two.pk,)),
    ]


def test_validity_dates_of_windows(db, association):
    worker = UserFactory()
    AvailabilityWindow.objects.create(
        worker=worker,
        association=association,
        weekday=2,
        start_time=time(9),
        end_time=time(10),
        valid_from=paris(2026, 12, 9, 0).date(),
    )
    day = paris(2026, 12, 2, 0)
    slots = free_slots([worker.pk], timedelta(hours=1), day, day + timedelta(days=14))
    assert [s.local_start.date().isoformat() for s in slots] == ["2026-12-09"]


def test_windows_keep_local_hours_across_dst(db, association):
    """An 18:00 window is 17:00 UTC in winter and 16:00 UTC in summer; the change weekend is handled."""
    worker = UserFactory()
    for weekday in range(7):
        AvailabilityWindow.objects.create(
            worker=worker, association=association, weekday=weekday, start_time=time(18), end_time=time(19)
        )
    # Spring forward: Sunday 29 March 2026 at 02:00 → 03:00.
    spring = free_slots([worker.pk], timedelta(hours=1), paris(2026, 3, 28, 0), paris(2026, 3, 31, 0))
    assert [s.start.astimezone(UTC).strftime("%d %H:%M") for s in spring] == ["28 17:00", "29 16:00", "30 16:00"]
    assert {s.local_start.strftime("%H:%M") for s in spring} == {"18:00"}
    # Fall back: Sunday 25 October 2026 at 03:00 → 02:00.
    autumn = free_slots([worker.pk], timedelta(hours=1), paris(2026, 10, 24, 0), paris(2026, 10, 27, 0))
    assert [s.start.astimezone(UTC).strftime("%d %H:%M") for s in autumn] == ["24 16:00", "25 17:00", "26 17:00"]


def test_load_calendars_query_count(db, association, django_assert_num_queries):
    workers = [UserFactory() for _ in range(3)]
    for worker in workers:
        AvailabilityWindow.objects.create(
            worker=worker, association=association, weekday=1, start_time=time(9), end_time=time(12)
        )
    with django_assert_num_queries(4):
        load_calendars([w.pk for w in workers], paris(2026, 12, 1, 0), paris(2027, 1, 1, 0))
