"""Repayment plans (plans d'apurement) posted from the association's or the landlord's case page."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed

from casework import arrears, forms
from casework.views.association.base import case_or_404, to_case
from casework.views.common import (
    association_required,
)
from portal.enums import Party


def post_plan(request, case, party=Party.ASSOCIATION):
    """The plan form posted from either partner's case page: saved, or its errors said in a message."""
    form = forms.RepaymentPlanForm(request.POST, prefix="plan")
    if form.is_valid():
        arrears.record_plan(case, form.save(commit=False), request.user, party=party, request=request)
        messages.success(request, "Plan d'apurement enregistré.")
    else:
        messages.error(request, "Le plan n'est pas enregistré : " + " ".join(e[0] for e in form.errors.values()))


@association_required
def add_plan(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post_plan(request, case)
    return to_case(case, "plan")
