"""The transfer (mutation) request of a case."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed

from casework import forms
from casework.views.association.base import case_or_404, to_case
from casework.views.common import (
    association_required,
)
from portal import audit


@association_required
def add_transfer(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.TransferRequestForm(request.POST, prefix="transfer")
    if form.is_valid():
        transfer = form.save(commit=False)
        transfer.case, transfer.created_by = case, request.user
        transfer.save()
        audit.record(request, "transfer_request.created", transfer, subject=case)
        messages.success(request, "Demande de mutation enregistrée.")
    else:
        messages.error(request, "La demande n'est pas enregistrée : vérifiez la date.")
    return to_case(case, "mutation")
