"""The household's journey on a phone (issue 19): at 390 px each step asserts what the household sees — the
postcode asked on the letter's page, booking with its steps, the requests on its home page, who will be at an
appointment, the minutes as PDF with the association's answer, the grouped access log, its messages, the closure
banner — with axe (WCAG 2.2 AA and best practices) on every page and every error state; at 320 px « Mes données »,
booking and messages never scroll sideways."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from appointments.enums import Status
from casework import reviews, workflow
from casework.enums import Outcome, ReviewStatus
from casework.models import Handover, HouseholdMember, TripartiteReview
from messaging import services as messaging
from messaging.enums import ConversationKind
from messaging.models import Conversation
from portal.enums import OrganisationKind
from portal.models import AuditEvent
from tests.appointments.factories import weekly_windows
from tests.axe import assert_accessible
from tests.casework.factories import CaseFactory, ProgrammeFactory, meeting_appointment
from tests.portal.factories import OrganisationFactory, UserFactory
from tests.portal.test_browser_mobile import PHONE, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NARROW = {"width": 320, "height": 640}


def no_sideways_scroll(page):
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        wide = page.evaluate(
            """w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)
                .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            width[1],
        )
        pytest.fail(f"{page.url} : {width[0]} px de large pour {width[1]} px d'écran : {wide}")


def checked(page, name):
    """Axe, strict, on what the household sees now; a screenshot when MOBILE_SCREENSHOTS is set."""
    assert_accessible(page, best_practices=True)
    shoot(page, name)


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.fixture
def journey(association, landlord, worker):
    worker.first_name, worker.last_name = "Karim", "Benali"
    worker.save()
    association.phone = "02 38 00 00 01"
    association.save()
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord), in_support=True, assigned_worker=worker
    )
    weekly_windows(worker, association)
    user = UserFactory(confirmed=True)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="Samia", last_name="B")
    return case, user, worker


def _requests(case, worker, user):
    """What the association asks of the household: a consent, a proposed review, minutes to read; and minutes
    validated after the household's comment, answered, with a section rewritten since."""
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service ASLL du Loiret")
    Handover.objects.create(case=case, partner=partner, note="Reprendre le budget ensemble")
    past = timezone.now() - timedelta(days=3)
    validated = TripartiteReview.objects.create(
        case=case, debt_and_plan="Plan de 50 € par mois", next_steps="Point en janvier", status=ReviewStatus.SHARED
    )
    validated.set_participants()
    meeting_appointment(validated, past, worker=worker, status=Status.DONE)
    comment = reviews.comment(validated, user, "Le plan est trop lourd pour nous")
    validated.debt_and_plan = "Plan de 30 € par mois"
    validated.save()
    reviews.answer(comment, worker, "Nous avons ramené le plan à 30 € par mois.")
    reviews.validate(validated, worker, confirmed=True)
    shared = TripartiteReview.objects.create(case=case, next_steps="Suite", status=ReviewStatus.SHARED)
    meeting_appointment(shared, past - timedelta(days=1), worker=worker, status=Status.DONE)
    coming = TripartiteReview.objects.create(case=case)
    coming.set_participants()
    proposed = meeting_appointment(coming, timezone.now() + timedelta(days=6), worker=worker, status=Status.PROPOSED)
    for minute in range(12):
        AuditEvent.objects.create(
            actor=worker,
            action="review.pdf" if minute == 0 else "case.viewed",
            subject_key=f"casework.case:{case.pk}",
            created_at=timezone.now() - timedelta(minutes=minute),
        )
    return validated, proposed


def _letter_page(page, live_server):
    page.goto(f"{live_server.url}/comptes/invitation/")
    assert "Étape 1 sur 2" in page.inner_text("main")
    checked(page, "parcours-1-courrier")
    page.fill("#id_code", "ABCD-EFGH-JKMN")
    page.click("text=Continuer")
    assert page.is_visible("text=Indiquez le code postal imprimé sur votre courrier.")
    checked(page, "parcours-1-courrier-erreur")


def _booking(page, live_server):
    page.goto(f"{live_server.url}/espace/rendez-vous/prendre/")
    main = page.inner_text("main")
    assert "Étape 1 sur 2" in main and "Étape 2 sur 2" in main
    no_sideways_scroll(page)
    checked(page, "parcours-2-reservation-320")
    page.click("text=Confirmer ce rendez-vous")
    assert page.is_visible("text=Choisissez un créneau dans la liste.")
    no_sideways_scroll(page)
    checked(page, "parcours-2-reservation-erreur-320")
    page.click("text=Semaine suivante")
    assert not page.is_visible("text=Choisissez un créneau dans la liste.")
    assert "Semaine du" in page.inner_text("main")


def test_the_household_journey_on_a_phone(live_server, browser, journey):
    case, user, worker = journey
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    _letter_page(page, live_server)
    sign_in(context, live_server, user)
    page.set_viewport_size(NARROW)
    _booking(page, live_server)
    page.set_viewport_size(PHONE)

    validated, proposed = _requests(case, worker, user)
    page.goto(f"{live_server.url}/espace/")
    main = page.inner_text("main")
    for asked in ("Une demande d'accord vous attend", "Un rendez-vous vous est proposé", "Un compte rendu est à lire"):
        assert asked in main
    checked(page, "parcours-3-espace")

    page.click("text=Accepter ou refuser")
    assert "avec l'association et votre bailleur" in page.inner_text("main").lower()
    checked(page, "parcours-4-rendez-vous")

    page.goto(f"{live_server.url}/espace/bilans/{validated.pk}/")
    main = page.inner_text("main")
    assert "Nous avons ramené le plan à 30 € par mois." in main
    assert "La partie « Dette et plan d'apurement » a été modifiée." in main
    checked(page, "parcours-5-compte-rendu")
    with page.expect_download() as download:
        page.click("text=Télécharger le compte rendu (PDF)")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    page.goto(f"{live_server.url}/espace/mes-donnees/")
    assert "Karim Benali, association : 12 consultations le" in page.inner_text("main")
    checked(page, "parcours-6-mes-donnees")
    page.set_viewport_size(NARROW)
    no_sideways_scroll(page)
    checked(page, "parcours-6-mes-donnees-320")

    conversation = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    messaging.post_message(
        conversation,
        worker,
        "Bonjour, voici le lien vers la fiche : https://www.service-public.fr/particuliers/vosdroits/F1234567890",
        "k1",
    )
    page.goto(f"{live_server.url}/espace/messages/")
    assert "Bonjour, voici le lien" in page.inner_text("main")
    no_sideways_scroll(page)
    checked(page, "parcours-7-messages-320")
    page.set_viewport_size(PHONE)

    workflow.close(case, worker, Outcome.DEBT_CLEARED)
    page.goto(f"{live_server.url}/espace/")
    main = page.inner_text("main")
    assert "Votre accompagnement est terminé" in main and "02 38 00 00 01" in main
    assert "Prendre rendez-vous" not in main
    checked(page, "parcours-8-cloture")
    page.goto(f"{live_server.url}/espace/rendez-vous/prendre/")
    assert "Votre accompagnement est terminé" in page.inner_text("main")
    checked(page, "parcours-8-cloture-reservation")
    context.close()
