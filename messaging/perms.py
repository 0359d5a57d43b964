"""Who may read and write which conversation: scoped querysets, deny by default.

Association members: every conversation of their association's cases (the team covers for each other).
Landlord referents: only the coordination threads of the cases their landlord may know of (casework's
CaseQuerySet.landlord_known), never a household conversation.
A coordination thread exists, and is offered, only where the landlord may know of the case: the association does not
reach one left on a case the household opened itself.
Household members: only the household conversation of their own household's cases.
"""

from django.db.models import Q

from casework import perms as casework_perms
from casework.models import Case
from casework.perms import association_ids, landlord_ids
from messaging.enums import ConversationKind
from messaging.models import Conversation
from portal import perms
from portal.enums import Party

__all__ = ["association_ids", "landlord_ids"]


def visible_conversations(user):
    """Every conversation the user takes part in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Conversation.objects.none()
    if perms.is_household(user):
        return Conversation.objects.household().filter(case__household__members__user=user)
    if association_ids(user):
        cases = casework_perms.association_cases(user)
        return Conversation.objects.filter(
            Q(kind=ConversationKind.HOUSEHOLD, case__in=cases)
            | Q(kind=ConversationKind.COORDINATION, case__in=cases.landlord_known())
        )
    if landlord_ids(user):
        return Conversation.objects.coordination().filter(case__in=casework_perms.landlord_known_cases(user))
    return Conversation.objects.none()


def cases_for(user, kind):
    """The cases whose thread of this kind the user may open (and so create) from the partner area."""
    if association_ids(user):
        cases = casework_perms.association_cases(user)
        return cases.landlord_known() if kind == ConversationKind.COORDINATION else cases
    if kind == ConversationKind.COORDINATION and landlord_ids(user):
        return casework_perms.landlord_cases(user)
    return Case.objects.none()


def household_cases(user):
    return casework_perms.household_cases(user).order_by("-created_at", "-pk")


def side_of(user, conversation):
    """The side the user writes for in this conversation (the caller has already checked visibility)."""
    if perms.is_household(user):
        return Party.HOUSEHOLD
    if association_ids(user):
        return Party.ASSOCIATION
    return Party.LANDLORD


def is_staff_reader(user, conversation):
    """A professional reading a household conversation: every such read is audited."""
    return conversation.kind == ConversationKind.HOUSEHOLD and not perms.is_household(user)
