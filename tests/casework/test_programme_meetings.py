"""The regular association–landlord meeting scheduled from the portal (casework.agenda, services.schedule_meeting):
both partners invited, the agenda prepared from the existing rules, only the cases the landlord may know of."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework import agenda
from casework.enums import ReviewStatus
from casework.models import ProgrammeMeeting, TripartiteReview
from portal.enums import Role
from tests.casework.factories import (
    ArrearsStatementFactory,
    CaseFactory,
    ProgrammeFactory,
    RepaymentPlanFactory,
)
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, expected_support_months=3)


@pytest.fixture
def cases(programme):
    months_ago = (TODAY.replace(day=1) - timedelta(days=80)).replace(day=1)
    broken = RepaymentPlanFactory(case__programme=programme, start_date=months_ago).case
    ArrearsStatementFactory(case=broken, statement_date=TODAY, balance=Decimal("600.00"))
    long_support = CaseFactory(
        programme=programme, in_support=True, contact_established_at=timezone.now() - timedelta(days=120)
    )
    review_case = CaseFactory(programme=programme, in_support=True)
    TripartiteReview.objects.create(
        case=review_case, status=ReviewStatus.SHARED, shared_at=timezone.now() - timedelta(days=8)
    )
    return {
        "past_deadline": CaseFactory(programme=programme, past_deadline=True),
        "plan_broken": broken,
        "support_overdue": long_support,
        "review_due": review_case,
        "waiting": CaseFactory(programme=programme, waiting=True),
        "fine": CaseFactory(programme=programme, contacting=True),
        "household_own": CaseFactory(programme=programme, past_deadline=True, from_household=True),
        "closed": CaseFactory(programme=programme, closed=True, deadline=TODAY - timedelta(days=3)),
    }


def test_each_rule_brings_its_cases_and_no_other(programme, cases):
    by_case = agenda.reasons_by_case(programme)
    for key in agenda.REASONS:
        assert key in by_case.get(cases[key].pk, []), key
    for key in ("fine", "household_own", "closed"):
        assert cases[key].pk not in by_case, key


def test_a_review_not_yet_due_stays_off(programme):
    case = CaseFactory(programme=programme, in_support=True)
    TripartiteReview.objects.create(case=case, status=ReviewStatus.SHARED, shared_at=timezone.now() - timedelta(days=6))
    assert case.pk not in agenda.reasons_by_case(programme)


def test_the_coordinator_schedules_and_both_sides_are_invited(
    programme, cases, coordinator, landlord_referent, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(coordinator)
    page = client.get(reverse("casework:schedule_meeting")).content.decode()
    assert cases["plan_broken"].household.display_name in page
    assert cases["household_own"].household.display_name not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casework:schedule_meeting"),
            {
                "programme": programme.pk,
                "held_on": (TODAY + timedelta(days=7)).isoformat(),
                "starts_at": "14:30",
                "place": "Agence du bailleur",
                "attendees": "Coordinatrice, référent",
            },
        )
    meeting = ProgrammeMeeting.objects.get()
    assert response.status_code == 302 and meeting.invited_at is not None
    assert set(meeting.cases.values_list("pk", flat=True)) == {cases[k].pk for k in agenda.REASONS}
    recipients = {address for message in mail.outbox for address in message.to}
    assert {coordinator.email, landlord_referent.email} <= recipients
    body = mail.outbox[-1].body
    assert "14 h 30" in body and cases["plan_broken"].household.display_name not in body


def test_the_landlord_reads_the_agenda_but_cannot_schedule(programme, cases, landlord_referent, verified_client):
    meeting = ProgrammeMeeting.objects.create(
        programme=programme,
        held_on=TODAY + timedelta(days=7),
        attendees="A, B",
        agenda={str(cases["plan_broken"].pk): ["plan_broken"]},
        invited_at=timezone.now(),
    )
    meeting.cases.set([cases["plan_broken"]])
    client = verified_client(landlord_referent)
    page = client.get(reverse("casework:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Plan d&#x27;apurement non respecté" in page or "Plan d'apurement non respecté" in page
    assert client.get(reverse("casework:schedule_meeting")).status_code == 404
    assert client.post(reverse("casework:schedule_meeting"), {"programme": programme.pk}).status_code == 404


def test_a_past_date_is_refused_next_to_the_field(programme, coordinator, verified_client):
    response = verified_client(coordinator).post(
        reverse("casework:schedule_meeting"),
        {"programme": programme.pk, "held_on": (TODAY - timedelta(days=1)).isoformat(), "attendees": "A"},
    )
    assert response.status_code == 200
    assert "Choisissez une date à venir" in response.content.decode()
    assert not ProgrammeMeeting.objects.exists()


def test_another_programme_cannot_be_chosen(programme, verified_client):
    other = ProgrammeFactory()
    stranger = MembershipFactory(organisation=other.association, role=Role.COORDINATOR).user
    response = verified_client(stranger).post(
        reverse("casework:schedule_meeting"),
        {"programme": programme.pk, "held_on": (TODAY + timedelta(days=2)).isoformat(), "attendees": "A"},
    )
    assert response.status_code == 200
    assert not ProgrammeMeeting.objects.exists()
