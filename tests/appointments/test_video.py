"""Video appointments (appointments.video): a room per appointment on the configured service, reached only
through the portal's link, for the appointment's people only; no service, no video place anywhere."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from appointments import services, wording
from appointments.enums import Place
from appointments.models import Appointment
from casework.services import issue_letter_code
from portal.enums import Party
from tests.appointments.conftest import paris
from tests.appointments.factories import CaseFactory
from tests.conftest import verify_client

ROOMS = "https://visio.example.org"


def signed_in(user):
    client = Client()
    verify_client(client, user)
    return client


@pytest.fixture
def video_service(settings):
    settings.PORTAL_VIDEO_BASE_URL = ROOMS


def book_video(case, first_interview, worker):
    return services.book(
        case=case,
        appointment_type=first_interview,
        starts_at=paris(2026, 12, 3, 10, 0),
        place=Place.VIDEO,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
    )


def test_without_a_service_the_video_place_is_offered_nowhere(settings, first_interview, case, worker, frozen):
    settings.PORTAL_VIDEO_BASE_URL = ""
    assert Place.VIDEO not in first_interview.offered_places
    assert Place.VIDEO not in dict(first_interview.place_choices())
    with pytest.raises(services.BookingError, match="Ce lieu n'est pas possible"):
        book_video(case, first_interview, worker)
    settings.PORTAL_VIDEO_BASE_URL = ROOMS
    assert Place.VIDEO in dict(first_interview.place_choices())


def test_each_video_appointment_has_its_own_unguessable_room(video_service, first_interview, case, worker, frozen):
    first = book_video(case, first_interview, worker)
    assert len(first.video_room) >= 32
    services.cancel(first, actor=worker, actor_kind=Party.ASSOCIATION)
    second = book_video(case, first_interview, worker)
    assert second.video_room and second.video_room != first.video_room


def test_reminders_carry_the_portal_link_never_the_room(video_service, first_interview, case, worker, frozen):
    appointment = book_video(case, first_interview, worker)
    text = wording.place_text(appointment)
    assert f"/rendez-vous/{appointment.pk}/video/" in text
    assert appointment.video_room not in text and ROOMS not in text


def test_the_link_redirects_the_household_and_the_worker_and_404s_for_others(
    video_service, first_interview, case, worker, household, frozen, landlord_referent
):
    appointment = book_video(case, first_interview, worker)
    url = f"/rendez-vous/{appointment.pk}/video/"
    room = f"{ROOMS}/{appointment.video_room}"
    household_page = signed_in(household)
    response = household_page.get(url)
    assert (response.status_code, response["Location"]) == (302, room)
    assert signed_in(worker).get(url)["Location"] == room
    assert signed_in(landlord_referent).get(url).status_code == 404
    services.cancel(appointment, actor=worker, actor_kind=Party.ASSOCIATION)
    assert household_page.get(url).status_code == 404  # cancelled: no room any more


def test_anonymous_visitors_sign_in_first(video_service, first_interview, case, worker, client, frozen):
    appointment = book_video(case, first_interview, worker)
    response = client.get(f"/rendez-vous/{appointment.pk}/video/")
    assert response.status_code == 302 and appointment.video_room not in response["Location"]
    assert "/comptes/login/" in response["Location"]


def code_holder(case):
    """A session that typed the case's letter code and postcode (the code's page), signed in nowhere yet."""
    invitation = issue_letter_code(case)
    client = Client()
    response = client.post(
        "/comptes/invitation/", {"code": invitation.plain_code, "postcode": invitation.postcode}, follow=False
    )
    assert response.status_code == 302
    return client


def test_the_letters_code_holder_reaches_its_cases_room_only(
    video_service, programme, first_interview, case, worker, frozen
):
    appointment = book_video(case, first_interview, worker)
    url = f"/rendez-vous/{appointment.pk}/video/"
    holder = code_holder(case)
    response = holder.get(url)
    assert (response.status_code, response["Location"]) == (302, f"{ROOMS}/{appointment.video_room}")
    other_case = CaseFactory(programme=programme, assigned_worker=worker)
    assert code_holder(other_case).get(url).status_code == 404  # another letter's code: not this room
    services.cancel(appointment, actor=worker, actor_kind=Party.ASSOCIATION)
    assert holder.get(url).status_code == 404


def test_the_demo_holds_one_video_appointment_only_with_a_service(settings, db):
    settings.PORTAL_VIDEO_BASE_URL = ""
    call_command("load_demo", stdout=io.StringIO())
    assert not Appointment.objects.filter(place=Place.VIDEO).exists()  # no service: none offered, none shown
    settings.PORTAL_VIDEO_BASE_URL = ROOMS
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    [appointment] = Appointment.objects.filter(place=Place.VIDEO)
    assert appointment.joinable_by_video and appointment.video_url.endswith(f"/rendez-vous/{appointment.pk}/video/")
