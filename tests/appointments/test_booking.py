"""Booking, proposing, moving, cancelling and marking, through the services and the household's pages."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from appointments import services
from appointments.enums import Place, Status
from appointments.models import Absence, Appointment, AppointmentEvent, ProgrammeAppointmentSettings
from appointments.slots import Slot
from portal.enums import Party
from tests.appointments.conftest import paris
from tests.appointments.factories import CaseFactory

pytestmark = pytest.mark.usefixtures("frozen")


def book(case, appointment_type, starts_at, user, actor_kind=Party.HOUSEHOLD, **extra):
    return services.book(
        case=case,
        appointment_type=appointment_type,
        starts_at=starts_at,
        place=Place.OFFICE,
        actor=user,
        actor_kind=actor_kind,
        **extra,
    )


def test_household_booking_counts_as_reaching_out(case, household, first_interview):
    appointment = book(case, first_interview, paris(2026, 12, 2, 18), household)
    assert appointment.status == Status.BOOKED
    assert appointment.worker == case.assigned_worker
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)
    case.refresh_from_db()
    assert case.household_reached_out_at is not None
    assert [e.kind for e in appointment.history.all()] == ["booked"]


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (paris(2026, 11, 30, 10), "déjà passé"),
        (paris(2026, 12, 1, 9), "trop proche"),
        (paris(2026, 12, 2, 7), "en dehors des horaires"),
        (paris(2026, 12, 2, 18, 30), "trop court"),
        (paris(2027, 3, 1, 10), "trop loin"),
    ],
)
def test_bad_slots_are_refused_with_a_reason(case, household, first_interview, starts_at, message):
    with pytest.raises(services.BookingError, match=message):
        book(case, first_interview, starts_at, household)
    assert not Appointment.objects.exists()


def test_absence_and_overlap_are_refused(case, household, worker, first_interview, follow_up):
    Absence.objects.create(worker=worker, starts_at=paris(2026, 12, 3, 0), ends_at=paris(2026, 12, 4, 0))
    with pytest.raises(services.BookingError, match="absente"):
        book(case, first_interview, paris(2026, 12, 3, 10), household)
    book(case, first_interview, paris(2026, 12, 2, 10), household)
    other_case = CaseFactory(programme=case.programme, assigned_worker=worker)
    with pytest.raises(services.SlotTaken) as refused:
        book(other_case, follow_up, paris(2026, 12, 2, 10, 30), worker, Party.ASSOCIATION)
    assert "vient d'être pris" in refused.value.message
    assert refused.value.next_slots and all(isinstance(s, Slot) for s in refused.value.next_slots)
    assert refused.value.next_slots[0].start >= paris(2026, 12, 2, 11)


def test_team_booking_picks_a_free_colleague(case, household, first_interview, association, worker):
    from appointments.models import AvailabilityWindow
    from portal.enums import Role
    from tests.portal.factories import MembershipFactory

    case.assigned_worker = None
    case.save()
    colleague = MembershipFactory(organisation=association, role=Role.WORKER).user
    AvailabilityWindow.objects.create(
        worker=colleague, association=association, weekday=2, start_time=time(9), end_time=time(12)
    )
    first = book(case, first_interview, paris(2026, 12, 2, 10), household)
    second_case = CaseFactory(programme=case.programme, assigned_worker=None)
    second = services.book(
        case=second_case,
        appointment_type=first_interview,
        starts_at=paris(2026, 12, 2, 10),
        place=Place.PHONE,
        actor=household,
        actor_kind=Party.HOUSEHOLD,
    )
    assert {first.worker_id, second.worker_id} == {worker.pk, colleague.pk}


def test_move_and_cancel_within_notice(case, household, first_interview, frozen):
    appointment = book(case, first_interview, paris(2026, 12, 3, 10), household)
    moved = services.move(appointment, starts_at=paris(2026, 12, 4, 18), actor=household, actor_kind=Party.HOUSEHOLD)
    assert timezone_hour(moved.starts_at) == 18 and moved.sequence == 1
    event = moved.history.last()
    assert event.kind == "moved" and event.previous_starts_at == paris(2026, 12, 3, 10)
    # Its own old time does not block the move back.
    services.move(moved, starts_at=paris(2026, 12, 3, 10), actor=household, actor_kind=Party.HOUSEHOLD)
    frozen.move_to(paris(2026, 12, 2, 11))  # 23 h before: inside the default 24 h notice
    with pytest.raises(services.BookingError, match="moins de 24 h"):
        services.cancel(Appointment.objects.get(), actor=household, actor_kind=Party.HOUSEHOLD)
    with pytest.raises(services.BookingError, match="moins de 24 h"):
        services.move(
            Appointment.objects.get(), starts_at=paris(2026, 12, 5, 10), actor=household, actor_kind=Party.HOUSEHOLD
        )
    # The association may still cancel, with a reason kept in the history.
    cancelled = services.cancel(
        Appointment.objects.get(), actor=case.assigned_worker, actor_kind=Party.ASSOCIATION, reason="Collègue malade"
    )
    assert cancelled.status == Status.CANCELLED and cancelled.cancelled_by_actor == Party.ASSOCIATION
    assert cancelled.cancellation_reason == "Collègue malade"
    assert [e.reason for e in AppointmentEvent.objects.filter(kind="cancelled")] == ["Collègue malade"]


def test_programme_notice_setting(case, household, first_interview, frozen):
    ProgrammeAppointmentSettings.objects.create(programme=case.programme, notice_hours=48)
    appointment = book(case, first_interview, paris(2026, 12, 2, 18), household)  # 34 h ahead
    with pytest.raises(services.BookingError, match="moins de 48 h"):
        services.cancel(appointment, actor=household, actor_kind=Party.HOUSEHOLD)


def timezone_hour(moment):
    from django.utils import timezone

    return timezone.localtime(moment).hour


def test_proposal_accept_and_decline(case, household, worker, first_interview, follow_up):
    proposal = book(case, first_interview, paris(2026, 12, 2, 10), worker, Party.ASSOCIATION, propose=True)
    assert proposal.status == Status.PROPOSED
    # A proposal holds the worker's time (for another household) and the household's own.
    with pytest.raises(services.SlotTaken):
        book(CaseFactory(programme=case.programme, assigned_worker=worker), follow_up, paris(2026, 12, 2, 10), worker)
    with pytest.raises(services.BookingError, match="Le ménage a déjà un rendez-vous"):
        book(case, follow_up, paris(2026, 12, 2, 10), household)
    accepted = services.accept(proposal, actor=household)
    assert accepted.status == Status.BOOKED
    second = book(case, follow_up, paris(2026, 12, 3, 10), worker, Party.ASSOCIATION, propose=True)
    declined = services.decline(second, actor=household, reason="Je travaille le matin")
    assert declined.status == Status.CANCELLED and declined.cancelled_by_actor == Party.HOUSEHOLD
    assert [e.kind for e in declined.history.all()] == ["proposed", "declined"]


def test_mark_done_or_absent_only_after_the_start(case, household, worker, first_interview, frozen):
    appointment = book(case, first_interview, paris(2026, 12, 2, 10), household)
    with pytest.raises(services.BookingError, match="pas encore eu lieu"):
        services.mark(appointment, Status.DONE, actor=worker)
    frozen.move_to(paris(2026, 12, 2, 11))
    assert services.mark(appointment, Status.HOUSEHOLD_ABSENT, actor=worker).status == Status.HOUSEHOLD_ABSENT
    assert services.mark(appointment, Status.DONE, actor=worker).status == Status.DONE


# ---------------------------------------------------------------- pages


def assert_place_checked(response, place):
    content = response.content.decode()
    tag = content[content.rindex("<input", 0, content.index(f'value="{place}"')) :]
    assert "checked" in tag[: tag.index(">")], tag[:200]


@pytest.fixture
def household_client(client, household):
    client.force_login(household)
    return client


def test_booking_page_lists_slots_and_books(household_client, case):
    url = reverse("appointments:household_book")
    response = household_client.get(url)
    assertContains(response, "Premier entretien")
    assertContains(response, 'value="2026-12-01T09:00:00Z"')  # 10:00 Paris, the first slot 2 h ahead
    response = household_client.post(url, {"place": Place.HOME, "slot": "2026-12-02T17:00:00Z"})
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "appointments:household_detail", args=[appointment.pk]
    )
    assert appointment.place == Place.HOME and timezone_hour(appointment.starts_at) == 18
    page = household_client.get(response["Location"])
    assertContains(page, "À domicile")
    # A second visit to the booking page leads to the existing appointment.
    assert household_client.get(url)["Location"] == response["Location"]


def test_booking_errors_keep_the_choices(household_client, case, worker, first_interview):
    url = reverse("appointments:household_book")
    response = household_client.post(url, {"place": Place.PHONE})
    assertContains(response, "Choisissez un créneau dans la liste.")
    assert_place_checked(response, Place.PHONE)
    # The slot is taken between the page load and the post: the French refusal and the next free slots.
    from tests.appointments.factories import CaseFactory

    other = CaseFactory(programme=case.programme, assigned_worker=worker)
    book(other, first_interview, paris(2026, 12, 2, 18), worker, Party.ASSOCIATION)
    response = household_client.post(url, {"place": Place.PHONE, "slot": "2026-12-02T17:00:00Z"})
    assert response.status_code == 200
    assertContains(response, "Ce créneau vient d&#x27;être pris")
    assertContains(response, "Les prochains créneaux libres")
    assert_place_checked(response, Place.PHONE)


def test_week_navigation_keeps_the_place(household_client, case):
    url = reverse("appointments:household_book")
    response = household_client.post(url, {"place": Place.PHONE, "aller": "2026-12-08"})
    assert response.status_code == 200
    assertContains(response, "Semaine du mardi 8 décembre")
    assert Appointment.objects.count() == 0
    assert_place_checked(response, Place.PHONE)


def test_household_cancel_page(household_client, case, household, first_interview):
    appointment = book(case, first_interview, paris(2026, 12, 4, 10), household)
    url = reverse("appointments:household_cancel", args=[appointment.pk])
    response = household_client.post(url, {"reason": "Imprévu"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED and appointment.cancellation_reason == "Imprévu"


def test_household_sees_only_its_own(household_client, programme, first_interview, worker):
    from tests.appointments.factories import CaseFactory

    other = CaseFactory(programme=programme, assigned_worker=worker)
    appointment = book(other, first_interview, paris(2026, 12, 4, 10), worker, Party.ASSOCIATION)
    assert household_client.get(reverse("appointments:household_detail", args=[appointment.pk])).status_code == 404
    assert household_client.get(reverse("appointments:household_cancel", args=[appointment.pk])).status_code == 404


def test_welcome_and_home_panels(household_client, case):
    welcome = household_client.get(reverse("portal:household_welcome"))
    assertContains(welcome, "Choisir mon premier rendez-vous")
    home = household_client.get(reverse("portal:household_home"))
    assertContains(home, "Mon prochain rendez-vous")
    assertContains(home, "Prendre rendez-vous")


def test_a_meeting_held_establishes_contact_and_the_timeline_knows(case, household, worker, first_interview, frozen):
    from casework import workflow
    from casework.enums import CaseStatus

    workflow.start_contacting(case, worker)
    appointment = book(case, first_interview, paris(2026, 12, 2, 10), household)
    frozen.move_to(paris(2026, 12, 2, 11))
    services.mark(appointment, Status.DONE, actor=worker)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACT_ESTABLISHED and case.household_reached_out_at is not None
    kinds = set(case.timeline.values_list("kind", flat=True))
    assert {"appointment_booked", "appointment_done", "household_reached_out"} <= kinds


def test_a_clash_with_the_households_own_appointment_says_so(case, household, worker, first_interview, follow_up):
    """Another worker is free, but the household is expected elsewhere at that time: said as such."""
    first = book(case, first_interview, paris(2026, 12, 2, 10), household)
    with pytest.raises(services.BookingError) as refused:
        book(case, follow_up, paris(2026, 12, 2, 10, 59), worker, Party.ASSOCIATION)
    assert "Le ménage a déjà un rendez-vous à ce moment-là" in refused.value.message
    assert "mercredi 2 décembre 2026 à 10 h 00" in refused.value.message
    # The minute it ends (11:00), the household is free again; its own appointment never blocks its move.
    book(case, follow_up, paris(2026, 12, 2, 11), worker, Party.ASSOCIATION)
    services.move(first, starts_at=paris(2026, 12, 2, 9), actor=worker, actor_kind=Party.ASSOCIATION)


def test_the_slot_error_disappears_after_next_week(household_client, case):
    url = reverse("appointments:household_book")
    refused = household_client.post(url, {"place": Place.PHONE})
    assertContains(refused, "Choisissez un créneau dans la liste.")
    response = household_client.post(url, {"place": Place.PHONE, "aller": "2026-12-08"})
    assertContains(response, "Semaine du mardi 8 décembre")
    assert "Choisissez un créneau dans la liste." not in response.content.decode()
    assert 'role="alert"' not in response.content.decode() and "field--error" not in response.content.decode()
    assert_place_checked(response, Place.PHONE)


def test_the_booking_page_shows_its_steps_and_the_first_of_the_month(household_client, case):
    text = household_client.get(reverse("appointments:household_book")).content.decode()
    assert "Semaine du mardi 1er décembre au lundi 7 décembre" in text
    assert "Mardi 1er décembre" in text or "mardi 1er décembre" in text
    assert " 1 décembre" not in text
    assert "Étape 1 sur 2" in text and "Étape 2 sur 2" in text
