"""The demo data: reviews in every state and the joint interviews, each with its appointment (their date and place)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from appointments.enums import Status
from appointments.models import Appointment
from casework import capacity, perms
from casework.enums import ReviewStatus, TransferStatus
from casework.evaluation.models import AdjustmentDecision
from casework.models import Case, Handover, Programme, ProgrammeMeeting, TransferRequest, TripartiteReview
from portal.models import User

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


def test_the_demo_invitations_fill_every_step_of_the_funnel_and_loading_twice_adds_none():
    from datetime import timedelta

    from casework.evaluation import funnel, indicators
    from casework.models import Outreach, Programme

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    rows = Outreach.objects.select_related("sms", "attempt").order_by("sent_at")
    assert [row.sms.status for row in rows] == ["failed", "delivered", "delivered"]
    assert all(row.attempt.case_id == row.case_id for row in rows)
    programme = Programme.objects.get(pk=rows[0].case.programme_id)
    today = timezone.localdate()
    column = funnel.compute(programme, indicators.Period(today - timedelta(days=365), today)).columns[funnel.SMS]
    counts = column.counts
    assert (counts["invited"], counts["delivered"]) == (3, 2)
    # One of them opened its link without creating an account yet; the households with an account opened theirs.
    assert counts["opened"] == 1
    everyone = funnel.compute(programme, indicators.Period(today - timedelta(days=365), today)).columns[funnel.ALL]
    assert everyone.counts["account"] >= 1 and everyone.counts["opened"] >= everyone.counts["account"] + 1


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


def test_the_demo_has_an_association_member_and_a_landlord_referent_of_two_programmes_with_different_parameters():
    """The programme switcher (casework.programme_choice) shows for coordinatrice@ and bailleur@ (README tour)."""
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    coordinator = User.objects.get(email="coordinatrice@demo.example")
    referent = User.objects.get(email="bailleur@demo.example")
    for programmes in (perms.association_programmes(coordinator), perms.landlord_programmes(referent)):
        assert programmes.count() == 2
        first, second = programmes
        assert (first.yearly_capacity, first.budget) != (second.yearly_capacity, second.budget)
