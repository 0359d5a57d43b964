"""The case lifecycle: allowed transitions, refusals, timeline and audit, the contact clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from casework import periodic, workflow
from casework.enums import CaseStatus, Outcome, ReachOutKind
from portal.enums import Role
from portal.models import AuditEvent
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def test_chain_to_support_writes_timeline_with_author(programme, worker):
    case = CaseFactory(programme=programme)
    workflow.start_contacting(case, worker)
    workflow.establish_contact(case, worker, how="appel décroché")
    workflow.start_assessment(case, worker)
    workflow.start_support(case, worker)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT
    assert case.contact_established_at and case.assessment_started_at and case.support_started_at
    transitions = list(case.timeline.filter(kind="transition").order_by("created_at", "pk"))
    assert [(t.from_status, t.to_status) for t in transitions] == [
        ("referred", "contacting"),
        ("contacting", "contact_established"),
        ("contact_established", "assessment"),
        ("assessment", "support"),
    ]
    assert all(t.author == worker for t in transitions)
    assert AuditEvent.objects.filter(action="case.transition", object_id=str(case.pk)).count() == 4


def test_impossible_transition_is_a_clear_error(programme, worker):
    case = CaseFactory(programme=programme)
    with pytest.raises(
        workflow.TransitionError, match="Impossible de passer un dossier « Signalé » à « Accompagnement »"
    ):
        workflow.start_support(case, worker)
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    assert not case.timeline.exists()


def test_close_requires_outcome_and_scheme_for_orientation(programme, worker):
    case = CaseFactory(programme=programme)
    with pytest.raises(workflow.TransitionError, match="issue"):
        workflow.close(case, worker, "")
    with pytest.raises(workflow.TransitionError, match="dispositif"):
        workflow.close(case, worker, Outcome.ORIENTATION)
    workflow.close(case, worker, Outcome.ORIENTATION, orientation_scheme="ASLL", dialogue_restored=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.orientation_scheme == "ASLL" and case.dialogue_restored
    with pytest.raises(workflow.TransitionError):
        workflow.close(case, worker, Outcome.REFUSAL)


def test_run_deadlines_warns_then_no_contact_then_closes_idempotently(programme, worker, landlord_referent):
    case = CaseFactory(programme=programme, deadline=timezone.localdate() + timedelta(days=5))
    assert periodic.run_deadlines()["warnings"] == 1
    assert periodic.run_deadlines()["warnings"] == 0
    assert any("Échéance de contact proche" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=6)):  # the day after the deadline
        counts = periodic.run_deadlines()
        assert counts["no_contact"] == 1
        assert periodic.run_deadlines()["no_contact"] == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.NO_CONTACT and case.landlord_notified_at
    landlord_mail = [m for m in mail.outbox if landlord_referent.email in m.to]
    assert landlord_mail and "procédure" in landlord_mail[0].body
    with time_machine.travel(case.no_contact_at + timedelta(days=29)):
        assert periodic.run_deadlines()["closed"] == 0
    with time_machine.travel(case.no_contact_at + timedelta(days=30, minutes=1)):
        assert periodic.run_deadlines()["closed"] == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == Outcome.NO_CONTACT


def test_household_reaching_out_stops_escalation(programme, worker):
    case = CaseFactory(programme=programme, deadline=timezone.localdate() - timedelta(days=2))
    assert workflow.household_reached_out(case, ReachOutKind.MESSAGE) is True
    assert workflow.household_reached_out(case, ReachOutKind.BOOKING) is False
    assert periodic.run_deadlines()["no_contact"] == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED and case.needs_contact_confirmation
    with pytest.raises(workflow.TransitionError):
        workflow.mark_no_contact(case)


def test_reopen_needs_coordinator_and_reason_and_tells_landlord(programme, worker, coordinator, landlord_referent):
    case = CaseFactory(programme=programme, deadline=timezone.localdate() - timedelta(days=1))
    periodic.run_deadlines()
    case.refresh_from_db()
    with pytest.raises(workflow.TransitionError, match="coordinatrice"):
        workflow.reopen(case, worker, "Le ménage a appelé")
    with pytest.raises(workflow.TransitionError, match="motif"):
        workflow.reopen(case, coordinator, " ")
    mail.outbox.clear()
    workflow.reopen(case, coordinator, "Le ménage a appelé l'accueil")
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTING and case.deadline > timezone.localdate()
    assert any(landlord_referent.email in m.to and "rouvert" in m.subject for m in mail.outbox)


def test_other_association_coordinator_cannot_reopen(programme, landlord_referent):
    other = MembershipFactory(role=Role.COORDINATOR).user
    case = CaseFactory(programme=programme, deadline=timezone.localdate() - timedelta(days=1))
    periodic.run_deadlines()
    case.refresh_from_db()
    with pytest.raises(workflow.TransitionError):
        workflow.reopen(case, other, "motif")
