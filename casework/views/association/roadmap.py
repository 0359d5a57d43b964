"""The carnet de route: actions added and updated by the worker; its PDF."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

from casework import forms, roadmap
from casework.enums import ActionStatus
from casework.pdf import roadmap_pdf_response
from casework.views.association.base import case_or_404, to_case
from casework.views.association.case import case_page
from casework.views.common import (
    association_required,
)


@association_required
def add_action(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.RoadmapActionForm(request.POST, prefix="action")
    if not form.is_valid():
        return case_page(request, case, roadmap_form=form)
    roadmap.add(case, form.save(commit=False), request.user, request=request)
    messages.success(request, "Action ajoutée au carnet de route.")
    return to_case(case, "carnet")


@association_required
def edit_action(request, pk, action_pk):
    case = case_or_404(request, pk)
    action = get_object_or_404(case.roadmap, pk=action_pk)
    form = forms.RoadmapActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        roadmap.update(form.save(commit=False), request.user, request=request)
        messages.success(request, "Action mise à jour.")
        return to_case(case, "carnet")
    return render(request, "casework/action_edit.html", {"case": case, "form": form, "action": action})


@association_required
def roadmap_pdf(request, pk):
    case = case_or_404(request, pk)
    return roadmap_pdf_response(
        request, case, list(case.roadmap.exclude(status=ActionStatus.ABANDONED).select_related("guide_page"))
    )
