"""Invitations by SMS and/or e-mail, for one case or a selection of the caseload (casework.outreach)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse

from casework import outreach, perms
from casework.views.association import _case
from casework.views.common import association_required
from portal import audit


class InviteForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label="Envoyer par",
        choices=[(channel.value, channel.label) for channel in outreach.CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un moyen : SMS, e-mail ou les deux."},
    )


@association_required
def invite(request, pk):
    case = _case(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["channels"]))
    elif not outreach.can_invite(case):
        messages.error(request, "Pas d'invitation : le ménage s'est déjà manifesté, ou son code n'est plus valable.")
    else:
        with transaction.atomic():
            outreach.queue(case, form.cleaned_data["channels"], by=request.user)
        audit.record(request, "case.invitation_sent", case, subject=case, channels=form.cleaned_data["channels"])
        messages.success(request, "L'invitation part dans un instant. Son état s'affiche ci-dessous.")
    return redirect(reverse("casework:case_detail", args=[case.pk]) + "#invitations")


@association_required
def invite_selection(request):
    """The cases ticked on the caseload; those outside the person's scope are not found, those that cannot be
    invited (reached out, code used or expired, closed) are counted apart."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = InviteForm(request.POST)
    ids = [int(value) for value in request.POST.getlist("case") if value.isdigit() and len(value) < 10]
    if not form.is_valid() or not ids:
        messages.error(request, "Cochez au moins un dossier et un moyen d'envoi (SMS, e-mail ou les deux).")
        return redirect("casework:caseload")
    cases = perms.association_cases(request.user).filter(pk__in=ids).select_related("invitation")
    sent = skipped = 0
    with transaction.atomic():
        for case in cases:
            if outreach.can_invite(case):
                outreach.queue(case, form.cleaned_data["channels"], by=request.user)
                sent += 1
            else:
                skipped += 1
    audit.record(request, "caseload.invitations_sent", count=sent, channels=form.cleaned_data["channels"])
    messages.success(request, f"Invitations en cours d'envoi : {sent}. Dossiers laissés de côté : {skipped}.")
    return redirect("casework:caseload")
