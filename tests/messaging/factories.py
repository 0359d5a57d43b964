"""Helpers for messaging tests: a case between two organisations with its household member, messages."""

import uuid

from messaging.enums import ConversationKind
from messaging.models import Conversation
from messaging.services import deliver, post_message
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory


def household_case(association, landlord, household_user=None):
    """A case of a programme between these organisations, the household user being one of its members."""
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))
    if household_user is not None:
        HouseholdMemberFactory(household=case.household, user=household_user)
    return case


def conversation_of(case, kind=ConversationKind.HOUSEHOLD):
    return Conversation.of_case(case, kind)


def write(conversation, user, body, key=None):
    """As a view does: store, publish, then the side effects (notifications, reaching out) after commit."""
    message, created = post_message(conversation, user, body, key or uuid.uuid4().hex)
    deliver(message, created)
    return message
