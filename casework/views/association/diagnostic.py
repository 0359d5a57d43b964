"""The diagnostic of a case; its free texts are kept as drafts while they are typed, as notes and minutes are."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from casework import draft_kinds, forms, services
from casework.enums import Right
from casework.models import Diagnostic
from casework.views.association.base import case_or_404
from casework.views.common import (
    association_required,
)
from portal import audit, drafts


def draft_keys(case):
    """{free text's field name: its draft key} (the registry's « diagnostic » kind, casework.draft_kinds)."""
    return {name: drafts.key("diagnostic", case.pk, draft_kinds.section_key_part(name)) for name in Diagnostic.TEXTS}


def _autosaved(form, keys):
    """Each free text saved as it is typed (static/js/portal.js), its status read out under it."""
    for name, key in keys.items():
        attrs = form.fields[name].widget.attrs
        attrs["data-draft-url"] = reverse("portal:save_draft", args=[key])
        attrs["data-draft-status"] = f"{form[name].auto_id}-draft"
    return form


@association_required
def diagnostic(request, pk):
    case = case_or_404(request, pk)
    record = Diagnostic.objects.filter(case=case).first()
    keys = draft_keys(case)
    form = _autosaved(
        forms.DiagnosticForm(request.POST or None, initial=forms.DiagnosticForm.initial_from(record)), keys
    )
    if request.method == "POST" and "save_draft" in request.POST:
        # Without JavaScript: the free texts kept as encrypted drafts; the page comes back with everything typed.
        for name, key in keys.items():
            drafts.save(request.user, key, request.POST.get(name, ""))
        messages.success(request, "Brouillon enregistré : les textes libres sont gardés jusqu'à l'enregistrement.")
    elif request.method == "POST" and form.is_valid():
        services.save_diagnostic(case, form.apply(record or Diagnostic()), request, request=request)
        drafts.clear_all(request.user, keys.values())
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
            "has_draft": request.method == "GET" and drafts.restore(request.user, form, keys),
            "rights": [form[f"right_{r.value}"] for r in Right],
            "income_rows": [(form[f"income_{i}_label"], form[f"income_{i}_amount"]) for i in range(6)],
            "charge_rows": [(form[f"charge_{i}_label"], form[f"charge_{i}_amount"]) for i in range(6)],
            "net_rent": case.referral.tenancy.net_monthly_rent,
        },
    )
