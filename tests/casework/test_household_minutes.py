"""The household's documents: the validated minutes as PDF (its own, validated only), the association's answer to
its comment and what changed in the minutes since (casework.reviews.answer, casework.reviews.changes_since)."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from appointments.enums import Status
from casework import reviews
from casework.enums import ReviewStatus
from casework.models import TripartiteReview
from portal.enums import OrganisationKind, Role
from portal.models import AuditEvent
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory, meeting_appointment
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _review(association, landlord, worker, user, status=ReviewStatus.SHARED, days_ago=2):
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord), in_support=True, assigned_worker=worker
    )
    HouseholdMemberFactory(household=case.household, user=user, email=user.email)
    review = TripartiteReview.objects.create(
        case=case, debt_and_plan="Plan de 50 € par mois", next_steps="Point sur la mutation", status=status
    )
    review.set_participants()
    meeting_appointment(review, worker=worker, starts_at=timezone.now() - timedelta(days=days_ago), status=Status.DONE)
    if status == ReviewStatus.VALIDATED:
        review.validated_at = timezone.now()
        review.save()
    return review


@pytest.fixture
def review(association, landlord, worker, household_user):
    return _review(association, landlord, worker, household_user)


def _text(response):
    return html.unescape(response.content.decode())


def test_the_household_downloads_its_validated_minutes_only(association, landlord, worker, household_user, client):
    validated = _review(association, landlord, worker, household_user, status=ReviewStatus.VALIDATED)
    shared = TripartiteReview.objects.create(case=validated.case, status=ReviewStatus.SHARED)
    draft = TripartiteReview.objects.create(case=validated.case, status=ReviewStatus.DRAFT)
    # Another household's meeting, a day earlier: the same worker cannot be in two meetings at once (PostgreSQL).
    other = _review(
        association, landlord, worker, UserFactory(confirmed=True), status=ReviewStatus.VALIDATED, days_ago=3
    )
    client.force_login(household_user)
    page = _text(client.get(reverse("casework:household_review", args=[validated.pk])))
    assert "Télécharger le compte rendu (PDF)" in page
    response = client.get(reverse("casework:household_review_pdf", args=[validated.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for refused in (shared, draft, other):
        assert client.get(reverse("casework:household_review_pdf", args=[refused.pk])).status_code == 404
    assert "Télécharger le compte rendu" not in _text(
        client.get(reverse("casework:household_review", args=[shared.pk]))
    )


def test_an_unconfirmed_household_gets_no_minutes(association, landlord, worker, client):
    user = UserFactory()  # a letter's code, identity not yet confirmed by a worker
    review = _review(association, landlord, worker, user, status=ReviewStatus.VALIDATED)
    client.force_login(user)
    assert client.get(reverse("casework:household_review_pdf", args=[review.pk])).status_code == 404


def test_the_household_reads_the_answer_and_what_changed(
    review, worker, household_user, client, django_capture_on_commit_callbacks
):
    client.force_login(household_user)
    url = reverse("casework:household_review", args=[review.pk])
    client.post(url, {"body": "Le plan est trop lourd pour nous"})
    page = _text(client.get(url))
    assert "L'association n'a pas encore répondu" in page
    assert "Rien n'a été modifié dans le compte rendu depuis votre remarque." in page

    review.debt_and_plan = "Plan de 30 € par mois"
    review.save()
    comment = review.comments.get()
    verify_client(client, worker)
    answer_url = reverse("casework:review_answer", args=[review.case.pk, review.pk, comment.pk])
    refused = client.post(answer_url, {"answer": "  "}, follow=True)
    assert "Écrivez votre réponse au ménage." in _text(refused)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url, {"answer": "Nous avons ramené le plan à 30 € par mois."})
    assert [m.subject for m in mail.outbox if household_user.email in m.to] == ["Une réponse vous attend"]
    assert AuditEvent.objects.filter(action="review.comment_answered", actor=worker).count() == 1

    client.force_login(household_user)
    page = _text(client.get(url))
    assert "La réponse de l'association" in page and "Nous avons ramené le plan à 30 € par mois." in page
    assert "La partie « Dette et plan d'apurement » a été modifiée." in page
    assert "Prochaines étapes" not in page.split("Ce qui a changé")[1]


def test_only_the_association_of_the_case_answers(review, household_user, landlord_referent, client):
    comment = reviews.comment(review, household_user, "Une remarque")
    url = reverse("casework:review_answer", args=[review.case.pk, review.pk, comment.pk])
    other_association_worker = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.ASSOCIATION), role=Role.WORKER
    ).user
    verify_client(client, other_association_worker)
    assert client.post(url, {"answer": "Intrus"}).status_code == 404
    for user in (landlord_referent, household_user):
        client.logout()
        verify_client(client, user)
        assert client.post(url, {"answer": "Intrus"}).status_code in (302, 403, 404)
    comment.refresh_from_db()
    assert comment.answer == ""


def test_changes_since_tolerates_a_comment_without_a_snapshot(review, household_user):
    comment = reviews.comment(review, household_user, "Une remarque")
    comment.sections_when_commented = ""
    assert reviews.changes_since(comment) == []
    comment.sections_when_commented = "{not json"
    assert reviews.changes_since(comment) == []
