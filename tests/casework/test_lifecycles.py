"""Cascades: closing a case and withdrawing a handover's consent end what hangs on them, and each party is told
in its own words (docs/rules.md, « Cycles de vie »)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from appointments.enums import Status
from casework import workflow
from casework.enums import HandoverStatus, Outcome
from casework.models import TripartiteReview
from portal.enums import OrganisationKind, Role
from tests.casework.factories import (
    CaseFactory,
    HandoverFactory,
    HouseholdMemberFactory,
    ProgrammeFactory,
    meeting_appointment,
)
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(association, landlord, worker, landlord_referent, household_user):
    association.phone = "02 38 00 00 00"
    association.save()
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord), in_support=True, assigned_worker=worker
    )
    HouseholdMemberFactory(household=case.household, user=household_user, email=household_user.email)
    partner_org = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service social test")
    partner = MembershipFactory(organisation=partner_org, role=Role.PARTNER_CONTACT).user
    handover = HandoverFactory(case=case, partner=partner_org, consented=True, joint_interview=True)
    joint = meeting_appointment(handover, worker=worker, starts_at=timezone.now() + timedelta(days=5))
    joint.participants.create(user=partner, organisation=partner_org)
    review = TripartiteReview.objects.create(case=case)
    review.set_participants()
    bilan = meeting_appointment(review, worker=worker, starts_at=timezone.now() + timedelta(days=12))
    return {
        "case": case,
        "handover": handover,
        "joint": joint,
        "bilan": bilan,
        "partner": partner,
        "household": household_user,
        "worker": worker,
        "landlord": landlord_referent,
    }


def _page(client, user, url):
    client.logout()
    verify_client(client, user)
    return client.get(url)


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_closing_a_case_ends_its_appointments_and_handovers_and_tells_each_party(
    parties, client, django_capture_on_commit_callbacks
):
    case = parties["case"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.close(case, parties["worker"], Outcome.ORIENTATION, orientation_scheme="Dispositif secret FSL")

    for key in ("joint", "bilan"):
        parties[key].refresh_from_db()
        assert parties[key].status == Status.CANCELLED
    parties["handover"].refresh_from_db()
    assert parties["handover"].status == HandoverStatus.ENDED

    # The household: its appointments are no longer « Confirmé », and it is told, discreetly, whom to call.
    page = _page(client, parties["household"], reverse("appointments:household_list"))
    assert page.context["upcoming"] == []
    assertNotContains(page, "Confirmé")
    told = [m for m in _mails_to(parties["household"].email) if m.subject == "Votre accompagnement est terminé"]
    assert len(told) == 1
    assert "02 38 00 00 00" in told[0].body
    assert "Dispositif secret" not in told[0].body and case.household.display_name not in told[0].body

    # The partner: the handover ended; its page says so and offers no action.
    page = _page(client, parties["partner"], reverse("casework:partner_handover", args=[parties["handover"].pk]))
    assertContains(page, HandoverStatus.ENDED.label)
    assertNotContains(page, "Relais réalisé")
    told = [m for m in _mails_to(parties["partner"].email) if "relais" in m.subject.lower()]
    assert len(told) == 1 and case.household.display_name not in told[0].body

    # The landlord: the outcome type, never where the orientation went.
    page = _page(client, parties["landlord"], reverse("casework:landlord_case", args=[case.pk]))
    assertContains(page, Outcome.ORIENTATION.label)
    assertNotContains(page, "Dispositif secret")
    assertNotContains(page, "Confirmé")
    told = [m for m in _mails_to(parties["landlord"].email) if "clos" in m.subject]
    assert len(told) == 1
    assert Outcome.ORIENTATION.label in told[0].body and "Dispositif secret" not in told[0].body


def test_withdrawing_consent_cancels_the_joint_interview_and_tells_the_partner(
    parties, client, django_capture_on_commit_callbacks
):
    from casework import handovers

    handover = parties["handover"]
    with django_capture_on_commit_callbacks(execute=True):
        assert handovers.record_consent(
            handover, False, by=parties["household"], how="dans son espace", by_household=True
        )

    parties["joint"].refresh_from_db()
    assert parties["joint"].status == Status.CANCELLED
    parties["bilan"].refresh_from_db()
    assert parties["bilan"].status == Status.BOOKED  # the review does not hang on the handover

    page = _page(client, parties["partner"], reverse("casework:partner_handovers"))
    assertNotContains(page, reverse("casework:partner_handover", args=[handover.pk]))
    assert (
        _page(client, parties["partner"], reverse("casework:partner_handover", args=[handover.pk])).status_code == 404
    )
    told = [m for m in _mails_to(parties["partner"].email) if "relais" in m.subject.lower()]
    assert len(told) == 1 and parties["case"].household.display_name not in told[0].body

    page = _page(client, parties["household"], reverse("appointments:household_list"))
    assert parties["joint"] not in page.context["upcoming"]
    assert parties["joint"] in page.context["past"]


def test_withdrawing_twice_changes_nothing(parties):
    from casework import handovers

    handover = parties["handover"]
    assert handovers.record_consent(handover, False, by=parties["worker"], how="par téléphone")
    assert not handovers.record_consent(handover, False, by=parties["worker"], how="par téléphone")
    assert handover.consents.count() == 1
