"""Inbound contact requests from the public site (casework.models.ContactRequest): link one to a case, or open a case from it.

Either way the household reached out: the case's escalation stops (workflow.household_reached_out).
A case opened from a request is the household's own, not a landlord referral: the landlord never sees it.
"""

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from casework import forms, perms, services
from casework.enums import ReferralSource
from casework.models import ContactRequest
from casework.views.common import association_required
from portal import audit


def scoped_requests(user):
    return ContactRequest.objects.for_association(perms.association_ids(user))


class LinkForm(django_forms.Form):
    case = django_forms.ModelChoiceField(label="Dossier du ménage", queryset=None, empty_label="Choisissez…")

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = (
            lambda c: f"{c.household} — {c.referral.tenancy.commune} — {c.get_status_display()}"
        )


class OpenCaseForm(forms.ReferralForm):
    """The referral form without the landlord's part: the household asked for help itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("landlord_attempts", "attempts_unanswered", "exception_reason"):
            self.fields.pop(name)
        self.fields["arrears_amount"].label = "Retard de loyer déclaré par le ménage (€)"

    def clean(self):
        cleaned = django_forms.Form.clean(self)
        if cleaned.get("monthly_apl") is not None and cleaned.get("monthly_rent") is not None:
            if cleaned["monthly_apl"] > cleaned["monthly_rent"]:
                self.add_error("monthly_apl", "L'APL ne peut pas dépasser le loyer.")
        return cleaned


@association_required
def contact_request(request, pk):
    item = get_object_or_404(scoped_requests(request.user).select_related("case__household"), pk=pk)
    audit.record(request, "contact_request.viewed", item)
    cases = perms.association_cases(request.user).open().select_related("household", "referral__tenancy")
    link_form = LinkForm(request.POST if "link" in request.POST else None, cases=cases)
    open_form = OpenCaseForm(
        request.POST if "open" in request.POST else None,
        programmes=perms.association_programmes(request.user),
        initial={
            "tenant_first_name": item.name,
            "phone": item.contact if item.channel == "phone" else "",
            "email": item.contact if item.channel == "email" else "",
        },
    )
    if request.method == "POST" and item.case_id is None:
        if "link" in request.POST and link_form.is_valid():
            services.link_contact_request(item, request, link_form.cleaned_data["case"])
            messages.success(request, "Demande rattachée au dossier ; l'échéance ne s'applique plus.")
            return redirect("casework:case_detail", pk=link_form.cleaned_data["case"].pk)
        if "open" in request.POST and open_form.is_valid():
            data = open_form.cleaned_data
            with transaction.atomic():
                details = services.NewReferral.from_form(
                    data, criteria=open_form.criteria or [], landlord_attempts="", exception_reason=""
                )
                case = services.create_referral(
                    data["programme"], request.user, details, request=request, source=ReferralSource.CONTACT_REQUEST
                )
                services.link_contact_request(item, request, case)
            messages.success(request, "Dossier ouvert à partir de la demande. Le bailleur ne le voit pas.")
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request, "casework/contact_request.html", {"item": item, "link_form": link_form, "open_form": open_form}
    )
