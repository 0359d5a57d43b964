"""Repayment plans (plans d'apurement) posted from the association's or the landlord's case page."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed

from casework import arrears, forms
from casework.views.association.base import case_or_404, to_case
from casework.views.association.case import case_page
from casework.views.common import (
    association_required,
)
from portal.enums import Party


def post_plan(request, case, party=Party.ASSOCIATION):
    """The plan form posted from either partner's case page: the plan recorded (None returned), or the refused
    form, bound, for the page to show again with every value and each error next to its field."""
    form = forms.RepaymentPlanForm(request.POST, prefix="plan")
    if not form.is_valid():
        return form
    arrears.record_plan(case, form.save(commit=False), request.user, party=party, request=request)
    messages.success(request, "Plan d'apurement enregistré.")
    return None


@association_required
def add_plan(request, pk):
    case = case_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    refused = post_plan(request, case)
    if refused is not None:
        return case_page(request, case, plan_form=refused)
    return to_case(case, "plan")
