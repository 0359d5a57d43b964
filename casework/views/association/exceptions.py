"""Referrals outside the programme's criteria: the coordinator accepts or declines them."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from casework import capacity, forms, perms, programme_choice, workflow
from casework.views.common import (
    coordinator_required,
)


@coordinator_required
def exceptions(request):
    programmes = list(
        perms.association_programmes(request.user).filter(
            association_id__in=perms.coordinator_association_ids(request.user)
        )
    )
    shown = programme_choice.shown(request, programmes)
    pending = programme_choice.only(perms.pending_exceptions(request.user), shown).select_related(
        "case__household", "tenancy", "programme"
    )
    # Past capacity the coordinator is warned before accepting (casework.capacity).
    intakes = {p.pk: capacity.intake(p) for p in programme_choice.among(programmes, shown)}
    referrals = list(pending)
    for referral in referrals:
        referral.intake = intakes.get(referral.programme_id)
    return render(
        request,
        "casework/exceptions.html",
        {
            "referrals": referrals,
            "intakes": list(intakes.values()),
            "form": forms.ReasonForm(),
            "shown": shown,
            "switcher": programme_choice.switcher(request, programmes, shown),
        },
    )


@coordinator_required
def exception_decision(request, pk):
    referral = get_object_or_404(perms.pending_exceptions(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case = referral.case
    try:
        if request.POST.get("decision") == "accept":
            workflow.accept_referral(case, request)
            if case.is_waiting:
                messages.success(request, "Signalement accepté : il reste en liste d'attente jusqu'à une place libre.")
            else:
                messages.success(request, "Signalement accepté : le délai de contact commence aujourd'hui.")
        else:
            workflow.decline_referral(case, request, request.POST.get("reason", ""))
            messages.success(request, "Signalement refusé ; le bailleur est informé.")
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return redirect("casework:exceptions")
