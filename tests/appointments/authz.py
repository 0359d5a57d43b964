"""Appointments' part of the authorisation matrix: an appointment per side with a participant, a proposal,
a cancelled one whose reason is a planted marker, and a staff calendar feed per side."""

from datetime import timedelta

from django.utils import timezone

from appointments.enums import Place, Status
from appointments.models import Appointment, AppointmentType, CalendarFeed
from portal.enums import Party
from tests.authorization import Rule, allow

HOUSEHOLDS = ("household_confirmed", "household_unconfirmed")
ASSOCIATION = ("worker", "coordinator")
PARTNER_AREA = (
    "worker",
    "coordinator",
    "landlord_referent",
    "partner_contact",
    "funder",
    "other_landlord",
    "other_association",
    "administrator",  # the platform administrator's own (empty) agenda
)
SIGNED_IN = (*HOUSEHOLDS, *PARTNER_AREA, "editor")

# A cancellation reason is the association's alone: never shown to the participants, nor in feeds or e-mails.
MARKERS_VISIBLE_TO = {"APPOINTMENT_REASON": set(ASSOCIATION)}


def _side(world, side, worker, referent):
    case = world.objects[side]["case"]
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    values = {
        "case": case,
        "association": case.programme.association,
        "worker": worker,
        "booked_by_actor": Party.ASSOCIATION,
    }

    def make(kind, starts_at, status, **extra):
        appointment_type = AppointmentType.for_kind(kind)
        return Appointment.objects.create(
            type=appointment_type,
            starts_at=starts_at,
            ends_at=starts_at + appointment_type.duration,
            status=status,
            **values,
            **extra,
        )

    review = make("tripartite_review", start, Status.BOOKED, place=Place.OFFICE)
    review.participants.create(user=referent, organisation=case.programme.landlord)
    proposal = make("follow_up", start + timedelta(hours=2), Status.PROPOSED, place=Place.PHONE)
    # At 8 h: the reviews of tests/casework/authz.py take 14 h to 17 h the same day (one worker, no overlap).
    video = make("follow_up", start - timedelta(hours=2), Status.BOOKED, place=Place.VIDEO)
    make(
        "follow_up",
        start + timedelta(days=1),
        Status.CANCELLED,
        place=Place.HOME,
        cancelled_by_actor=Party.ASSOCIATION,
        cancellation_reason=world.plant("APPOINTMENT_REASON", side),
    )
    _, token = CalendarFeed.issue(worker)
    world.objects[side].update(appointment=review, proposal=proposal, video=video, feed_token=token)


def build(world):
    _side(world, "own", world.users["worker"], world.users["landlord_referent"])
    _side(world, "foreign", world.users["other_association"], world.users["other_landlord"])


def appointment(world, side):
    return {"pk": world.objects[side]["appointment"].pk}


def proposal(world, side):
    return {"pk": world.objects[side]["proposal"].pk}


def video(world, side):
    return {"pk": world.objects[side]["video"].pk}


def case(world, side):
    return {"case_id": world.objects[side]["case"].pk}


RULES = [
    Rule("appointments:household_list", ok=allow(*HOUSEHOLDS)),
    # The household already has an upcoming appointment: the booking page leads to it.
    Rule("appointments:household_book", ok=allow(*HOUSEHOLDS, status=302)),
    Rule("appointments:household_detail", args=appointment, ok=allow(*HOUSEHOLDS)),
    Rule("appointments:household_ics", args=appointment, ok=allow(*HOUSEHOLDS)),
    Rule("appointments:household_move", args=appointment, ok=allow(*HOUSEHOLDS)),
    Rule("appointments:household_cancel", args=appointment, ok=allow(*HOUSEHOLDS)),
    Rule("appointments:household_decline", args=proposal, ok=allow(*HOUSEHOLDS)),
    Rule(
        "appointments:household_accept",  # POST only: the method is refused before the lookup
        args=proposal,
        ok=allow(*HOUSEHOLDS, status=405),
        foreign_ok=allow(*HOUSEHOLDS, status=405),
    ),
    # Participants (the landlord referent here) see the date, time and place page of what they attend.
    Rule(
        "appointments:staff_detail",
        args=appointment,
        ok=allow(*ASSOCIATION, "landlord_referent"),
        foreign_ok=allow("other_association", "other_landlord"),
    ),
    Rule("appointments:staff_move", args=appointment, ok=allow(*ASSOCIATION), foreign_ok=allow("other_association")),
    Rule("appointments:staff_cancel", args=appointment, ok=allow(*ASSOCIATION), foreign_ok=allow("other_association")),
    Rule(
        "appointments:staff_mark",
        args=appointment,
        ok=allow(*PARTNER_AREA, status=405),
        foreign_ok=allow(*PARTNER_AREA, status=405),
    ),
    Rule("appointments:staff_agenda", ok=allow(*PARTNER_AREA)),
    # The portal's link to a video room (the matrix configures a video service): the appointment's household and
    # association are redirected to the room; anyone else, and anyone on the other programme's, gets 404.
    # Logged out, a session holding the case's letter code (typed on the code's page) is redirected to the room
    # too, any other letter's code gets 404, no code at all signs in first (tests/appointments/test_video.py).
    Rule(
        "appointments:video",
        args=video,
        ok=allow(*HOUSEHOLDS, *ASSOCIATION, status=302),
        foreign_ok=allow("other_association", status=302),
    ),
    Rule("appointments:availability", ok=allow(*ASSOCIATION, "other_association")),
    Rule("appointments:feed_settings", ok=allow(*PARTNER_AREA)),
    Rule("appointments:staff_case", args=case, ok=allow(*ASSOCIATION), foreign_ok=allow("other_association")),
    Rule("appointments:staff_new", args=case, ok=allow(*ASSOCIATION), foreign_ok=allow("other_association")),
    # The token is the key (calendar clients have no session): whoever holds it reads the discreet feed.
    Rule(
        "appointments:feed",
        args=lambda world, side: {"token": world.objects[side]["feed_token"]},
        ok=allow(*SIGNED_IN),
        anonymous=200,
        foreign=200,
    ),
]
