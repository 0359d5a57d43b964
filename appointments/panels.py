"""Panels on the household's space, its welcome page and the partner home (portal.spaces)."""

from django.utils import timezone

from appointments import perms, wording
from appointments.enums import Status
from portal import spaces


def _next_appointment(user):
    return (
        perms.household_appointments(user)
        .upcoming()
        .select_related("association", "partner", "type")
        .order_by("starts_at")
        .first()
    )


@spaces.welcome_panel("appointments/panels/welcome.html", order=10)
def welcome(request):
    """Right after the code is redeemed: offer the first appointment (the letter's path gains this step)."""
    case = perms.household_case(request.user)
    if case is None:
        return None
    return {"next_appointment": _next_appointment(request.user), "association": case.programme.association}


@spaces.household_panel("appointments/panels/household.html", order=20)
def household(request):
    case = perms.household_case(request.user)
    appointment = _next_appointment(request.user)
    if case is None and appointment is None:
        return None
    return {
        "next_appointment": appointment,
        "place_text": wording.place_text(appointment) if appointment else "",
        "is_proposal": appointment is not None and appointment.status == Status.PROPOSED,
        "can_book": case is not None,
    }


@spaces.partner_panel("appointments/panels/partner.html", order=30)
def partner(request):
    scoped = perms.staff_appointments(request.user)
    is_member = bool(perms.association_ids(request.user))
    upcoming = scoped.upcoming(timezone.now())
    if is_member:
        upcoming = upcoming.filter(worker=request.user)
    upcoming = list(upcoming.select_related("association", "partner", "type").order_by("starts_at")[:5])
    if not upcoming and not is_member:
        return None
    return {"upcoming": [(a, wording.place_text(a)) for a in upcoming], "is_member": is_member}
