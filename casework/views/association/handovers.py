"""Handovers to partner services (passage de relais) and the household's consent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from casework import directory, forms, handovers
from casework.views.association.base import booking_url, case_or_404, to_case
from casework.views.common import (
    association_required,
)
from portal import audit, geo
from portal.models import Organisation


@association_required
def handover_edit(request, pk, handover_pk=None):
    case = case_or_404(request, pk)
    handover = get_object_or_404(case.handovers, pk=handover_pk) if handover_pk else None
    commune_code = case.referral.tenancy.commune_code if case.referral_id else ""
    form = forms.HandoverForm(request.POST or None, instance=handover, commune_code=commune_code)
    if request.method == "POST" and form.is_valid():
        handovers.save(
            case,
            form.save(commit=False),
            consent=form.cleaned_data["consent"],
            how=form.cleaned_data.get("consent_how", ""),
            by=request,
            request=request,
        )
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
            "services": [
                service
                for service in directory.covering(Organisation.objects.handover_targets(), commune_code)
                if geo.covers(service.area, commune_code)
            ],
        },
    )
