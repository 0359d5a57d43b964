"""Calendar arithmetic shared by the rules: whole months added to a day or to an instant (a contact window, a plan's
instalments, a programme's milestones, the retention periods). The rules say « 24 mois », « 12 mois »: counted in
days, 730 days fell a day short of 24 months whenever a 29 February lay between."""

from datetime import date, datetime

from django.utils import timezone


def add_months(day, months):
    """The same day `months` later (earlier if negative); a day the target month lacks becomes its last day
    (31/01 + 1 → 28 or 29/02)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def add_months_to_instant(moment, months):
    """The instant `months` calendar months after `moment` (before if negative), at the same local time of day, its
    day as add_months() gives it."""
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(add_months(local.date(), months), local.time()))
