"""The transfer (mutation) request of a case: noted, then moved through its states (casework.transfers)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

from casework import forms, transfers
from casework.views.association.base import case_or_404, to_case
from casework.views.association.case import case_page
from casework.views.common import association_required
from portal import audit


@association_required
def add_transfer(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.TransferRequestForm(request.POST, prefix="transfer")
    if form.is_valid():
        try:
            transfers.create(case, request.user, request=request, **form.cleaned_data)
            messages.success(request, "Demande de mutation notée « à déposer ». Ouvrez-la pour suivre ses étapes.")
            return to_case(case, "mutation")
        except transfers.TransferError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return case_page(request, case, transfer_form=form)


def _apply(request, transfer, form):
    """The form's changes through the service, in one transaction; a refusal goes to its field."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if form.consent_changed():
                transfers.record_consent(
                    transfer,
                    data["landlord_informed"],
                    communes_shared=data["communes_shared"],
                    by=request.user,
                    how=data["consent_how"].strip(),
                    request=request,
                )
            transfers.update(
                transfer,
                request.user,
                status=data["status"],
                on=data["on"],
                wished_communes=data["wished_communes"],
                note=data["note"],
                request=request,
            )
        return True
    except transfers.TransferError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False


@association_required
def edit_transfer(request, pk, transfer_pk):
    case = case_or_404(request, pk)
    transfer = get_object_or_404(case.transfer_requests, pk=transfer_pk)
    form = forms.TransferUpdateForm(
        request.POST or None, transfer=transfer, next_statuses=transfers.next_statuses(transfer)
    )
    if request.method == "POST" and form.is_valid() and _apply(request, transfer, form):
        messages.success(request, "Demande de mutation mise à jour.")
        return to_case(case, "mutation")
    if request.method == "GET":
        audit.record(request, "transfer_request.viewed", transfer, subject=case)
    return render(
        request,
        "casework/transfer_edit.html",
        {"case": case, "transfer": transfer, "form": form, "consents": list(transfer.consents.all())},
    )
