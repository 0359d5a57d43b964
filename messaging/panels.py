"""Panels for the household's space (its conversation, unread count) and the partner home (unread per case), and the
links of the association's case page to the case's threads (casework.hub)."""

from django.db.models import Sum
from django.urls import reverse

from messaging import perms as messaging_perms
from messaging import services
from messaging.enums import ConversationKind
from portal import perms

# The case page's links, in order: the household's conversation, then the coordination thread with the landlord.
CASE_THREADS = (
    (ConversationKind.HOUSEHOLD, "messaging:partner_case_conversation"),
    (ConversationKind.COORDINATION, "messaging:partner_case_coordination"),
)


def household_messages(request):
    user = request.user
    if not perms.is_household(user):
        return None
    has_case = messaging_perms.household_cases(user).exists()
    conversations = services.with_unread(messaging_perms.visible_conversations(user), user)
    unread = conversations.aggregate(total=Sum("unread"))["total"] if has_case else 0
    return {"has_case": has_case, "unread": unread or 0}


def partner_messages(request):
    user = request.user
    if not (messaging_perms.association_ids(user) or messaging_perms.landlord_ids(user)):
        return None
    conversations = (
        services.with_unread(messaging_perms.visible_conversations(user), user)
        .filter(unread__gt=0)
        .select_related("case__household")
        .order_by("-last_message_at")
    )
    unread_threads = list(conversations)
    return {
        "unread_threads": unread_threads[:5],
        "more_threads": len(unread_threads) > 5,
        "total_unread": sum(c.unread for c in unread_threads),
    }


def case_threads(user, case):
    """The case page's links to the case's threads (one query): each with the user's unread count
    (services.with_unread). A thread not started yet leads to the page that offers it; the coordination thread only
    where it is offered (perms.cases_for: the landlord may know of the case)."""
    found = {
        conversation.kind: conversation
        for conversation in services.with_unread(messaging_perms.visible_conversations(user).filter(case=case), user)
    }
    threads = {}
    for kind, offer_url in CASE_THREADS:
        if kind == ConversationKind.COORDINATION and not case.landlord_may_know:
            continue
        conversation = found.get(kind)
        threads[kind] = {
            "url": reverse("messaging:partner_conversation", args=[conversation.pk])
            if conversation
            else reverse(offer_url, args=[case.pk]),
            "started": conversation is not None,
            "unread": conversation.unread if conversation else 0,
        }
    return threads
