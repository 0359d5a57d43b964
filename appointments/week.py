"""The staff agenda's week view, as RDV-Solidarités draws it: days in columns, half-hours in rows, each appointment
in the row it starts in, and the worker's free half-hours marked (a link to book them once a case is chosen).

Server-rendered: the page works without JavaScript; static/js/agenda-week.js only adds drag-and-drop over the
move form."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from appointments.slots import free_slots, local_datetime

ROW = timedelta(minutes=30)
FIRST_HOUR, LAST_HOUR = 8, 19  # rows from 08:00 to 18:30
WEEKDAYS_SHOWN = 6  # Monday to Saturday
WEEKS_AROUND = 53  # a week parameter further than a year away is ignored (hostile or mistyped)


def parse_day(value, today, *, earliest, latest):
    """An ISO date from the query string between earliest and latest, else today (never a 500)."""
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return today
    return day if earliest <= day <= latest else today


def monday_of(value, today):
    """The Monday of the week asked for by `?semaine=` (within a year either way), else of this week."""
    around = timedelta(weeks=WEEKS_AROUND)
    day = parse_day(value, today, earliest=today - around, latest=today + around)
    return day - timedelta(days=day.weekday())


def _at(day, hour, minute=0):
    return local_datetime(day, time(hour, minute))


def week_bounds(monday):
    """[start, end) of the days shown, in local time."""
    return _at(monday, 0), _at(monday + timedelta(days=WEEKDAYS_SHOWN), 0)


@dataclass
class Cell:
    starts_at: datetime
    appointments: list = field(default_factory=list)
    free: bool = False

    @property
    def date_value(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def time_value(self):
        return f"{timezone.localtime(self.starts_at):%H:%M}"


@dataclass
class Week:
    monday: date
    days: list
    rows: list  # [(label, [Cell per day])]

    @property
    def previous(self):
        return self.monday - timedelta(weeks=1)

    @property
    def next(self):
        return self.monday + timedelta(weeks=1)


def build(monday, appointments, worker_ids, *, now):
    """The grid of the week starting `monday`: `appointments` placed by their local start, free half-hours of
    `worker_ids` (at least 30 minutes free, still to come) marked."""
    days = [monday + timedelta(days=n) for n in range(WEEKDAYS_SHOWN)]
    start, end = week_bounds(monday)
    free = set()
    if worker_ids and end > now:
        free = {slot.start for slot in free_slots(worker_ids, ROW, max(start, now), end, step=ROW)}
    cells = {}
    rows = []
    for step in range((LAST_HOUR - FIRST_HOUR) * 2):
        hour, minute = FIRST_HOUR + step // 2, 30 * (step % 2)
        row = [Cell(_at(day, hour, minute)) for day in days]
        for cell in row:
            cell.free = cell.starts_at in free
            cells[cell.starts_at] = cell
        rows.append((f"{hour} h {minute:02d}", row))
    for appointment in appointments:
        local = timezone.localtime(appointment.starts_at)
        slot = local.replace(minute=30 * (local.minute // 30), second=0, microsecond=0)
        key = _at(slot.date(), min(max(slot.hour, FIRST_HOUR), LAST_HOUR - 1), slot.minute)
        if key in cells:
            cells[key].appointments.append(appointment)
    return Week(monday=monday, days=days, rows=rows)
