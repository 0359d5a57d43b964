"""Invitations by SMS and/or e-mail, for one case or a selection of the caseload (casework.outreach)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from casework import outreach, perms
from casework.models import Programme
from casework.views.association.base import case_or_404
from casework.views.association.case import case_page
from casework.views.common import association_required, coordinator_required
from portal import audit
from portal.links import absolute


class InviteForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label="Envoyer par",
        choices=[(channel.value, channel.label) for channel in outreach.CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un moyen : SMS, e-mail ou les deux."},
    )


@association_required
def invite(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = InviteForm(request.POST)
    if not outreach.can_invite(case):
        messages.error(
            request,
            "Pas d'invitation : le dossier est en liste d'attente, le ménage s'est déjà manifesté, "
            "ou son code n'est plus valable.",
        )
    elif not form.is_valid():
        return case_page(request, case, invite_form=form)
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


class ProgrammeTextsForm(forms.ModelForm):
    """The coordinator's invitation and reminder texts; a text left as the portal's own is stored empty, so it
    follows the portal's later wording."""

    DEFAULTS = {"invitation_sms_text": outreach.SMS_TEXT, "reminder_sms_text": outreach.REMINDER_TEXT}

    class Meta:
        model = Programme
        fields = ["invitation_sms_text", "reminder_sms_text", "auto_invite"]
        widgets = {
            "invitation_sms_text": forms.Textarea(attrs={"rows": 4}),
            "reminder_sms_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "invitation_sms_text": "Repères : {association}, {lien} (lien court avec le code du courrier), {telephone}. "
            "Rien sur le loyer ni la dette : le message peut s'afficher sur un écran verrouillé.",
            "auto_invite": "Désactivé par défaut : l'invitation part alors quand un intervenant l'envoie.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in self.DEFAULTS.items():
            self.fields[name].required = True
            self.initial[name] = getattr(self.instance, name) or default
            self.fields[name].error_messages["required"] = "Écrivez un texte : sans lui, rien ne peut partir."

    def clean(self):
        cleaned = super().clean()
        for name, default in self.DEFAULTS.items():
            text = (cleaned.get(name) or "").strip()
            if text and "{lien}" not in text:
                self.add_error(name, "Gardez {lien} : c'est par lui que le ménage ouvre son espace.")
            cleaned[name] = "" if text == default else text
        return cleaned


@coordinator_required
def programme_texts(request, pk):
    programme = get_object_or_404(
        Programme.objects.filter(association_id__in=perms.coordinator_association_ids(request.user)).select_related(
            "association"
        ),
        pk=pk,
    )
    form = ProgrammeTextsForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        outreach.save_programme_texts(form, request)
        messages.success(request, "Les textes sont enregistrés.")
        return redirect("casework:programme_texts", pk=programme.pk)
    example = outreach.values(
        programme.association.name,
        absolute("short_invitation", "ABCDEFGHJKMN"),
        programme.association.phone,
    )
    return render(request, "casework/programme_texts.html", {"programme": programme, "form": form, "example": example})
