"""The household's space (only once identity is confirmed), partner scope under consent, and the audit log."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.enums import ReviewStatus
from casework.models import Diagnostic, Handover, HouseholdMember, RoadmapAction, TripartiteReview
from portal.enums import OrganisationKind, Role
from portal.models import AuditEvent
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association, landlord):
    return CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))


def household_client(case, confirmed=True):
    user = UserFactory(confirmed=confirmed)
    HouseholdMember.objects.create(household=case.household, user=user, first_name="A", last_name="B")
    client = Client()
    client.force_login(user)
    return client, user


def test_unconfirmed_household_sees_nothing_of_the_case(case):
    RoadmapAction.objects.create(case=case, title="Action secrète", actor="household")
    client, _ = household_client(case, confirmed=False)
    response = client.get(reverse("casework:household_roadmap"))
    assert response.status_code == 200 and "Action secrète" not in response.content.decode()
    assert "s'ouvrira" in response.content.decode()
    assert "Action secrète" not in client.get(reverse("portal:household_home")).content.decode()


def test_household_marks_only_its_own_actions_done(case):
    own = RoadmapAction.objects.create(case=case, title="Appeler la CAF", actor="household")
    theirs = RoadmapAction.objects.create(case=case, title="Monter le dossier FSL", actor="association")
    client, user = household_client(case)
    assert "Appeler la CAF" in client.get(reverse("portal:household_home")).content.decode()
    client.post(reverse("casework:household_mark_done", args=[own.pk]), {"done": "1"})
    client.post(reverse("casework:household_mark_done", args=[theirs.pk]), {"done": "1"})
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.status == "done" and own.done_by == user
    assert theirs.status == "todo"


def test_household_comments_shared_minutes_only(case, worker):
    draft = TripartiteReview.objects.create(case=case)
    shared = TripartiteReview.objects.create(case=case, status=ReviewStatus.SHARED, next_steps="Prochain bilan")
    client, _ = household_client(case)
    assert client.get(reverse("casework:household_review", args=[draft.pk])).status_code == 404
    client.post(reverse("casework:household_review", args=[shared.pk]), {"body": ""})
    assert not shared.comments.exists()
    client.post(reverse("casework:household_review", args=[shared.pk]), {"body": "Je préfère le mardi"})
    assert shared.comments.get().body == "Je préfère le mardi"
    # A draft of the comment is kept on the server (encrypted), without JavaScript too.
    client.post(reverse("casework:household_review", args=[shared.pk]), {"body": "brouillon", "save_draft": "1"})
    assert "brouillon" in client.get(reverse("casework:household_review", args=[shared.pk])).content.decode()


def test_withdrawn_consent_hides_the_handover_from_the_partner(case, verified_client):
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="ASLL test")
    contact = MembershipFactory(organisation=partner, role=Role.PARTNER_CONTACT).user
    handover = Handover.objects.create(
        case=case, partner=partner, note="Note de relais", consent_given_at=timezone.now()
    )
    partner_client = verified_client(contact)
    assert (
        "Note de relais"
        in partner_client.get(reverse("casework:partner_handover", args=[handover.pk])).content.decode()
    )
    household, _ = household_client(case)
    household.post(reverse("casework:household_consent", args=[handover.pk]), {"given": "0"})
    handover.refresh_from_db()
    assert handover.consent_withdrawn_at and handover.consents.get().by_household
    assert partner_client.get(reverse("casework:partner_handover", args=[handover.pk])).status_code == 404


def test_reads_and_changes_are_audited_without_confidential_text(case, worker, landlord_referent, verified_client):
    client = verified_client(worker)
    client.get(reverse("casework:case_detail", args=[case.pk]))
    client.post(
        reverse("casework:log_attempt", args=[case.pk]),
        {
            "made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "outcome": "reached",
            "note": "Texte très confidentiel",
        },
    )
    client.post(reverse("casework:add_note", args=[case.pk]), {"body": "Texte très confidentiel"})
    client.post(reverse("casework:diagnostic", args=[case.pk]), {"notes": "Texte très confidentiel"})
    client.get(reverse("casework:diagnostic", args=[case.pk]))
    verified_client(landlord_referent).get(reverse("casework:landlord_case", args=[case.pk]))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "case.viewed",
        "contact_attempt.created",
        "case.transition",
        "case_note.created",
        "diagnostic.created",
        "diagnostic.viewed",
        "case.viewed_by_landlord",
    } <= actions
    subject = f"casework.case:{case.pk}"
    assert AuditEvent.objects.filter(subject_key=subject, actor=worker).count() >= 6
    for event in AuditEvent.objects.all():
        assert "confidentiel" not in str(event.extra)
    assert Diagnostic.objects.get(case=case).notes == "Texte très confidentiel"


def test_review_minutes_drafts_are_kept_without_javascript(case, worker, verified_client):
    client = verified_client(worker)
    url = reverse("casework:review_new", args=[case.pk])
    client.post(
        url,
        {"rent_payment": "Loyer payé le 5", "next_steps": "Suite", "save_draft": "1"},
    )
    page = client.get(url).content.decode()
    assert "Loyer payé le 5" in page and "Suite" in page and "brouillon non enregistré" in page
    assert not TripartiteReview.objects.exists()
