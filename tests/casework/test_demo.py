"""The demo data: reviews in every state and the joint interviews, each with its appointment (their date and place)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from appointments.enums import Status
from appointments.models import Appointment
from casework import capacity
from casework.enums import ReviewStatus, TransferStatus
from casework.evaluation.models import AdjustmentDecision
from casework.models import Case, Handover, Programme, ProgrammeMeeting, TransferRequest, TripartiteReview

pytestmark = pytest.mark.django_db


def test_demo_reviews_and_joint_interviews_have_their_appointments_and_loading_twice_adds_none():
    call_command("load_demo", stdout=io.StringIO())
    appointments = Appointment.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Appointment.objects.count() == appointments
    reviews = list(TripartiteReview.objects.with_appointment())
    assert {review.status for review in reviews} == set(ReviewStatus.values)
    assert all(review.appointment is not None for review in reviews)
    now = timezone.now()
    for review in reviews:
        # Minutes to write: still ahead. Minutes shared or validated: the review was held.
        if review.status == ReviewStatus.DRAFT:
            assert review.scheduled_at > now and review.appointment.status == Status.BOOKED
        else:
            assert review.scheduled_at < now and review.appointment.status == Status.DONE
            # Shared once held; validated minutes were answered first (the minutes' rule, casework.reviews).
            assert review.appointment.ends_at < review.shared_at < now
        if review.status == ReviewStatus.VALIDATED:
            assert review.shared_at < review.household_answered_at < review.validated_at < now
    # A transfer request filed, which the landlord follows with the household's consent (once, however many loads).
    filed = TransferRequest.objects.filter(status=TransferStatus.FILED, landlord_informed=True, communes_shared=False)
    assert filed.count() == TransferRequest.objects.count() >= 1
    assert all(transfer.filed_on < timezone.localdate() for transfer in filed)
    joint = Handover.objects.with_consent().filter(joint_interview=True).with_appointment()
    assert joint and all(handover.appointment is not None for handover in joint)


def test_the_demo_has_one_delivered_invitation_and_loading_twice_adds_none():
    from casework.models import Outreach

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    [row] = Outreach.objects.all()
    assert row.sms.status == "delivered" and row.attempt.case_id == row.case_id


def test_the_demo_has_a_waiting_list_a_scheduled_meeting_and_adjustments_and_loading_twice_adds_none():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Case.objects.waiting().count(), ProgrammeMeeting.objects.count(), AdjustmentDecision.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Case.objects.waiting().count(),
        ProgrammeMeeting.objects.count(),
        AdjustmentDecision.objects.count(),
    ) == counts
    montargis = Programme.objects.get(name="Prévenir l'impayé — Montargois")
    assert capacity.is_full(montargis) and capacity.waiting_list(montargis).count() >= 1
    scheduled = ProgrammeMeeting.objects.get(invited_at__isnull=False)
    assert scheduled.is_upcoming and scheduled.agenda
    assert AdjustmentDecision.objects.filter(version__isnull=False).exists()
