"""Casework's panels on the household space (/espace/) and on the partner home (/partenaires/)."""

from django.db.models import F
from django.utils import timezone

from appointments import perms as appointment_perms
from appointments.enums import Status as AppointmentStatus
from casework import perms, programme_choice, services, territory
from casework.enums import ActionStatus, CaseStatus, ReviewStatus
from portal import phones, spaces


def _own_open_steps(user):
    """The household's own steps still to do, soonest due first (RoadmapActionQuerySet holds the rule)."""
    return perms.household_roadmap(user).for_household().open().order_by(F("due_on").asc(nulls_last=True), "pk")


def household_closed_panel(request):
    """« Votre accompagnement est terminé », with whom to contact, once the household's newest case is closed."""
    case = perms.household_case(request.user)
    if case is None or case.status != CaseStatus.CLOSED:
        return None
    return {"case": case, "association": case.programme.association}


def household_asked_panel(request):
    """« Ce qui vous attend »: every answer or step asked of the household, each with its link, at the top."""
    user = request.user
    consents = list(perms.household_handovers(user).awaiting_answer().select_related("partner"))
    proposals = list(
        appointment_perms.household_appointments(user)
        .upcoming()
        .filter(status=AppointmentStatus.PROPOSED)
        .select_related("type")
        .order_by("starts_at")
    )
    to_comment = list(perms.household_reviews(user).filter(status=ReviewStatus.SHARED).with_appointment())
    steps = _own_open_steps(user).count()
    if not (consents or proposals or to_comment or steps):
        return None
    return {"consents": consents, "proposals": proposals, "to_comment": to_comment, "steps": steps}


def household_roadmap_panel(request):
    roadmap = perms.household_roadmap(request.user)
    if not roadmap.exclude(status=ActionStatus.ABANDONED).exists():
        return None
    return {"own_open": list(_own_open_steps(request.user))}


def household_minutes_panel(request):
    reviews = list(perms.household_reviews(request.user).with_appointment()[:5])
    if not reviews:
        return None
    return {"reviews": reviews, "to_comment": [r for r in reviews if r.status == ReviewStatus.SHARED]}


def association_panel(request):
    if not perms.is_association_member(request.user):
        return None
    programmes = list(perms.association_programmes(request.user))
    shown = programme_choice.shown(request, programmes)
    open_cases = programme_choice.only(perms.association_cases(request.user), shown).open()
    coordinated = perms.coordinator_association_ids(request.user)
    return {
        "open_count": open_cases.count(),
        "to_confirm": open_cases.to_confirm_contact().count(),
        "mine": open_cases.filter(assigned_worker=request.user).count(),
        "exceptions": programme_choice.only(perms.pending_exceptions(request.user), shown).count(),
        # What the « Communes à préciser » page lists, counted from the same list.
        "communes_to_check": territory.to_check(territory.coordinator_programmes(coordinated)).count
        if coordinated
        else 0,
        "switcher": programme_choice.switcher(request, programmes, shown, key="programme-association"),
        "today": timezone.localdate(),
    }


def landlord_panel(request):
    if not perms.is_landlord_referent(request.user):
        return None
    programmes = list(perms.landlord_programmes(request.user))
    shown = programme_choice.shown(request, programmes)
    cases = programme_choice.only(perms.landlord_cases(request.user), shown)
    return {
        "open_count": cases.open().count(),
        "no_contact": cases.filter(status="no_contact").count(),
        "switcher": programme_choice.switcher(request, programmes, shown, key="programme-bailleur"),
    }


def partner_panel(request):
    if not perms.is_partner_contact(request.user):
        return None
    return {"handover_count": perms.partner_handovers(request.user).exclude(status="done").count()}


def programmes_panel(request):
    """Both partners: each programme's parameters, their versions and a proposal waiting for the landlord."""
    programmes = list(perms.partner_programmes(request.user).distinct().prefetch_related("versions"))
    if not programmes:
        return None
    rows = []
    for programme in programmes:
        waiting = any(v.is_pending for v in programme.versions.all())
        rows.append((programme, waiting, waiting and perms.can_answer_parameters(request.user, programme)))
    return {"programmes": rows, "may_propose": bool(perms.coordinator_association_ids(request.user))}


def household_phone_panel(request):
    """« Est-ce bien votre numéro ? »: the landlord's number, to confirm by a code or to correct."""
    number = services.number_to_confirm(request.user)
    if number is None:
        return None
    return {"number": phones.masked(number)}


def register():
    spaces.household_panel("casework/panels/phone_confirm.html", order=3)(household_phone_panel)
    spaces.welcome_panel("casework/panels/phone_confirm.html", order=3)(household_phone_panel)
    spaces.household_panel("casework/panels/closed.html", order=1)(household_closed_panel)
    spaces.household_panel("casework/panels/asked.html", order=5)(household_asked_panel)
    spaces.household_panel("casework/panels/roadmap.html", order=30)(household_roadmap_panel)
    spaces.household_panel("casework/panels/minutes.html", order=40)(household_minutes_panel)
    spaces.partner_panel("casework/panels/association.html", order=10)(association_panel)
    spaces.partner_panel("casework/panels/landlord.html", order=10)(landlord_panel)
    spaces.partner_panel("casework/panels/partner.html", order=10)(partner_panel)
    spaces.partner_panel("casework/panels/programmes.html", order=60)(programmes_panel)
