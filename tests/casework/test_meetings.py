"""A tripartite review's and a joint interview's date and place are their appointment's: one source, read
everywhere (review page, landlord's pages, minutes PDF, partner's page), booked and moved from the review's page."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from appointments import services
from appointments.enums import AppointmentKind, Place, Status
from appointments.models import Appointment, AppointmentType
from casework.enums import ReviewStatus
from casework.forms import HandoverForm, ReviewForm
from casework.models import Handover, TripartiteReview
from portal.enums import OrganisationKind, Party, Role
from portal.models import AuditEvent
from tests.appointments.factories import weekly_windows
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_plans_and_pdfs import pdf_text
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def local(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def case(association, landlord, worker, landlord_referent):
    association.address = "5 rue des Carmes, Orléans"
    association.save()
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord),
        assigned_worker=worker,
        referral__referred_by=landlord_referent,
    )
    weekly_windows(worker, association)
    return case


@pytest.fixture
def review(case):
    review = TripartiteReview.objects.create(case=case, status=ReviewStatus.VALIDATED, next_steps="Bilan suivant")
    review.set_participants()
    return review


def book(review, worker, starts_at):
    return services.book(
        case=review.case,
        appointment_type=AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW),
        starts_at=starts_at,
        place=Place.OFFICE,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        review=review,
    )


def signed_in(user):
    return verify_client(Client(), user)


def test_review_and_handover_keep_no_date_or_place_of_their_own():
    columns = {f.name for f in TripartiteReview._meta.concrete_fields} | {
        f"handover.{f.name}" for f in Handover._meta.concrete_fields
    }
    assert not columns & {"scheduled_at", "place", "handover.joint_interview_at", "handover.joint_interview_place"}
    with pytest.raises(FieldError):
        list(TripartiteReview.objects.filter(scheduled_at__isnull=False))
    assert not {"scheduled_at", "place"} & set(ReviewForm.base_fields)
    assert not {"joint_interview_at", "joint_interview_place"} & set(HandoverForm.base_fields)


def test_moving_the_appointment_moves_the_review_everywhere(review, worker, landlord_referent):
    appointment = book(review, worker, local(3, 10))
    staff, landlord = signed_in(worker), signed_in(landlord_referent)
    review_page = reverse("casework:review_edit", args=[review.case_id, review.pk])
    landlord_page = reverse("casework:landlord_review", args=[review.pk])
    landlord_case = reverse("casework:landlord_case", args=[review.case_id])
    pdf = reverse("casework:review_pdf", args=[review.case_id, review.pk])

    def shown(moment):
        short, long = f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}", f"{timezone.localtime(moment):%H:%M}"
        assertContains(staff.get(review_page), f"Bilan du {short}")
        assertContains(landlord.get(landlord_page), f"Bilan du {short}")
        assertContains(landlord.get(landlord_case), short)
        _, text = pdf_text(staff.get(pdf))
        assert long in text and "5 rue des Carmes" in text

    shown(local(3, 10))
    assertContains(landlord.get(landlord_page), "À l&#x27;association — 5 rue des Carmes, Orléans")
    services.move(appointment, starts_at=local(4, 14), actor=worker, actor_kind=Party.ASSOCIATION)
    shown(local(4, 14))
    assertNotContains(landlord.get(landlord_page), f"{timezone.localtime(local(3, 10)):%d/%m/%Y à %H:%M}")


def test_review_page_offers_to_plan_then_to_move(review, worker):
    staff = signed_in(worker)
    page = reverse("casework:review_edit", args=[review.case_id, review.pk])
    booking = reverse("appointments:staff_new", args=[review.case_id]) + f"?bilan={review.pk}"
    response = staff.get(page)
    assertContains(response, "Bilan tripartite (date à fixer)")
    assertContains(response, f'href="{booking}">Planifier le rendez-vous</a>', html=False)
    appointment = book(review, worker, local(3, 10))
    response = staff.get(page)
    assertContains(response, reverse("appointments:staff_move", args=[appointment.pk]))
    assertContains(response, "Déplacer")
    assertNotContains(response, "Planifier le rendez-vous")


def test_a_new_review_leads_straight_to_its_booking_then_back(case, worker, landlord_referent):
    staff = signed_in(worker)
    response = staff.post(
        reverse("casework:review_new", args=[case.pk]),
        {"next_steps": "Point sur le FSL", "participants_landlord": "on", "participants_household": "on"},
    )
    review = TripartiteReview.objects.get()
    booking = reverse("appointments:staff_new", args=[case.pk]) + f"?bilan={review.pk}"
    assertRedirects(response, booking, fetch_redirect_response=False)
    form = staff.get(booking).context["form"]
    review_type = AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW)
    assert form.initial["review"] == review.pk and form.initial["type"] == review_type.pk
    assert form.initial["participants"] == [landlord_referent.pk]  # the referent who referred the household
    response = staff.post(
        booking,
        {
            "type": review_type.pk,
            "worker": worker.pk,
            "date": f"{local(3, 10):%Y-%m-%d}",
            "time": "10:00",
            "place": Place.OFFICE,
            "review": review.pk,
            "participants": [landlord_referent.pk],
            "mode": "book",
        },
    )
    assertRedirects(response, reverse("casework:review_edit", args=[case.pk, review.pk]), fetch_redirect_response=False)
    assert review.appointment.starts_at == local(3, 10)
    # Once booked, the review is no longer offered for a new appointment: it is moved instead.
    assert "review" not in staff.get(reverse("appointments:staff_new", args=[case.pk])).context["form"].fields


def test_booking_a_review_appointment_without_a_review_creates_its_draft(case, worker):
    staff = signed_in(worker)
    review_type = AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW)
    data = {
        "type": review_type.pk,
        "worker": worker.pk,
        "date": f"{local(3, 10):%Y-%m-%d}",
        "time": "07:00",  # before the worker's hours: refused, nothing created, everything typed kept
        "place": Place.OFFICE,
        "mode": "book",
    }
    url = reverse("appointments:staff_new", args=[case.pk])
    response = staff.post(url, data)
    assertContains(response, "en dehors des horaires de disponibilité")
    assertContains(response, 'value="07:00"')
    assert not TripartiteReview.objects.exists() and not Appointment.objects.exists()
    data["time"] = "10:00"
    response = staff.post(url, data)
    review = TripartiteReview.objects.get()
    appointment = Appointment.objects.get()
    assertRedirects(
        response, reverse("appointments:staff_detail", args=[appointment.pk]), fetch_redirect_response=False
    )
    assert appointment.review == review and review.status == ReviewStatus.DRAFT and review.created_by == worker
    assert set(review.participants.values_list("kind", flat=True)) == {
        Party.ASSOCIATION,
        Party.LANDLORD,
        Party.HOUSEHOLD,
    }
    assert AuditEvent.objects.filter(action="review.created").count() == 1
    assertContains(staff.get(response.url), reverse("casework:review_edit", args=[case.pk, review.pk]))


def test_joint_interview_is_planned_from_the_handover_and_read_by_the_partner(case, worker):
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, address="15 rue Vignat, Orléans")
    contact = MembershipFactory(organisation=partner, role=Role.PARTNER_CONTACT).user
    handover = Handover.objects.create(case=case, partner=partner, joint_interview=True)
    staff = signed_in(worker)
    page = reverse("casework:handover_edit", args=[case.pk, handover.pk])
    assertContains(staff.get(page), "Le rendez-vous se planifie une fois")
    handover.consent_given_at = timezone.now()
    handover.save()
    booking = reverse("appointments:staff_new", args=[case.pk]) + f"?relais={handover.pk}"
    assertContains(staff.get(page), booking)
    form = staff.get(booking).context["form"]
    assert form.initial["handover"] == handover.pk and form.initial["place"] == Place.PARTNER
    assert form.initial["partner"] == partner.pk and form.initial["participants"] == [contact.pk]
    response = staff.post(
        booking,
        {
            "type": AppointmentType.for_kind(AppointmentKind.JOINT_HANDOVER).pk,
            "worker": worker.pk,
            "date": f"{local(5, 10):%Y-%m-%d}",
            "time": "15:00",
            "place": Place.PARTNER,
            "partner": partner.pk,
            "handover": handover.pk,
            "participants": [contact.pk],
            "mode": "book",
        },
    )
    assertRedirects(response, page, fetch_redirect_response=False)
    appointment = Appointment.objects.get(handover=handover)
    assert appointment.status == Status.BOOKED
    shown = f"{timezone.localtime(local(5, 15)):%d/%m/%Y à %H:%M}, Dans les locaux d&#x27;un partenaire — 15 rue Vignat"
    assertContains(signed_in(contact).get(reverse("casework:partner_handover", args=[handover.pk])), shown)


def test_case_page_lists_reviews_with_their_dates_in_a_fixed_number_of_queries(case, worker, django_assert_num_queries):
    staff = signed_in(worker)
    url = reverse("casework:case_detail", args=[case.pk])

    def add_reviews(count, first_day):
        for day in range(first_day, first_day + count):
            review = TripartiteReview.objects.create(case=case)
            review.set_participants()
            book(review, worker, local(day, 10))

    add_reviews(1, 2)
    staff.get(url)
    with CaptureQueriesContext(connection) as one:
        staff.get(url)
    add_reviews(4, 3)
    with django_assert_num_queries(len(one)):
        response = staff.get(url)
    assert response.content.decode().count("Bilan du ") == 5
