"""Times are stored in UTC and shown in Europe/Paris, on both sides of the daylight-saving changes."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from appointments import services, wording
from appointments.enums import Place
from portal.enums import Party
from tests.appointments.conftest import paris


@pytest.mark.parametrize(
    ("today", "booked", "utc_hour", "text"),
    [
        # Spring forward on Sunday 28 March 2027: 18:00 on the Monday after is 16:00 UTC (17:00 the Friday before).
        (paris(2027, 3, 25, 8), paris(2027, 3, 26, 18), 17, "vendredi 26 mars 2027 à 18 h 00"),
        (paris(2027, 3, 25, 8), paris(2027, 3, 29, 18), 16, "lundi 29 mars 2027 à 18 h 00"),
        # Fall back on Sunday 31 October 2027: 9:00 on the Monday after is 08:00 UTC.
        (paris(2027, 10, 28, 8), paris(2027, 10, 29, 9), 7, "vendredi 29 octobre 2027 à 9 h 00"),
        (paris(2027, 10, 28, 8), paris(2027, 11, 1, 9), 8, "lundi 1er novembre 2027 à 9 h 00"),
    ],
)
def test_booking_across_dst(
    case, household, first_interview, django_capture_on_commit_callbacks, today, booked, utc_hour, text
):
    with time_machine.travel(today, tick=False), django_capture_on_commit_callbacks(execute=True):
        appointment = services.book(
            case=case,
            appointment_type=first_interview,
            starts_at=booked,
            place=Place.PHONE,
            actor=household,
            actor_kind=Party.HOUSEHOLD,
        )
    appointment.refresh_from_db()
    assert appointment.starts_at.astimezone(UTC).hour == utc_hour
    assert wording.when_text(appointment.starts_at) == text
    assert text in next(m for m in mail.outbox if m.attachments).body


def test_slot_keys_are_utc_and_labels_local(client, case, household):
    with time_machine.travel(paris(2027, 3, 27, 8), tick=False):  # Saturday before spring forward
        client.force_login(household)
        response = client.post(reverse("appointments:household_book"), {"aller": "2027-03-29"})
    # Monday 29 March 2027, 9:00 in Paris (summer time) is 07:00 UTC.
    assertContains(response, 'value="2027-03-29T07:00:00Z"')
    assert datetime(2027, 3, 29, 7, tzinfo=UTC) == paris(2027, 3, 29, 9)
