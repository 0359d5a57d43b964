"""Factories for messaging tests: a case of the programme (with its household member), messages."""

import uuid
from datetime import date

import factory

from casework.models import Case, Household, HouseholdMember, Programme, Referral, Tenancy
from messaging.enums import ConversationKind, Side
from messaging.models import Conversation
from messaging.services import post_message
from portal.enums import OrganisationKind
from tests.portal.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    association = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION)
    start_date = date(2026, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"M-{n:05d}")
    display_name = factory.Sequence(lambda n: f"Ménage {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    programme = factory.SubFactory(ProgrammeFactory)
    household = factory.SubFactory(HouseholdFactory)
    deadline = date(2026, 12, 28)
    referral = factory.LazyAttribute(
        lambda o: Referral.objects.create(
            programme=o.programme,
            tenancy=Tenancy.objects.create(
                household=o.household,
                landlord=o.programme.landlord,
                lease_reference=f"BAIL-{uuid.uuid4().hex[:8]}",
                address="1 rue de test",
                postcode="45000",
                commune="Orléans",
                moved_in_on=date(2026, 6, 1),
                monthly_rent=500,
            ),
            arrears_amount=1000,
        )
    )


def household_case(association, landlord, household_user=None):
    """A case of a programme between these organisations, the household user being one of its members."""
    programme = ProgrammeFactory(association=association, landlord=landlord)
    case = CaseFactory(programme=programme)
    if household_user is not None:
        HouseholdMember.objects.create(
            household=case.household, user=household_user, first_name="Samira", last_name="Test"
        )
    return case


def conversation_of(case, kind=ConversationKind.HOUSEHOLD):
    return Conversation.of_case(case, kind)


def write(conversation, user, body, key=None):
    message, _ = post_message(conversation, user, body, key or uuid.uuid4().hex)
    return message


__all__ = ["CaseFactory", "ConversationKind", "HouseholdFactory", "ProgrammeFactory", "Side", "household_case"]
