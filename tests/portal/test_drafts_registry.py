"""Draft keys come from one registry (portal.drafts): each kind names the ids it is built from and the keys a case
holds, so retention erases every draft about a case, the household's own included."""

import pytest
from django.urls import reverse

from casework.models import TripartiteReview
from portal import drafts, privacy
from portal.models import Draft
from tests.casework.factories import CaseFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db


def test_the_households_comment_draft_does_not_outlive_anonymisation(household_user, worker):
    case = CaseFactory(closed=True)
    HouseholdMemberFactory(household=case.household, user=household_user)
    # The household is followed again: its account stays, only this case's data goes.
    CaseFactory(programme=case.programme, household=case.household, referral__tenancy=case.referral.tenancy)
    review = TripartiteReview.objects.create(case=case)
    drafts.save(household_user, f"review-comment-{review.pk}", "Je préfère le mardi")
    drafts.save(worker, f"note-{case.pk}", "Note en cours")
    assert privacy.anonymise_case(case)
    assert not Draft.objects.exists()


def test_keys_come_from_the_registry(worker):
    case = CaseFactory()
    review = TripartiteReview.objects.create(case=case)
    keys = drafts.keys_for_case(case)
    assert drafts.key("note", case.pk) in keys
    assert drafts.key("review-comment", review.pk) in keys
    assert drafts.key("review", case.pk, review.pk, "next-steps") in keys
    assert drafts.key("review", case.pk, "new", "rent-payment") in keys
    with pytest.raises(ValueError):
        drafts.key("comment", case.pk)


def test_the_autosave_refuses_a_key_of_no_registered_kind(worker, verified_client):
    client = verified_client(worker)
    refused = client.post(reverse("portal:save_draft", args=["comment-1-2"]), {"body": "texte"})
    assert refused.status_code == 400 and not Draft.objects.exists()
    case = CaseFactory()
    saved = client.post(reverse("portal:save_draft", args=[drafts.key("note", case.pk)]), {"body": "texte"})
    assert saved.status_code == 200 and Draft.objects.get().key == f"note-{case.pk}"
