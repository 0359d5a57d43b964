"""The diagnostic of a case."""

from django.contrib import messages
from django.shortcuts import redirect, render

from casework import forms, workflow
from casework.enums import CaseStatus, Right
from casework.models import Diagnostic
from casework.views.association.base import case_or_404
from casework.views.common import (
    association_required,
)
from portal import audit


@association_required
def diagnostic(request, pk):
    case = case_or_404(request, pk)
    record = Diagnostic.objects.filter(case=case).first()
    form = forms.DiagnosticForm(request.POST or None, initial=forms.DiagnosticForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        created = record is None
        record = record or Diagnostic(case=case, created_by=request.user)
        form.apply(record).save()
        workflow.record_event(case, "diagnostic_saved", request, detail="Diagnostic enregistré.")
        audit.record(request, "diagnostic.created" if created else "diagnostic.updated", record, subject=case)
        if case.status == CaseStatus.CONTACT_ESTABLISHED:
            workflow.start_assessment(case, request)
        messages.success(request, "Diagnostic enregistré.")
        return redirect("casework:diagnostic", pk=case.pk)
    if record is not None:
        record.case = case
        audit.record(request, "diagnostic.viewed", record, subject=case)
    return render(
        request,
        "casework/diagnostic.html",
        {
            "case": case,
            "form": form,
            "diagnostic": record,
            "rights": [form[f"right_{r.value}"] for r in Right],
            "income_rows": [(form[f"income_{i}_label"], form[f"income_{i}_amount"]) for i in range(6)],
            "charge_rows": [(form[f"charge_{i}_label"], form[f"charge_{i}_amount"]) for i in range(6)],
            "net_rent": case.referral.tenancy.net_monthly_rent,
        },
    )
