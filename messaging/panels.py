"""Panels for the household's space (its conversation, unread count) and the partner home (unread per case)."""

from django.db.models import Sum

from messaging import perms as messaging_perms
from messaging import services
from portal import perms


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
