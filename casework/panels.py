"""Casework's panels on the household space (/espace/) and on the partner home (/partenaires/)."""

from django.utils import timezone

from casework import perms
from casework.enums import ActionStatus, ReviewStatus
from portal import spaces
from portal.enums import Party


def household_roadmap_panel(request):
    actions = list(perms.household_roadmap(request.user).exclude(status=ActionStatus.ABANDONED))
    if not actions:
        return None
    return {
        "actions": actions,
        "own_open": [a for a in actions if a.actor == Party.HOUSEHOLD and a.status != ActionStatus.DONE],
    }


def household_minutes_panel(request):
    reviews = list(perms.household_reviews(request.user).with_appointment()[:5])
    if not reviews:
        return None
    return {"reviews": reviews, "to_comment": [r for r in reviews if r.status == ReviewStatus.SHARED]}


def association_panel(request):
    cases = perms.association_cases(request.user)
    if not perms.is_association_member(request.user):
        return None
    open_cases = cases.open()
    today = timezone.localdate()
    return {
        "open_count": open_cases.count(),
        "to_confirm": open_cases.to_confirm_contact().count(),
        "mine": open_cases.filter(assigned_worker=request.user).count(),
        "exceptions": perms.pending_exceptions(request.user).count(),
        "today": today,
    }


def landlord_panel(request):
    if not perms.is_landlord_referent(request.user):
        return None
    cases = perms.landlord_cases(request.user)
    return {"open_count": cases.open().count(), "no_contact": cases.filter(status="no_contact").count()}


def partner_panel(request):
    if not perms.is_partner_contact(request.user):
        return None
    return {"handover_count": perms.partner_handovers(request.user).exclude(status="done").count()}


def register():
    spaces.household_panel("casework/panels/roadmap.html", order=30)(household_roadmap_panel)
    spaces.household_panel("casework/panels/minutes.html", order=40)(household_minutes_panel)
    spaces.partner_panel("casework/panels/association.html", order=10)(association_panel)
    spaces.partner_panel("casework/panels/landlord.html", order=10)(landlord_panel)
    spaces.partner_panel("casework/panels/partner.html", order=10)(partner_panel)
