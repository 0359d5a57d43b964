"""The yearly capacity and the waiting list (casework.capacity): a referral past capacity waits, with no clock, never
« sans contact », not invited; a coordinator takes the oldest off the list once a place frees; boundaries at
capacity − 1, capacity and capacity + 1, and at the turn of the year."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework import capacity, outreach, periodic, services, workflow
from casework.enums import CaseStatus
from casework.models import Case
from portal.enums import Role
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.casework.test_services import make_case
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord, yearly_capacity=3, auto_invite=True)


def fill(programme, count, referred_on=TODAY, **traits):
    return [CaseFactory(programme=programme, referral__referred_on=referred_on, **traits) for _ in range(count)]


@pytest.mark.parametrize(("held", "full"), [(2, False), (3, True), (4, True)])
def test_full_at_capacity_and_beyond(programme, held, full):
    fill(programme, held)
    assert capacity.places_held(programme) == held
    assert capacity.is_full(programme) is full


@pytest.mark.parametrize(("held", "waits"), [(2, False), (3, True), (4, True)])
def test_a_referral_waits_once_the_programme_is_full(programme, landlord_referent, held, waits):
    fill(programme, held)
    case = make_case(programme, landlord_referent, lease_reference=f"B-{held}")
    assert case.is_waiting is waits
    assert Case.objects.filter(pk=case.pk).waiting().exists() is waits
    assert case.timeline.filter(kind="waitlisted").exists() is waits


def test_closed_cases_and_waiting_cases_hold_no_place(programme):
    fill(programme, 2)
    fill(programme, 1, closed=True)
    fill(programme, 2, waiting=True)
    assert capacity.places_held(programme) == 2
    assert not capacity.is_full(programme)


def test_outside_criteria_referrals_hold_a_place_once_accepted(programme):
    fill(programme, 2)
    pending = CaseFactory(programme=programme, outside_criteria=True)
    assert capacity.places_held(programme) == 2
    pending.referral.accepted_at = timezone.now()
    pending.referral.save()
    assert capacity.places_held(programme) == 3


def test_the_count_is_per_calendar_year():
    programme = ProgrammeFactory(yearly_capacity=2)
    fill(programme, 2, referred_on=date(2025, 12, 31))
    assert capacity.is_full(programme, on=date(2025, 12, 31))
    assert not capacity.is_full(programme, on=date(2026, 1, 1))
    assert capacity.places_held(programme, on=date(2026, 1, 1)) == 0


def test_a_case_taken_off_the_list_counts_in_the_year_it_left_it():
    programme = ProgrammeFactory(yearly_capacity=2)
    case = CaseFactory(programme=programme, referral__referred_on=date(2025, 12, 20), waiting=True)
    case.admitted_on = date(2026, 1, 2)
    case.save()
    assert capacity.places_held(programme, on=date(2025, 12, 31)) == 0
    assert capacity.places_held(programme, on=date(2026, 1, 2)) == 1
    assert capacity.admission_day(case) == date(2026, 1, 2)


def test_a_referral_on_new_years_day_is_admitted(association, landlord, landlord_referent):
    programme = ProgrammeFactory(association=association, landlord=landlord, yearly_capacity=1)
    fill(programme, 1, referred_on=date(2025, 12, 31))
    assert make_case(programme, landlord_referent, lease_reference="B-eve", referred_on=date(2025, 12, 31)).is_waiting
    assert not make_case(programme, landlord_referent, lease_reference="B-day", referred_on=date(2026, 1, 1)).is_waiting


# --- no clock, never « sans contact », not invited --------------------------------------------------------------


def test_a_waiting_case_has_no_running_clock(programme):
    case = CaseFactory(programme=programme, waiting=True, deadline=TODAY - timedelta(days=5))
    assert not case.is_past_deadline and not case.shows_warning and not case.deadline_passed
    assert not Case.objects.filter(pk=case.pk).past_deadline().exists()
    assert not Case.objects.filter(pk=case.pk).in_warning().exists()
    assert case.status_label == "Liste d'attente"


def test_a_waiting_case_once_closed_no_longer_waits(programme):
    """Closed while on the list: it leaves the list (« non clos » is part of the rule) and reads « Clos »."""
    case = CaseFactory(programme=programme, waiting=True, closed=True)
    assert not capacity.waiting(case) and not case.is_waiting
    assert not Case.objects.filter(pk=case.pk).waiting().exists()
    assert case.status_label == "Clos"
    assert list(capacity.waiting_list(programme)) == []


def test_a_waiting_case_never_goes_no_contact(programme):
    case = CaseFactory(programme=programme, waiting=True, deadline=TODAY - timedelta(days=40))
    assert periodic.run_deadlines()["no_contact"] == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    with pytest.raises(workflow.TransitionError):
        workflow.mark_no_contact(case)


def test_a_waiting_case_is_not_invited(programme, landlord_referent):
    fill(programme, 3)
    case = make_case(programme, landlord_referent, phone="06 12 34 56 78", email="nora@example.org")
    assert case.is_waiting
    assert not outreach.can_invite(case)
    assert not case.outreach.exists()


# --- taking the next one off the list -----------------------------------------------------------------------------


@pytest.fixture
def full_with_two_waiting(programme):
    held = fill(programme, 3)
    first = CaseFactory(programme=programme, waitlisted_at=timezone.now() - timedelta(days=5))
    second = CaseFactory(programme=programme, waitlisted_at=timezone.now() - timedelta(days=1))
    HouseholdMemberFactory(household=first.household, email="first@example.org")
    services.issue_letter_code(first)
    return held, first, second


def test_no_place_no_taking_off(full_with_two_waiting, coordinator):
    _, first, _ = full_with_two_waiting
    assert not capacity.can_take_off(first)
    with pytest.raises(workflow.TransitionError, match="Aucune place"):
        workflow.take_off_waiting_list(first, coordinator)


def test_a_closed_case_frees_a_place_for_the_oldest(full_with_two_waiting, coordinator, landlord_referent):
    held, first, second = full_with_two_waiting
    workflow.close(held[0], None, "refusal")
    assert capacity.next_waiting(first.programme) == first
    assert not capacity.can_take_off(second)
    with pytest.raises(workflow.TransitionError, match="plus ancien"):
        workflow.take_off_waiting_list(second, coordinator)
    mail.outbox.clear()
    workflow.take_off_waiting_list(first, coordinator)
    first.refresh_from_db()
    assert not first.is_waiting and first.admitted_on == TODAY
    assert first.deadline == TODAY + timedelta(days=first.parameters.contact_deadline_days)
    assert first.timeline.filter(kind="taken_off_waiting_list").exists()
    assert any(landlord_referent.email in m.to for m in mail.outbox)
    assert first.outreach.exists()  # the programme invites at referral: the invitation leaves now
    assert capacity.is_full(first.programme)


def test_a_higher_capacity_frees_places(full_with_two_waiting, coordinator):
    _, first, _ = full_with_two_waiting
    first.programme.yearly_capacity = 4
    first.programme.save()
    first = Case.objects.get(pk=first.pk)
    assert capacity.can_take_off(first)
    workflow.take_off_waiting_list(first, coordinator)


def test_only_a_coordinator_takes_off_the_list(full_with_two_waiting, worker):
    held, first, _ = full_with_two_waiting
    workflow.close(held[0], None, "refusal")
    with pytest.raises(workflow.TransitionError, match="coordinatrice"):
        workflow.take_off_waiting_list(first, worker)


def test_intake_figures(programme):
    fill(programme, 2)
    fill(programme, 1, closed=True)
    fill(programme, 1, waiting=True)
    intake = capacity.intake(programme)
    assert (intake.admitted, intake.held, intake.capacity, intake.waiting) == (3, 2, 3, 1)
    assert intake.committed == programme.cost_per_situation * 3
    assert intake.places_left == 1 and not intake.full


# --- pages -----------------------------------------------------------------------------------------------------


def test_the_landlord_reads_the_waiting_line(programme, landlord_referent, verified_client):
    fill(programme, 3)
    case = CaseFactory(programme=programme, waiting=True)
    client = verified_client(landlord_referent)
    dashboard = client.get(reverse("casework:landlord_dashboard")).content.decode()
    assert "Liste d&#x27;attente : le délai d&#x27;un mois ne court pas encore" in dashboard
    assert "est complet pour l'année" in dashboard
    page = client.get(reverse("casework:landlord_case", args=[case.pk])).content.decode()
    assert "Liste d&#x27;attente : le délai d&#x27;un mois ne court pas encore" in page
    assert "Imprimer le courrier" not in page


def test_the_coordinator_is_warned_before_accepting_past_capacity(programme, coordinator, verified_client):
    fill(programme, 3)
    CaseFactory(programme=programme, outside_criteria=True)
    page = verified_client(coordinator).get(reverse("casework:exceptions")).content.decode()
    assert "Attention : le programme est complet" in page


def test_the_coordinator_takes_the_next_off_from_the_page(full_with_two_waiting, coordinator, verified_client):
    held, first, _ = full_with_two_waiting
    client = verified_client(coordinator)
    page = client.get(reverse("casework:waiting_list", args=[first.programme_id])).content.decode()
    assert "Aucune place libre" in page
    workflow.close(held[0], None, "refusal")
    page = client.get(reverse("casework:waiting_list", args=[first.programme_id])).content.decode()
    assert reverse("casework:take_off_waiting_list", args=[first.pk]) in page
    response = client.post(reverse("casework:take_off_waiting_list", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.admitted_on == TODAY


def test_a_worker_reads_the_list_but_cannot_take_off(full_with_two_waiting, worker, verified_client):
    held, first, _ = full_with_two_waiting
    workflow.close(held[0], None, "refusal")
    client = verified_client(worker)
    page = client.get(reverse("casework:waiting_list", args=[first.programme_id])).content.decode()
    assert "Sortir" not in page
    assert client.post(reverse("casework:take_off_waiting_list", args=[first.pk])).status_code == 404


def test_another_programmes_coordinator_gets_404(full_with_two_waiting, verified_client):
    _, first, _ = full_with_two_waiting
    other = ProgrammeFactory()
    stranger = MembershipFactory(organisation=other.association, role=Role.COORDINATOR).user
    client = verified_client(stranger)
    assert client.get(reverse("casework:waiting_list", args=[first.programme_id])).status_code == 404
    assert client.post(reverse("casework:take_off_waiting_list", args=[first.pk])).status_code == 404


def test_the_exports_say_waiting_rather_than_a_deadline(programme, landlord_referent, coordinator, verified_client):
    fill(programme, 3)
    CaseFactory(programme=programme, waiting=True)
    landlord_csv = verified_client(landlord_referent).get(reverse("casework:landlord_csv")).content.decode("utf-8-sig")
    assert capacity.LANDLORD_WAITING_TEXT in landlord_csv
    caseload_csv = verified_client(coordinator).get(reverse("casework:caseload_csv")).content.decode("utf-8-sig")
    assert capacity.LANDLORD_WAITING_TEXT in caseload_csv
