"""The household's appointment page: who will be there, what it is for, where, and « Ajouter à mon agenda »."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from appointments import services
from appointments.enums import AppointmentKind, Place, Status
from appointments.models import Appointment, AppointmentType
from casework import workflow
from casework.enums import CaseStatus, Outcome
from portal.enums import OrganisationKind, Party
from tests.appointments.conftest import paris
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def make(case, worker, kind, place=Place.OFFICE, day=3, status=Status.BOOKED, **extra):
    starts_at = paris(2026, 12, day, 10)
    return Appointment.objects.create(
        case=case,
        association=case.programme.association,
        worker=worker,
        type=AppointmentType.for_kind(kind),
        place=place,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        status=status,
        **extra,
    )


def page(client, appointment):
    return html.unescape(client.get(reverse("appointments:household_detail", args=[appointment.pk])).content.decode())


@pytest.fixture
def signed_in(client, household):
    client.force_login(household)
    return client


def test_a_tripartite_review_says_who_and_what_for(frozen, case, worker, signed_in):
    text = page(signed_in, make(case, worker, AppointmentKind.TRIPARTITE_REVIEW))
    assert "avec l'association et votre bailleur" in text.lower()
    assert "l'association, votre bailleur et vous faites le point" in text
    assert "Ajouter à mon agenda" in text


def test_a_joint_interview_names_the_partner_and_its_address(frozen, case, worker, signed_in):
    partner = OrganisationFactory(
        kind=OrganisationKind.PARTNER, name="Service ASLL du Loiret", address="15 rue Eugène Vignat, 45000 Orléans"
    )
    text = page(signed_in, make(case, worker, AppointmentKind.JOINT_HANDOVER, place=Place.PARTNER, partner=partner))
    assert "Avec l'association et Service ASLL du Loiret (15 rue Eugène Vignat, 45000 Orléans)" in text
    assert "passage de relais : l'association vous présente le service" in text


def test_a_home_visit_recalls_the_households_address_once_confirmed(frozen, case, worker, signed_in, household):
    tenancy = case.referral.tenancy
    appointment = make(case, worker, AppointmentKind.FOLLOW_UP, place=Place.HOME)
    assert f"À domicile, chez vous : {tenancy.address}, {tenancy.postcode} {tenancy.commune}" in page(
        signed_in, appointment
    )
    household.identity_confirmed_at = None
    household.save()
    text = page(signed_in, appointment)
    assert tenancy.address not in text and "À domicile" in text


def test_add_to_my_calendar_downloads_a_discreet_event(frozen, case, worker, signed_in):
    appointment = make(case, worker, AppointmentKind.TRIPARTITE_REVIEW)
    response = signed_in.get(reverse("appointments:household_ics", args=[appointment.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar.get("method") is None  # a download, not an invitation to answer
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == appointment.starts_at
    assert str(event["summary"]) == "Rendez-vous avec l'association"
    assert "bailleur" not in response.content.decode().lower()  # the wording of every notification: discreet


def test_a_cancelled_appointment_offers_no_calendar_file(frozen, case, worker, signed_in):
    appointment = make(case, worker, AppointmentKind.FOLLOW_UP, status=Status.CANCELLED)
    assert "Ajouter à mon agenda" not in page(signed_in, appointment)
    assert signed_in.get(reverse("appointments:household_ics", args=[appointment.pk])).status_code == 404


def close(case):
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "closed_at"])


def test_after_closure_the_home_page_says_so_and_whom_to_contact(frozen, case, signed_in):
    association = case.programme.association
    association.phone = "02 38 00 00 01"
    association.save()
    close(case)
    text = html.unescape(signed_in.get(reverse("portal:household_home")).content.decode())
    assert "Votre accompagnement est terminé" in text
    assert "02 38 00 00 01" in text and str(association) in text
    assert reverse("appointments:household_book") not in text  # no « Prendre rendez-vous » left to follow


def test_booking_on_a_closed_case_explains_instead_of_a_404(frozen, case, signed_in):
    close(case)
    response = signed_in.get(reverse("appointments:household_book"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Votre accompagnement est terminé" in text and str(case.programme.association) in text


def test_an_open_case_shows_no_closure_banner(frozen, case, signed_in):
    assert "Votre accompagnement est terminé" not in signed_in.get(reverse("portal:household_home")).content.decode()


def test_a_cancelled_appointment_cannot_be_moved(frozen, case, worker, signed_in):
    appointment = make(case, worker, AppointmentKind.FOLLOW_UP, status=Status.CANCELLED)
    url = reverse("appointments:household_move", args=[appointment.pk])
    response = signed_in.post(url, {"slot": "2026-12-04T10:00"}, follow=True)
    assert "ne peut pas être déplacé" in html.unescape(response.content.decode())
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED and appointment.starts_at == paris(2026, 12, 3, 10)
    assert "Déplacer" not in page(signed_in, appointment)


def test_after_closure_a_cancelled_appointment_cannot_be_moved_and_no_page_offers_booking(
    frozen, case, worker, household, signed_in
):
    appointment = make(case, worker, AppointmentKind.FOLLOW_UP)
    workflow.close(case, worker, Outcome.DEBT_CLEARED)
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED  # the closure's cascade
    move_url = reverse("appointments:household_move", args=[appointment.pk])
    assert "ne peut pas être déplacé" in html.unescape(signed_in.get(move_url, follow=True).content.decode())
    signed_in.post(move_url, {"place": Place.OFFICE, "slot": "2026-12-04T09:00:00Z"})
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED and appointment.starts_at == paris(2026, 12, 3, 10)
    with pytest.raises(services.BookingError):
        services.move(appointment, starts_at=paris(2026, 12, 4, 10), actor=household, actor_kind=Party.HOUSEHOLD)
    book_url = reverse("appointments:household_book")
    for url in (
        reverse("portal:household_home"),
        reverse("appointments:household_list"),
        reverse("appointments:household_detail", args=[appointment.pk]),
    ):
        text = signed_in.get(url).content.decode()
        assert book_url not in text and reverse("appointments:household_move", args=[appointment.pk]) not in text
    closed = html.unescape(signed_in.get(book_url).content.decode())
    assert "Votre accompagnement est terminé" in closed
