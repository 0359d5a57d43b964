"""Staff pages: agenda, booking or proposing for a case with participants, participants' view, availability."""

from datetime import time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from appointments import services
from appointments.enums import Place, Status
from appointments.models import Appointment, AppointmentType, AvailabilityWindow
from portal.enums import OrganisationKind, Party, Role
from tests.appointments.conftest import paris
from tests.appointments.factories import CaseFactory
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def review_type(db):
    return AppointmentType.for_kind("tripartite_review")


@pytest.fixture
def review(case, worker, landlord_referent, review_type):
    appointment = services.book(
        case=case,
        appointment_type=review_type,
        starts_at=paris(2026, 12, 4, 10),
        place=Place.OFFICE,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        participants=[(landlord_referent, case.programme.landlord)],
    )
    services.record(appointment, "note", worker, Party.ASSOCIATION, reason="Motif confidentiel du ménage")
    return appointment


def test_worker_books_a_review_with_the_landlord_referent(
    verified_client, case, worker, landlord_referent, review_type
):
    client = verified_client(worker)
    url = reverse("appointments:staff_new", args=[case.pk])
    page = client.get(url)
    assertContains(page, landlord_referent.get_full_name())
    data = {
        "type": review_type.pk,
        "worker": worker.pk,
        "date": "2026-12-04",
        "time": "10:00",
        "place": Place.OFFICE,
        "participants": [landlord_referent.pk],
        "mode": "book",
    }
    response = client.post(url, data)
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert appointment.status == Status.BOOKED and list(appointment.participants.values_list("user", flat=True)) == [
        landlord_referent.pk
    ]
    # Same slot again, as a proposal: refused in French, every choice kept, next free slots offered.
    data["mode"] = "propose"
    response = client.post(url, data)
    assertContains(response, "Ce créneau vient d&#x27;être pris")
    assertContains(response, "Prochains créneaux libres")
    assertContains(response, 'value="2026-12-04"')
    assertContains(response, 'value="propose" required id="id_mode_1" checked', html=False)


def test_bad_staff_input_is_refused_next_to_the_field(verified_client, case, worker, review_type):
    client = verified_client(worker)
    url = reverse("appointments:staff_new", args=[case.pk])
    response = client.post(
        url,
        {
            "type": review_type.pk,
            "worker": worker.pk,
            "date": "2026-12-04",
            "time": "22:00",
            "place": Place.HOME,
            "mode": "book",
        },
    )
    assertContains(response, "Ce lieu n&#x27;est pas possible")
    response = client.post(
        url,
        {
            "type": review_type.pk,
            "worker": worker.pk,
            "date": "2026-12-04",
            "time": "22:00",
            "place": Place.OFFICE,
            "mode": "book",
        },
    )
    assertContains(response, "en dehors des horaires de disponibilité")
    assertContains(response, 'value="22:00"')
    assert not Appointment.objects.exists()


def test_participant_sees_date_time_place_only(verified_client, review, landlord_referent):
    client = verified_client(landlord_referent)
    page = client.get(reverse("appointments:staff_detail", args=[review.pk]))
    assertContains(page, "Bilan tripartite")
    assertContains(page, "vendredi 4 décembre 2026")
    for secret in ("Motif confidentiel", "Dupontel", "Ménage Test", "rue des Tests", "Historique", "Dossier"):
        assertNotContains(page, secret)
    assert client.get(reverse("appointments:staff_move", args=[review.pk])).status_code == 404
    assert client.post(reverse("appointments:staff_mark", args=[review.pk]), {"status": "done"}).status_code == 404
    assert client.get(reverse("appointments:staff_case", args=[review.case_id])).status_code == 404
    home = client.get(reverse("portal:partner_home"))
    assertContains(home, "Rendez-vous auxquels vous participez")


def test_other_landlord_referent_and_other_association_get_404(verified_client, review, case, first_interview):
    other_referent = MembershipFactory(organisation=case.programme.landlord, role=Role.LANDLORD_REFERENT).user
    other_association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Autre association")
    outsider = MembershipFactory(organisation=other_association, role=Role.WORKER).user
    for user in (other_referent, outsider):
        client = verified_client(user)
        assert client.get(reverse("appointments:staff_detail", args=[review.pk])).status_code == 404
        assert client.get(reverse("appointments:staff_new", args=[case.pk])).status_code == 404
        client.logout()


def test_staff_agenda_query_count(verified_client, case, worker, first_interview, review, django_assert_num_queries):
    for day in (7, 8, 9, 10):
        other = CaseFactory(programme=case.programme, assigned_worker=worker)
        services.book(
            case=other,
            appointment_type=first_interview,
            starts_at=paris(2026, 12, day, 10),
            place=Place.PHONE,
            actor=worker,
            actor_kind=Party.ASSOCIATION,
        )
    client = verified_client(worker)
    url = reverse("appointments:staff_agenda") + "?vue=equipe"
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["appointments"]) == 5


