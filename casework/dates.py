"""Calendar arithmetic shared by the rules: adding whole months to a date."""

from datetime import date


def add_months(day, months):
    """The same day `months` later; a day the target month lacks becomes its last day (31/01 + 1 → 28 or 29/02)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)
