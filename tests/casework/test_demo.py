"""The demo data: reviews in every state and the joint interviews, each with its appointment (their date and place)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.appointments.enums import Status
from casework.appointments.models import Appointment
from casework.enums import ReviewStatus
from casework.models import Handover, TripartiteReview

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
    joint = Handover.objects.with_consent().filter(joint_interview=True).with_appointment()
    assert joint and all(handover.appointment is not None for handover in joint)


def test_the_demo_has_one_delivered_invitation_and_loading_twice_adds_none():
    from casework.models import Outreach

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    [row] = Outreach.objects.all()
    assert row.sms.status == "delivered" and row.attempt.case_id == row.case_id
