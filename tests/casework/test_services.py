"""Referral creation, the letter code, the link between a redeemed code and the household, identity."""

from decimal import Decimal

import pytest
from django.utils import timezone

from casework import perms, services
from casework.enums import CaseStatus, Guarantee
from portal.models import Invitation
from portal.signals import household_invitation_redeemed
from tests.casework.factories import ProgrammeFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


def make_case(programme, referent, **overrides):
    data = dict(
        lease_reference="B-42",
        tenant_first_name="Nora",
        tenant_last_name="Belkacem",
        household_size=2,
        address="3 rue du Test",
        postcode="45000",
        commune="Orléans",
        agency="",
        moved_in_on=timezone.localdate().replace(day=1),
        monthly_rent=Decimal("500"),
        monthly_apl=Decimal("100"),
        guarantee=Guarantee.NONE,
        arrears_amount=Decimal("900"),
        landlord_attempts="Deux appels",
        criteria=[{"key": "x", "label": "x", "met": True, "detail": ""}],
    )
    data.update(overrides)
    return services.create_referral(programme, referent, services.NewReferral(**data))


def test_referral_creates_case_with_deadline_and_60_day_code(programme, landlord_referent):
    case = make_case(programme, landlord_referent)
    assert case.status == CaseStatus.REFERRED
    assert case.deadline == timezone.localdate() + timezone.timedelta(days=30)
    invitation = case.invitation
    assert invitation.organisation == programme.association and invitation.postcode == "45000"
    assert 59 <= (invitation.expires_at - timezone.now()).days <= 60


def test_redeemed_code_links_account_and_stops_clock(programme, landlord_referent):
    case = make_case(programme, landlord_referent)
    user = UserFactory()
    household_invitation_redeemed.send(sender=Invitation, invitation=case.invitation, user=user, request=None)
    case.refresh_from_db()
    assert case.household.members.filter(user=user).exists()
    assert case.household_reached_out_at is not None and case.needs_contact_confirmation
    assert perms.household_case(user) == case
    assert not perms.household_roadmap(user).exists()  # unconfirmed: nothing confidential yet


def test_confirm_then_revoke_account_and_new_code(programme, landlord_referent, worker):
    case = make_case(programme, landlord_referent)
    user = UserFactory()
    household_invitation_redeemed.send(sender=Invitation, invitation=case.invitation, user=user, request=None)
    member = case.household.members.get(user=user)
    services.confirm_identity(case, member, worker, "par téléphone")
    user.refresh_from_db()
    assert user.identity_confirmed and perms.household_confirmed_cases(user).filter(pk=case.pk).exists()
    services.revoke_account(case, member, worker)
    user.refresh_from_db()
    assert not user.is_active and perms.household_case(user) is None
    old = case.invitation
    new = services.issue_letter_code(case, worker)
    assert new.pk != old.pk and case.invitation == new
