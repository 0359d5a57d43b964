"""Video appointments on the room service the deployment configures (PORTAL_VIDEO_BASE_URL, for example a
self-hosted Jitsi Meet: « https://visio.example.org »). One rule, here:

- the service is configured, or the video place is offered nowhere (`configured()`, AppointmentType.offered_places);
- each video appointment has its own unguessable room name (`new_room_name()`, secrets.token_urlsafe), given when
  the appointment is saved with that place (Appointment.save);
- the room's address never leaves the portal: e-mails, SMS, .ics and pages carry the portal's link
  (`portal_url()`, /rendez-vous/<id>/video/), which redirects to the room only for the appointment's household and
  staff (after sign-in) and answers 404 to anyone else (`appointments.video_views.join`).
"""

import secrets

from django.conf import settings

from appointments.enums import Place
from portal.links import absolute

ROOM_NAME_BYTES = 24  # 32 URL-safe characters: not guessable, not listable


def base_url():
    return (getattr(settings, "PORTAL_VIDEO_BASE_URL", "") or "").strip().rstrip("/")


def configured():
    return base_url().startswith(("https://", "http://"))


def place_offered(place):
    """Every place but video is offered; video only with a room service configured."""
    return place != Place.VIDEO or configured()


def place_choices():
    return [(value, label) for value, label in Place.choices if place_offered(value)]


def new_room_name():
    return secrets.token_urlsafe(ROOM_NAME_BYTES)


def portal_url(appointment):
    """The link reminders and pages carry: the portal's, never the room's."""
    return absolute("appointments:video", appointment.pk)


def room_url(appointment):
    return f"{base_url()}/{appointment.video_room}"