def test_worker_marks_and_sees_history(verified_client, case, worker, household, first_interview, frozen):
    appointment = services.book(
        case=case,
        appointment_type=first_interview,
        starts_at=paris(2026, 12, 2, 10),
        place=Place.OFFICE,
        actor=household,
        actor_kind=Party.HOUSEHOLD,
    )
    frozen.move_to(paris(2026, 12, 2, 12))
    client = verified_client(worker)
    client.post(reverse("appointments:staff_mark", args=[appointment.pk]), {"status": "household_absent"})
    page = client.get(reverse("appointments:staff_detail", args=[appointment.pk]))
    assertContains(page, "Ménage absent")
    assertContains(page, "Rendez-vous pris (le ménage")


def test_staff_move_and_cancel_pages(verified_client, review, worker):
    client = verified_client(worker)
    response = client.post(
        reverse("appointments:staff_move", args=[review.pk]),
        {"date": "2026-12-05", "time": "09:30", "place": Place.OFFICE, "reason": ""},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.starts_at == paris(2026, 12, 5, 9, 30)
    client.post(reverse("appointments:staff_cancel", args=[review.pk]), {"reason": "Report demandé par le bailleur"})
    review.refresh_from_db()
    assert review.status == Status.CANCELLED and review.cancelled_by == worker


def test_availability_page(verified_client, worker, association):
    client = verified_client(worker)
    url = reverse("appointments:availability")
    response = client.post(
        url, {"form": "window", "window-weekday": 5, "window-start_time": "12:00", "window-end_time": "09:00"}
    )
    assertContains(response, "L&#x27;heure de fin doit suivre l&#x27;heure de début.")
    assertContains(response, 'value="12:00"')
    response = client.post(
        url, {"form": "window", "window-weekday": 5, "window-start_time": "09:00", "window-end_time": "12:00"}
    )
    assert response.status_code == 302
    window = AvailabilityWindow.objects.get()
    assert (window.weekday, window.start_time, window.association) == (5, time(9), association)
    client.post(
        url,
        {
            "form": "absence",
            "absence-start_date": "2026-12-21",
            "absence-end_date": "2026-12-24",
            "absence-label": "Congés",
        },
    )
    client.post(
        url,
        {
            "form": "exception",
            "exception-date": "2026-12-05",
            "exception-kind": "closed",
            "exception-start_time": "09:00",
            "exception-end_time": "10:00",
        },
    )
    page = client.get(url)
    assertContains(page, "Samedi de 9h00 à 12h00")
    assertContains(page, "Congés")
    client.post(url, {"supprimer": f"window:{window.pk}"})
    assert not AvailabilityWindow.objects.exists()


def test_coordinator_edits_a_colleague_worker_cannot(verified_client, worker, coordinator, association):
    assert (
        verified_client(coordinator).get(reverse("appointments:availability") + f"?personne={worker.pk}").status_code
        == 200
    )
    assert (
        verified_client(worker).get(reverse("appointments:availability") + f"?personne={coordinator.pk}").status_code
        == 404
    )


def test_review_date_and_place_come_from_its_appointment(case, worker, review_type):
    from casework.models import TripartiteReview

    review = TripartiteReview.objects.create(case=case)
    assert review.appointment is None and review.scheduled_at is None and review.place_line == ""
    appointment = services.book(
        case=case,
        appointment_type=review_type,
        starts_at=paris(2026, 12, 4, 10),
        place=Place.OFFICE,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        review=review,
    )
    review.refresh_from_db()
    assert review.appointment == appointment
    assert review.scheduled_at == paris(2026, 12, 4, 10) and review.place_line.startswith("À l'association")
    services.move(appointment, starts_at=paris(2026, 12, 5, 9), actor=worker, actor_kind=Party.ASSOCIATION)
    review.refresh_from_db()
    assert review.scheduled_at == paris(2026, 12, 5, 9)
    with pytest.raises(services.BookingError, match="déjà un rendez-vous"):
        services.book(
            case=case,
            appointment_type=review_type,
            starts_at=paris(2026, 12, 7, 10),
            place=Place.OFFICE,
            actor=worker,
            actor_kind=Party.ASSOCIATION,
            review=review,
        )


def test_joint_handover_needs_the_household_consent(case, worker):
    from casework.models import Handover

    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service ASLL test", address="15 rue Vignat")
    handover = Handover.objects.create(case=case, partner=partner, joint_interview=True)
    joint = AppointmentType.for_kind("joint_handover")
    values = dict(
        case=case,
        appointment_type=joint,
        starts_at=paris(2026, 12, 4, 10),
        place=Place.PARTNER,
        partner=partner,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        handover=handover,
    )
    with pytest.raises(services.BookingError, match="accord"):
        services.book(**values)
    handover.consent_given_at = paris(2026, 11, 30, 10)
    handover.save()
    appointment = services.book(**values)
    handover.refresh_from_db()
    assert handover.scheduled_at == appointment.starts_at and "15 rue Vignat" in handover.place_line
