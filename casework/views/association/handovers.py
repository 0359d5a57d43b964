"""Handovers to partner services (passage de relais) and the household's consent."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, render

from casework import forms, handovers, workflow
from casework.views.association.base import booking_url, case_or_404, to_case
from casework.views.common import (
    association_required,
)
from portal import audit


@association_required
def handover_edit(request, pk, handover_pk=None):
    case = case_or_404(request, pk)
    handover = get_object_or_404(case.handovers, pk=handover_pk) if handover_pk else None
    form = forms.HandoverForm(request.POST or None, instance=handover)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            created = handover is None
            handover = form.save(commit=False)
            handover.case = case
            if created:
                handover.created_by = request.user
            handover.save()
            handovers.record_consent(
                handover,
                form.cleaned_data["consent"],
                by=request.user,
                how=form.cleaned_data.get("consent_how", ""),
                request=request,
            )
            workflow.record_event(
                case,
                "handover",
                request,
                detail=f"Passage de relais vers {handover.partner} : {handover.get_status_display()}.",
            )
            audit.record(request, "handover.created" if created else "handover.updated", handover, subject=case)
        messages.success(request, "Passage de relais enregistré.")
        return to_case(case, "relais")
    if handover is not None:
        audit.record(request, "handover.viewed", handover, subject=case)
    return render(
        request,
        "casework/handover_edit.html",
        {
            "case": case,
            "form": form,
            "handover": handover,
            "consents": handover.consents.all() if handover else [],
            "booking_url": booking_url(case, handover=handover) if handover else None,
        },
    )
