"""The association's case page as a hub, in Chromium at 1366 px (issue 18): the household's name, its status, the
days left on the contact clock, the next appointment, the unread messages and the links as the worker sees them;
the way back from the conversation; axe-core finds nothing, at 1366 and at 390 px."""

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from appointments.enums import AppointmentKind, Place
from appointments.models import Appointment, AppointmentType
from casework import services
from messaging.services import post_message
from portal import formats
from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.conftest import verify_client
from tests.messaging.factories import conversation_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# A folder: keep the screenshots of the case page (CASE_HUB_SCREENSHOTS=var/screens).
SCREENSHOTS = os.environ.get("CASE_HUB_SCREENSHOTS")


def signed_in_page(browser, live_server, user, viewport):
    client = verify_client(Client(), user)
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def shoot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def hub_case(association, landlord, worker, coordinator, household_user):
    """A case whose clock runs (5 days left), with a letter's code, an appointment in two days and two messages of
    another worker not yet read by `worker`."""
    programme = ProgrammeFactory(association=association, landlord=landlord)
    case = CaseFactory(
        programme=programme,
        contacting=True,
        deadline=timezone.localdate() + timedelta(days=5),
        referral__tenancy__household__display_name="Famille Benali",
    )
    HouseholdMemberFactory(household=case.household, user=household_user, first_name="Samira", last_name="Benali")
    services.issue_letter_code(case, worker)
    follow_up = AppointmentType.for_kind(AppointmentKind.FOLLOW_UP)
    starts_at = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), time(10)))
    appointment = Appointment.objects.create(
        case=case,
        association=association,
        worker=worker,
        type=follow_up,
        place=Place.OFFICE,
        starts_at=starts_at,
        ends_at=starts_at + follow_up.duration,
    )
    conversation = conversation_of(case)
    # Stored as a view stores them; not published (Playwright's event loop runs in this thread, see tests/conftest.py).
    post_message(conversation, coordinator, "J'ai laissé un message au ménage ce matin.", "hub-1")
    post_message(conversation, coordinator, "Il rappelle jeudi.", "hub-2")
    case.refresh_from_db()
    return case, appointment, conversation


def test_the_case_page_is_a_hub(live_server, browser, hub_case, worker):
    case, appointment, conversation = hub_case
    url = f"{live_server.url}/partenaires/dossiers/{case.pk}/"
    page = signed_in_page(browser, live_server, worker, WIDE)
    page.goto(url)

    assert page.locator("h1").inner_text() == "Famille Benali"
    assert page.locator("#fait-statut dd").inner_text() == "Prise de contact en cours"
    assert "5 jours restants" in page.locator("#fait-delai dd").inner_text()
    when = formats.in_words(timezone.localtime(appointment.starts_at), "l j F à G\\hi")
    next_appointment = page.locator("#fait-rendez-vous dd")
    assert (
        next_appointment.get_by_role("link", name=when)
        .get_attribute("href")
        .endswith(f"/partenaires/rendez-vous/{appointment.pk}/")
    )
    unread = page.locator("#fait-messages dd").get_by_role("link")
    assert unread.inner_text() == "2 messages non lus"
    assert unread.get_attribute("href") == f"/partenaires/messages/{conversation.pk}/"
    assert "non attribué" in page.locator("#fait-intervenant dd").inner_text()
    assert page.locator("#fait-intervenant").get_by_role("button", name="M'attribuer").is_visible()

    links = page.get_by_role("navigation", name="Ce qui concerne le dossier")
    assert links.get_by_role("link", name="Conversation avec le ménage").is_visible()
    assert links.get_by_text("2 non lus").is_visible()
    assert (
        links.get_by_role("link", name="Rendez-vous du dossier")
        .get_attribute("href")
        .endswith(f"/partenaires/rendez-vous/dossier/{case.pk}/")
    )
    assert (
        next_appointment.get_by_role("link", name="Fixer un rendez-vous")
        .get_attribute("href")
        .endswith(f"/partenaires/rendez-vous/dossier/{case.pk}/nouveau/")
    )
    assert links.get_by_role("link", name="Courrier (PDF)").is_visible()
    assert links.get_by_text(case.invitation.display_code).is_visible()

    # Work is due on the contact (the clock runs): that section is open, the notes are folded to their line.
    assert page.locator("#contact > details").get_attribute("open") is not None
    assert page.get_by_role("button", name="Enregistrer la tentative").is_visible()
    assert page.locator("#notes > details").get_attribute("open") is None
    page.get_by_role("link", name="Notes", exact=True).click()  # a link to a folded section opens it
    assert page.locator("#notes > details").get_attribute("open") is not None
    page.goto(url)
    assert_accessible(page, best_practices=True)
    shoot(page, "case-hub-1366")

    # « M'attribuer »: the case is the worker's, the button gone.
    page.locator("#fait-intervenant").get_by_role("button", name="M'attribuer").click()
    page.wait_for_url(url)
    assert page.locator("#fait-intervenant dd").inner_text() == str(worker)
    assert page.get_by_role("button", name="M'attribuer").count() == 0

    # From the conversation, the breadcrumbs lead back to the case page.
    page.locator("#fait-messages dd").get_by_role("link").click()
    page.wait_for_url(f"**/partenaires/messages/{conversation.pk}/")
    trail = page.get_by_role("navigation", name="Fil d'Ariane")
    trail.get_by_role("link", name="Famille Benali").click()
    page.wait_for_url(url)
    assert page.locator("#fait-messages dd").inner_text() == "0 message non lu"  # read since

    phone = signed_in_page(browser, live_server, worker, PHONE)
    phone.goto(url)
    assert phone.locator("h1").inner_text() == "Famille Benali"
    assert_accessible(phone, best_practices=True)
    shoot(phone, "case-hub-390")
