"""Partner services: only the handovers addressed to their own service, only while consent stands."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from casework import handovers as handover_service
from casework import perms, workflow
from casework.enums import HandoverStatus
from casework.views.common import partner_contact_required
from portal import audit


def _handovers(request):
    return (
        perms.partner_handovers(request.user)
        .select_related("case__household", "case__referral__tenancy", "partner")
        .with_appointment()
    )


@partner_contact_required
def handovers(request):
    items = list(_handovers(request).order_by("status", "-created_at"))
    audit.record(request, "handovers.listed_by_partner", count=len(items))
    return render(request, "casework/partner_handovers.html", {"handovers": items})


@partner_contact_required
def handover_detail(request, pk):
    handover = get_object_or_404(_handovers(request), pk=pk)
    audit.record(request, "handover.viewed_by_partner", handover, subject=handover.case)
    members = [m for m in handover.case.household.members.all() if m.is_tenant]
    return render(
        request,
        "casework/partner_handover.html",
        {"handover": handover, "members": members, "statuses": HandoverStatus.choices},
    )


@partner_contact_required
def handover_status(request, pk):
    handover = get_object_or_404(_handovers(request), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    status = request.POST.get("status", "")
    try:
        handover_service.partner_moves(handover, status, request.user, request=request)
        messages.success(request, "État du passage de relais mis à jour.")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect("casework:partner_handover", pk=handover.pk)
