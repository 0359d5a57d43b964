"""Repayment plans (plans d'apurement) posted from the association's or the landlord's case page."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed

from casework import arrears, forms, workflow
from casework.views.association.base import case_or_404, to_case
from casework.views.common import (
    association_required,
)
from portal import audit


def save_plan(request, case, form):
    plan = form.save(commit=False)
    plan.case, plan.created_by = case, request.user
    plan.save()
    workflow.record_event(case, "repayment_plan", request, detail="Plan d'apurement enregistré.")
    audit.record(request, "repayment_plan.created", plan, subject=case)
    arrears.check_plans(case=case)
    return plan


def post_plan(request, case):
    """The plan form posted from either partner's case page: saved, or its errors said in a message."""
    form = forms.RepaymentPlanForm(request.POST, prefix="plan")
    if form.is_valid():
        save_plan(request, case, form)
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
