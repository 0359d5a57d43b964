"""The household's identity, its accounts and the letter's code; the letter as a PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from casework import forms, services, workflow
from casework.pdf import letter_response
from casework.views.association.base import case_or_404, to_case
from casework.views.association.case import case_page
from casework.views.common import (
    association_required,
)
from portal import audit


@association_required
def confirm_identity(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ConfirmIdentityForm(request.POST)
    if not form.is_valid():
        if form.has_error("member"):  # the hidden field: never a person's typing
            raise Http404
        return case_page(request, case, identity_form=form)
    member = get_object_or_404(
        case.household.members.select_related("user"), pk=form.cleaned_data["member"], user__isnull=False
    )
    services.confirm_identity(case, member, request.user, form.cleaned_data["how"], request=request)
    messages.success(request, "Identité confirmée : le ménage voit maintenant tout son espace.")
    return to_case(case, "identite")


@association_required
def revoke_account(request, pk, member_pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = get_object_or_404(case.household.members.select_related("user"), pk=member_pk, user__isnull=False)
    services.revoke_account(case, member, request.user, request=request)
    messages.success(request, "Le compte est retiré et ses sessions sont fermées. Vous pouvez émettre un nouveau code.")
    return to_case(case, "identite")


@association_required
def revoke_code(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.revoke_code(case, request.user, request=request):
        messages.success(request, "Le code du courrier est annulé.")
    else:
        messages.info(request, "Ce code n'était plus utilisable.")
    return to_case(case, "identite")


@association_required
def new_code(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.issue_letter_code(case, request.user)
    workflow.record_event(case, "code_issued", request, detail="Nouveau code émis pour un nouveau courrier.")
    audit.record(request, "case.code_issued", case.invitation, subject=case)
    messages.success(request, "Nouveau code émis : imprimez le nouveau courrier.")
    return to_case(case, "identite")


@association_required
def letter_pdf(request, pk):
    return letter_response(request, case_or_404(request, pk))
