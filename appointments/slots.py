"""Free-slot computation: weekly windows plus extra openings, minus closed exceptions, absences and bookings.

Intervals are half-open [start, end) pairs of aware datetimes. Windows are wall-clock times in the
portal's time zone (Europe/Paris), made aware day by day so that a window keeps its local hours across
daylight-saving changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from appointments.enums import ExceptionKind
from appointments.models import Absence, Appointment, AvailabilityException, AvailabilityWindow

SLOT_STEP = timedelta(minutes=30)


def local_datetime(day, time):
    return timezone.make_aware(datetime.combine(day, time), timezone.get_default_timezone())


def local_date(moment):
    return timezone.localtime(moment).date()


def days_between(start, end):
    """Every local date touched by [start, end)."""
    day, last = local_date(start), local_date(end - timedelta(microseconds=1))
    while day <= last:
        yield day
        day += timedelta(days=1)


def merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(intervals, removals):
    """intervals minus removals; both lists of (start, end); the result is sorted and merged."""
    result = []
    removals = merge(removals)
    for start, end in merge(intervals):
        cursor = start
        for r_start, r_end in removals:
            if r_end <= cursor or r_start >= end:
                continue
            if r_start > cursor:
                result.append((cursor, r_start))
            cursor = max(cursor, r_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(intervals, start, end):
    return [(max(s, start), min(e, end)) for s, e in intervals if e > start and s < end]


@dataclass
class WorkerCalendar:
    """What one worker's time looks like over a period: openings, absences and booked appointments."""

    openings: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    busy: list = field(default_factory=list)

    def free(self):
        return subtract(self.openings, self.absences + self.busy)


def load_calendars(worker_ids, start, end, exclude_appointment=None):
    """Four queries, whatever the number of workers and days: windows, exceptions, absences, bookings."""
    worker_ids = list(worker_ids)
    first_day, last_day = local_date(start), local_date(end - timedelta(microseconds=1))
    calendars = {worker_id: WorkerCalendar() for worker_id in worker_ids}
    windows = defaultdict(list)
    for window in AvailabilityWindow.objects.filter(worker_id__in=worker_ids).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
        Q(valid_until__isnull=True) | Q(valid_until__gte=first_day),
    ):
        windows[window.worker_id].append(window)
    opened, closed = defaultdict(list), defaultdict(list)
    for exception in AvailabilityException.objects.filter(
        worker_id__in=worker_ids, date__gte=first_day, date__lte=last_day
    ):
        interval = (
            local_datetime(exception.date, exception.start_time),
            local_datetime(exception.date, exception.end_time),
        )
        (opened if exception.kind == ExceptionKind.OPEN else closed)[exception.worker_id].append(interval)
    for worker_id in worker_ids:
        openings = list(opened[worker_id])
        for day in days_between(start, end):
            for window in windows[worker_id]:
                if window.applies_on(day):
                    openings.append((local_datetime(day, window.start_time), local_datetime(day, window.end_time)))
        calendars[worker_id].openings = clip(subtract(openings, closed[worker_id]), start, end)
    for worker_id, s, e in Absence.objects.filter(
        worker_id__in=worker_ids, starts_at__lt=end, ends_at__gt=start
    ).values_list("worker_id", "starts_at", "ends_at"):
        calendars[worker_id].absences.append((s, e))
    booked = Appointment.objects.active().filter(worker_id__in=worker_ids).overlapping(start, end)
    if exclude_appointment is not None:
        booked = booked.exclude(pk=exclude_appointment.pk)
    for worker_id, s, e in booked.values_list("worker_id", "starts_at", "ends_at"):
        calendars[worker_id].busy.append((s, e))
    return calendars


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    worker_ids: tuple

    @property
    def key(self):
        """The value a form posts: the start instant in UTC, ISO 8601."""
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def local_start(self):
        return timezone.localtime(self.start)


def align(moment, step):
    """The first local time at or after `moment` on the step's grid (10:47 → 11:00 for 30 or 60 minutes)."""
    local = timezone.localtime(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = local - midnight
    steps = -(-elapsed // step)  # ceiling division of timedeltas
    return (midnight + steps * step) if elapsed % step else local


def free_slots(worker_ids, duration, start, end, step=SLOT_STEP, exclude_appointment=None):
    """Slots of `duration` starting on a `step` grid (local clock) inside each free stretch, merged across workers."""
    calendars = load_calendars(worker_ids, start, end, exclude_appointment)
    by_start = defaultdict(list)
    for worker_id, calendar in calendars.items():
        for free_start, free_end in calendar.free():
            cursor = align(free_start, step)
            while cursor + duration <= free_end:
                by_start[cursor].append(worker_id)
                cursor += step
    return [Slot(moment, moment + duration, tuple(sorted(ids))) for moment, ids in sorted(by_start.items())]


def slots_by_day(slots):
    days = defaultdict(list)
    for slot in slots:
        days[slot.local_start.date()].append(slot)
    return sorted(days.items())
