"""The household's home page lists what is asked of it; only its own carnet steps count as « à faire »."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.enums import AppointmentKind, Place
from appointments.enums import Status as AppointmentStatus
from appointments.models import Appointment, AppointmentType
from casework.enums import ActionStatus, ReviewStatus
from casework.models import Handover, HouseholdMember, RoadmapAction, TripartiteReview
from portal.enums import OrganisationKind, Party
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association, landlord):
    return CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))


@pytest.fixture
def household(case):
    user = UserFactory(confirmed=True)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="Samia", last_name="B")
    client = Client()
    client.force_login(user)
    return client


def text(response):
    return html.unescape(response.content.decode())


def home(client):
    return text(client.get(reverse("portal:household_home")))


def test_home_counts_and_lists_only_the_households_own_steps(case, household):
    today = timezone.localdate()
    RoadmapAction.objects.create(case=case, title="Appeler la CAF", actor=Party.HOUSEHOLD, due_on=today)
    RoadmapAction.objects.create(case=case, title="Envoyer les quittances", actor=Party.HOUSEHOLD)
    RoadmapAction.objects.create(case=case, title="Monter le dossier FSL", actor=Party.ASSOCIATION)
    RoadmapAction.objects.create(case=case, title="Suspendre la procédure", actor=Party.LANDLORD)
    RoadmapAction.objects.create(
        case=case, title="Ouvrir un compte", actor=Party.HOUSEHOLD, status=ActionStatus.DONE, due_on=today
    )
    page = home(household)
    assert "Vous avez 2 démarches à faire" in page
    assert "Appeler la CAF" in page and "Envoyer les quittances" in page
    # The association's and the landlord's steps stay in the full carnet, not in « à faire ».
    assert "Monter le dossier FSL" not in page and "Suspendre la procédure" not in page
    assert "Ouvrir un compte" not in page


def test_every_step_of_the_household_done_reads_as_such(case, household):
    RoadmapAction.objects.create(case=case, title="Monter le dossier FSL", actor=Party.ASSOCIATION)
    RoadmapAction.objects.create(case=case, title="Appeler la CAF", status=ActionStatus.DONE, due_on=None)
    page = home(household)
    assert "Toutes vos démarches sont faites" in page
    assert "Monter le dossier FSL" not in page
    assert f'href="{reverse("casework:household_roadmap")}"' in page


@pytest.fixture
def asll(db):
    return OrganisationFactory(
        kind=OrganisationKind.PARTNER,
        name="Service ASLL du Loiret",
        description="Accompagnement social lié au logement : aide au budget et aux démarches.",
    )


def test_home_lists_what_is_asked_each_with_its_link(case, household, asll, worker):
    handover = Handover.objects.create(case=case, partner=asll, note="Budget à reprendre")
    review = TripartiteReview.objects.create(case=case, status=ReviewStatus.SHARED)
    TripartiteReview.objects.create(case=case, status=ReviewStatus.VALIDATED)
    start = timezone.now() + timedelta(days=3)
    proposal = Appointment.objects.create(
        case=case,
        association=case.programme.association,
        worker=worker,
        type=AppointmentType.for_kind(AppointmentKind.FOLLOW_UP),
        place=Place.OFFICE,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=AppointmentStatus.PROPOSED,
    )
    RoadmapAction.objects.create(case=case, title="Appeler la CAF", actor=Party.HOUSEHOLD)
    page = home(household)
    assert "Ce qui vous attend" in page
    assert "Une demande d'accord vous attend" in page and "Service ASLL du Loiret" in page
    assert f"{reverse('casework:household_consents')}#relais-{handover.pk}" in page
    assert "Un rendez-vous vous est proposé" in page
    assert reverse("appointments:household_detail", args=[proposal.pk]) in page
    assert page.count("Un compte rendu est à lire") == 1
    assert reverse("casework:household_review", args=[review.pk]) in page
    assert "Vous avez 1 démarche à faire" in page


def test_an_answered_request_is_no_longer_asked(case, household, asll):
    handover = Handover.objects.create(case=case, partner=asll)
    assert "Une demande d'accord vous attend" in home(household)
    household.post(reverse("casework:household_consent", args=[handover.pk]), {"given": "0"})
    handover.refresh_from_db()
    # Refusing a request never agreed to is an answer: recorded, and the home page stops asking.
    assert handover.awaiting_answer is False and not handover.consent_stands
    assert handover.consents.get().given is False
    assert "Ce qui vous attend" not in home(household)
    assert not Handover.objects.with_consent().exists()


def test_nothing_asked_means_no_panel(case, household):
    assert "Ce qui vous attend" not in home(household)


def test_consent_page_explains_the_service_and_what_is_passed_on(case, household, asll):
    Handover.objects.create(case=case, partner=asll, note="Budget à reprendre", joint_interview=True)
    page = text(household.get(reverse("casework:household_consents")))
    assert "accompagnement social lié au logement : aide au budget et aux démarches" in page.lower()
    assert "Ce qui lui sera transmis si vous êtes d'accord" in page
    assert "Budget à reprendre" in page and "votre commune" in page
    assert "rendez-vous commun" in page
    assert "Je suis d'accord" in page and "Je ne suis pas d'accord" in page


def test_consent_page_falls_back_to_a_plain_explanation(case, household):
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service sans fiche", description="")
    Handover.objects.create(case=case, partner=partner)
    page = text(household.get(reverse("casework:household_consents")))
    assert "un service partenaire de l'association" in page


def test_agreeing_opens_the_handover_to_the_partner_and_can_be_withdrawn(case, household, asll):
    handover = Handover.objects.create(case=case, partner=asll)
    household.post(reverse("casework:household_consent", args=[handover.pk]), {"given": "1"})
    handover.refresh_from_db()
    assert handover.consent_stands
    page = text(household.get(reverse("casework:household_consents")))
    assert "Vous êtes d'accord depuis" in page and "Retirer mon accord" in page
