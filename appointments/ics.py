"""iCalendar output: one event per e-mail (REQUEST or CANCEL) and the staff users' feeds. Discreet wording only."""

from datetime import UTC

from icalendar import Calendar, Event

from appointments.enums import Status
from appointments.wording import SUMMARY, place_text

PRODID = "-//Association//Rendez-vous//FR"  # discreet: not the portal's name


def _calendar(method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def event_for(appointment, url):
    event = Event()
    event.add("uid", appointment.uid())
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", appointment.created_at.astimezone(UTC))
    event.add("dtstart", appointment.starts_at.astimezone(UTC))
    event.add("dtend", appointment.ends_at.astimezone(UTC))
    event.add("summary", SUMMARY)
    event.add("location", place_text(appointment))
    event.add("description", f"Le détail est dans votre espace : {url}")
    event.add("url", url)
    cancelled = appointment.status == Status.CANCELLED
    event.add(
        "status", "CANCELLED" if cancelled else ("TENTATIVE" if appointment.status == Status.PROPOSED else "CONFIRMED")
    )
    return event


def single_event(appointment, url):
    """An attachment for an e-mail: METHOD:REQUEST, or CANCEL when the appointment is cancelled."""
    calendar = _calendar("CANCEL" if appointment.status == Status.CANCELLED else "REQUEST")
    calendar.add_component(event_for(appointment, url))
    return calendar.to_ical()


def download(appointment, url):
    """One event the household adds to its own calendar (« Ajouter à mon agenda »): no METHOD, not an invitation."""
    calendar = _calendar()
    calendar.add_component(event_for(appointment, url))
    return calendar.to_ical()


def feed(appointments, url_for, name="Rendez-vous"):
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for appointment in appointments:
        calendar.add_component(event_for(appointment, url_for(appointment)))
    return calendar.to_ical()
