"""In a real browser: from the letter's code to the first appointment with the keyboard only; axe-core on every page."""

import os
import re
from datetime import time

import pytest

from appointments.enums import Place, Status
from appointments.models import Appointment
from portal.enums import InvitationKind
from portal.models import Invitation
from tests.appointments.factories import CaseFactory, ProgrammeFactory, weekly_windows
from tests.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("APPOINTMENT_SCREENSHOTS")  # a folder: keep screenshots of the booking pages


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def invited_case(association, worker):
    association.address = "5 rue des Carmes, 45000 Orléans"
    association.save()
    programme = ProgrammeFactory(association=association)
    case = CaseFactory(programme=programme, assigned_worker=worker)
    weekly_windows(worker, association, start=time(9), end=time(19))
    invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60, postcode="45000")
    case.invitation = invitation
    case.save(update_fields=["invitation"])
    return case, invitation


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["mobile", "desktop"]
)
def test_household_books_first_appointment_with_keyboard_only(live_server, browser, invited_case, viewport):
    case, invitation = invited_case
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    size = "mobile" if viewport["width"] < 500 else "desktop"

    page.goto(f"{live_server.url}/comptes/invitation/")
    tab_to(page, "input[name=code]")
    page.keyboard.type(invitation.display_code)
    tab_to(page, "input[name=postcode]")
    page.keyboard.type("45000")
    page.keyboard.press("Enter")
    page.wait_for_selector("input[name=password1]")
    tab_to(page, "input[name=first_name]")
    page.keyboard.type("Samia")
    tab_to(page, "input[name=email]")
    page.keyboard.type(f"samia-{size}@exemple.test")
    tab_to(page, "input[name=password1]")
    page.keyboard.type("une phrase facile à retenir")
    tab_to(page, "input[name=password2]")
    page.keyboard.type("une phrase facile à retenir")
    page.keyboard.press("Enter")

    page.wait_for_url("**/espace/bienvenue/")
    assert_accessible(page)
    shoot(page, f"welcome-{size}")
    tab_to(page, "a[href='/espace/rendez-vous/prendre/']")
    page.keyboard.press("Enter")

    page.wait_for_url("**/espace/rendez-vous/prendre/")
    assert_accessible(page)
    shoot(page, f"book-{size}")
    # Submitting without a slot: the error is announced and the place chosen is kept.
    tab_to(page, "input[name=place]")
    page.keyboard.press("ArrowDown")  # second place: à domicile
    tab_to(page, "form.booking button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_selector("#erreur-creneau")
    assert page.is_checked("input[name=place][value=home]")
    assert_accessible(page)
    shoot(page, f"book-error-{size}")

    tab_to(page, "input[name=slot]")
    page.keyboard.press("ArrowRight")  # the second slot of the first day
    chosen = page.evaluate("document.activeElement.value")
    tab_to(page, "form.booking button[type=submit]:not([name])")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/espace/rendez-vous/\d+/$"))
    assert "Votre rendez-vous est confirmé" in page.inner_text("main")
    assert_accessible(page)
    shoot(page, f"detail-{size}")
    appointment = Appointment.objects.get(case=case)
    assert appointment.status == Status.BOOKED and appointment.place == Place.HOME
    assert appointment.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ") == chosen
    case.refresh_from_db()
    assert case.household_reached_out_at is not None

    page.goto(f"{live_server.url}/espace/")
    assert "Mon prochain rendez-vous" in page.inner_text("main")
    assert_accessible(page)
    page.goto(f"{live_server.url}/espace/rendez-vous/{appointment.pk}/annuler/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/espace/rendez-vous/{appointment.pk}/deplacer/")
    assert_accessible(page)
    shoot(page, f"move-{size}")
    context.close()


def signed_in_context(browser, live_server, user, viewport):
    """A browser context carrying the session of a test client signed in with a verified second factor."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import verify_client

    client = verify_client(Client(), user)
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_staff_and_participant_pages_are_accessible(live_server, browser, worker, landlord_referent, association):
    from django.utils import timezone

    from appointments import services
    from appointments.models import AppointmentType
    from portal.enums import Party

    programme = ProgrammeFactory(association=association)
    case = CaseFactory(programme=programme, assigned_worker=worker)
    weekly_windows(worker, association, start=time(9), end=time(19))
    starts = (timezone.localtime() + timezone.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    review = services.book(
        case=case,
        appointment_type=AppointmentType.for_kind("tripartite_review"),
        starts_at=starts,
        place=Place.OFFICE,
        actor=worker,
        actor_kind=Party.ASSOCIATION,
        participants=[(landlord_referent, programme.landlord)],
    )
    for user, paths in (
        (
            worker,
            [
                "/partenaires/rendez-vous/",
                f"/partenaires/rendez-vous/{review.pk}/",
                f"/partenaires/rendez-vous/dossier/{case.pk}/",
                f"/partenaires/rendez-vous/dossier/{case.pk}/nouveau/",
                f"/partenaires/rendez-vous/{review.pk}/deplacer/",
                f"/partenaires/rendez-vous/{review.pk}/annuler/",
                "/partenaires/rendez-vous/disponibilites/",
                "/partenaires/rendez-vous/agenda-prive/",
                "/partenaires/",
            ],
        ),
        (landlord_referent, [f"/partenaires/rendez-vous/{review.pk}/", "/partenaires/rendez-vous/", "/partenaires/"]),
    ):
        context = signed_in_context(browser, live_server, user, {"width": 1280, "height": 900})
        page = context.new_page()
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.url.endswith(path), page.url
            assert_accessible(page)
            shoot(page, f"staff{path.replace('/', '-')}{user.pk}")
        context.close()
