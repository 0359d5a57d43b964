"""Casework's 0005: every dated review and joint interview gets an appointment before 0006 drops the dates."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from appointments.enums import SYSTEM_ACTOR, AppointmentKind, Place, Status
from appointments.models import Appointment, AppointmentEvent, AppointmentType
from casework.models import Handover, TimelineEvent, TripartiteReview
from portal.enums import OrganisationKind, Role
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("casework", "0004_referral_source")]
AFTER = [("casework", "0006_meeting_date_and_place_from_appointment")]


@pytest.fixture
def executor():
    executor = MigrationExecutor(connection)
    yield executor
    # Back to the latest schema whatever happened, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


APPOINTMENTS_THEN = ("appointments", "0003_review_and_handover_links")


def migrate(executor, targets, appointments_latest=False):
    executor.loader.build_graph()
    # Before: appointments' later columns (a video room...) go too, since the models of then would not fill them.
    # After: appointments as today, since today's models read the appointments.
    latest = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "appointments"]
    executor.migrate([*targets, *(latest if appointments_latest else [APPOINTMENTS_THEN])])
    # The models as they were then, appointments' included (their links to reviews and handovers came first).
    return executor.loader.project_state([*targets, APPOINTMENTS_THEN]).apps


def test_dated_reviews_and_joint_interviews_get_an_appointment(executor):
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, address="5 rue des Carmes, Orléans")
    first_member = MembershipFactory(organisation=association, role=Role.WORKER).user
    assigned = MembershipFactory(organisation=association, role=Role.WORKER).user
    programme = ProgrammeFactory(association=association)
    followed = CaseFactory(programme=programme, assigned_worker=assigned)
    unassigned = CaseFactory(programme=programme)
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER)
    # An association whose only member is busy at the review's time: nobody can take it.
    lone = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    busy = MembershipFactory(organisation=lone, role=Role.WORKER).user
    stuck = CaseFactory(programme=ProgrammeFactory(association=lone), assigned_worker=busy)
    at = timezone.now().replace(microsecond=0) + timedelta(days=4)
    AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW)  # an earlier test may have flushed the table

    old = migrate(executor, BEFORE)
    Review, OldHandover = old.get_model("casework", "TripartiteReview"), old.get_model("casework", "Handover")
    OldAppointment, OldType = (
        old.get_model("appointments", "Appointment"),
        old.get_model("appointments", "AppointmentType"),
    )
    dated = Review.objects.create(case_id=followed.pk, scheduled_at=at, place="Salle 2, à l'association")
    fallback = Review.objects.create(case_id=unassigned.pk, scheduled_at=at + timedelta(hours=2), place="Association")
    booked = Review.objects.create(case_id=followed.pk, scheduled_at=at + timedelta(days=1), place="Ailleurs")
    review_type = OldType.objects.get(kind=AppointmentKind.TRIPARTITE_REVIEW)
    existing = OldAppointment.objects.create(
        case_id=followed.pk,
        association_id=association.pk,
        worker_id=assigned.pk,
        type=review_type,
        place=Place.VIDEO,
        starts_at=at + timedelta(days=2),
        ends_at=at + timedelta(days=2, hours=1),
        review=booked,
    )
    OldAppointment.objects.create(
        case_id=stuck.pk,
        association_id=lone.pk,
        worker_id=busy.pk,
        type=review_type,
        place=Place.OFFICE,
        starts_at=at - timedelta(minutes=30),
        ends_at=at + timedelta(minutes=30),
    )
    unreachable = Review.objects.create(case_id=stuck.pk, scheduled_at=at, place="Chez le bailleur")
    joint = OldHandover.objects.create(
        case_id=followed.pk, partner_id=partner.pk, joint_interview=True, joint_interview_at=at + timedelta(days=3)
    )
    undated = OldHandover.objects.create(case_id=followed.pk, partner_id=partner.pk, joint_interview=True)

    migrate(executor, AFTER, appointments_latest=True)
    # Today's model reads the rows, without the columns later migrations added.
    reviews_at_after = TripartiteReview.objects.defer("household_answered_at", "validation_reason")

    review = reviews_at_after.get(pk=dated.pk)
    appointment = review.appointment
    assert review.scheduled_at == at and appointment.worker_id == assigned.pk
    assert appointment.type.kind == AppointmentKind.TRIPARTITE_REVIEW and appointment.place == Place.OFFICE
    assert appointment.status == Status.BOOKED and appointment.booked_by_actor == SYSTEM_ACTOR
    assert appointment.ends_at == at + timedelta(hours=1)
    assert review.place_line == "À l'association — 5 rue des Carmes, Orléans"
    # The place typed on the review is kept in the appointment's history, which only the association reads.
    assert "Salle 2, à l'association" in AppointmentEvent.objects.get(appointment=appointment).reason
    # No assigned worker: the association's first active member.
    assert reviews_at_after.get(pk=fallback.pk).appointment.worker_id == first_member.pk
    # A review that already had its appointment keeps it, and only it.
    assert list(reviews_at_after.get(pk=booked.pk).appointments.all()) == [Appointment.objects.get(pk=existing.pk)]
    # Nobody free: no appointment, and the case's timeline says which date and place were noted.
    assert reviews_at_after.get(pk=unreachable.pk).appointment is None
    note = TimelineEvent.objects.get(case=stuck, kind="appointment_not_created")
    assert "Chez le bailleur" in note.detail and timezone.localtime(at).strftime("%d/%m/%Y à %H:%M") in note.detail
    # The joint interview's date moves into a joint handover appointment; a handover without a date gets none.
    handover = Handover.objects.get(pk=joint.pk)
    assert handover.scheduled_at == at + timedelta(days=3)
    assert handover.appointment.type.kind == AppointmentKind.JOINT_HANDOVER
    assert Handover.objects.get(pk=undated.pk).appointment is None
