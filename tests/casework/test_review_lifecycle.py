"""Minutes of a tripartite review: shared once the meeting is held, validated after the household's word (a
comment or « pas de remarque »), 7 days after sharing, or with the worker's reason; a confirmation step; the
household told at each step (docs/rules.md, « Cycle de vie d'un compte rendu de bilan »)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from appointments.enums import Status
from casework.enums import ReviewStatus
from casework.models import TripartiteReview
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory, meeting_appointment
from tests.conftest import verify_client

pytestmark = pytest.mark.django_db

WARNING = "une fois validé, le bailleur le lit et il ne peut plus être modifié"


@pytest.fixture
def review(association, landlord, worker, household_user):
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord), in_support=True, assigned_worker=worker
    )
    HouseholdMemberFactory(household=case.household, user=household_user, email=household_user.email)
    review = TripartiteReview.objects.create(case=case, next_steps="Point sur la mutation")
    review.set_participants()
    meeting_appointment(review, worker=worker, starts_at=timezone.now() + timedelta(days=2))
    return review


def _post(client, user, name, review, **data):
    client.logout()
    verify_client(client, user)
    return client.post(reverse(f"casework:{name}", args=[review.case.pk, review.pk]), data, follow=True)


def _held(review):
    appointment = review.appointment
    appointment.status = Status.DONE
    appointment.starts_at = timezone.now() - timedelta(hours=2)
    appointment.ends_at = appointment.starts_at + timedelta(hours=1)
    appointment.save()
    review.refresh_from_db()


def test_minutes_are_shared_only_once_the_meeting_is_held(review, worker, client, django_capture_on_commit_callbacks):
    response = _post(client, worker, "review_share", review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    assertContains(response, "une fois le bilan tenu")

    _held(review)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, worker, "review_share", review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SHARED
    household = review.case.household.members.get(user__isnull=False).user
    assert [m.subject for m in mail.outbox if household.email in m.to] == ["Un compte rendu est à relire"]


def test_minutes_are_not_shared_when_the_household_missed_the_meeting(review, worker):
    """« Ménage absent » is not a meeting held: the minutes stay a draft, not due, and cannot be shared."""
    from casework import reviews

    _held(review)
    review.appointment.status = Status.HOUSEHOLD_ABSENT
    review.appointment.save()
    review.refresh_from_db()
    assert not reviews.is_held(review) and not reviews.minutes_due(review)
    with pytest.raises(reviews.ReviewError):
        reviews.share(review, worker)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


def test_validation_waits_for_the_household_then_asks_for_confirmation(
    review, worker, household_user, landlord_referent, client, django_capture_on_commit_callbacks
):
    _held(review)
    _post(client, worker, "review_share", review)

    response = _post(client, worker, "review_validate", review, confirm="1")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SHARED
    assertContains(response, "pas encore répondu")

    client.logout()
    verify_client(client, household_user)
    client.post(reverse("casework:household_review", args=[review.pk]), {"no_remark": "1"})
    review.refresh_from_db()
    assert review.household_answered_at is not None

    response = _post(client, worker, "review_validate", review)
    assertContains(response, WARNING)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SHARED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, worker, "review_validate", review, confirm="1")
    review.refresh_from_db()
    assert review.status == ReviewStatus.VALIDATED
    assert [m.subject for m in mail.outbox if household_user.email in m.to] == ["Un compte rendu est validé"]
    client.logout()
    verify_client(client, landlord_referent)
    assert client.get(reverse("casework:landlord_review", args=[review.pk])).status_code == 200


def test_validation_after_seven_days_or_with_a_reason(review, worker):
    from casework import reviews

    _held(review)
    reviews.share(review, worker)
    with pytest.raises(reviews.ReviewError):
        reviews.validate(review, worker, confirmed=True)
    with pytest.raises(reviews.ReviewError):
        reviews.validate(review, worker, confirmed=False, reason="Le ménage n'a pas de compte")
    with time_machine.travel(review.shared_at + timedelta(days=6, hours=23), tick=False):
        with pytest.raises(reviews.ReviewError):
            reviews.validate(review, worker, confirmed=True)
    with time_machine.travel(review.shared_at + timedelta(days=7), tick=False):
        reviews.validate(review, worker, confirmed=True)
    assert review.status == ReviewStatus.VALIDATED


def test_validation_with_the_workers_reason_or_a_comment(review, worker, household_user):
    from casework import reviews

    _held(review)
    reviews.share(review, worker)
    reviews.validate(review, worker, confirmed=True, reason="Le ménage n'a pas de compte")
    assert review.status == ReviewStatus.VALIDATED and review.validation_reason == "Le ménage n'a pas de compte"
    with pytest.raises(reviews.ReviewError):
        reviews.share(review, worker)

    other = TripartiteReview.objects.create(case=review.case)
    meeting_appointment(other, worker=worker, starts_at=timezone.now() - timedelta(days=1), status=Status.DONE)
    reviews.share(other, worker)
    reviews.comment(other, household_user, "D'accord")
    reviews.validate(other, worker, confirmed=True)
    assert other.status == ReviewStatus.VALIDATED
