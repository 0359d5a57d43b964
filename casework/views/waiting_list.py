"""The year's intake and the waiting list of a programme (casework.capacity): the association reads them, its
coordinator takes the next waiting case off the list once a place is free."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from casework import capacity, perms, workflow
from casework.views.common import association_required, coordinator_required
from portal import audit


@association_required
def waiting_list(request, pk):
    programme = get_object_or_404(perms.association_programmes(request.user), pk=pk)
    cases = list(capacity.waiting_list(programme).select_related("household", "referral__tenancy"))
    audit.record(request, "programme.waiting_list_viewed", programme, count=len(cases))
    return render(
        request,
        "casework/waiting_list.html",
        {
            "programme": programme,
            "intake": capacity.intake(programme),
            "cases": cases,
            "next_case": cases[0] if cases and capacity.can_take_off(cases[0]) else None,
            "can_coordinate": perms.can_coordinate(request.user, programme),
        },
    )


@coordinator_required
def take_off(request, pk):
    case = get_object_or_404(perms.association_cases(request.user).select_related("programme", "referral"), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        workflow.take_off_waiting_list(case, request)
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Dossier sorti de la liste d'attente : le délai de contact commence aujourd'hui.")
    return redirect("casework:waiting_list", pk=case.programme_id)
