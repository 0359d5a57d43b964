"""Templates never compare status strings: models expose booleans, and the services that enforce a transition use
the same property (boundary per status)."""

import pytest

from appointments.enums import Status
from appointments.models import Appointment
from casework.enums import ContactRequestStatus, HandoverStatus, ImportStatus, ReviewStatus
from casework.models import ArrearsImport, ContactRequest, Handover, TripartiteReview


@pytest.mark.parametrize(
    ("status", "proposed", "booked", "cancelled", "pending", "outcome"),
    [
        (Status.PROPOSED, True, False, False, True, False),
        (Status.BOOKED, False, True, False, True, True),
        (Status.DONE, False, False, False, False, True),
        (Status.HOUSEHOLD_ABSENT, False, False, False, False, True),
        (Status.CANCELLED, False, False, True, False, False),
    ],
)
def test_appointment_booleans(status, proposed, booked, cancelled, pending, outcome):
    appointment = Appointment(status=status)
    assert (
        appointment.is_proposed,
        appointment.is_booked,
        appointment.is_cancelled,
        appointment.is_pending,
        appointment.outcome_may_be_recorded,
    ) == (proposed, booked, cancelled, pending, outcome)


@pytest.mark.parametrize(
    ("status", "accept", "done"),
    [
        (HandoverStatus.PROPOSED, True, True),
        (HandoverStatus.ACCEPTED, False, True),
        (HandoverStatus.DONE, False, False),
        (HandoverStatus.ENDED, False, False),
    ],
)
def test_handover_partner_moves(status, accept, done):
    handover = Handover(status=status)
    assert (handover.can_accept, handover.can_mark_done) == (accept, done)


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_review_booleans_are_exclusive(status):
    review = TripartiteReview(status=status)
    flags = (review.is_draft, review.is_shared, review.is_validated)
    assert flags.count(True) == 1
    assert flags[ReviewStatus.values.index(status)]


def test_import_and_contact_request_booleans():
    assert ArrearsImport(status=ImportStatus.DECIDED).is_decided
    assert not ArrearsImport(status=ImportStatus.PENDING).is_decided
    assert ContactRequest(status=ContactRequestStatus.NEW).is_new
    assert not ContactRequest(status=ContactRequestStatus.HANDLED).is_new


def test_no_template_compares_a_status_string():
    from pathlib import Path

    from django.conf import settings

    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if any(needle in path.read_text() for needle in ("status ==", "status==", "status !=", "status!="))
    ]
    assert offenders == []
