"""Repayment plans: respected / unknown / broken (docs/rules.md § 6). Only "broken" alerts both partners."""

from django.utils import timezone

from casework import workflow
from casework.enums import CaseStatus, PlanStatus
from casework.models import RepaymentPlan
from portal import audit


def plan_status(plan, today=None):
    return plan.status(today=today)


def check_plans(programme=None, case=None, today=None):
    """Alert both partners once when a plan becomes broken. Returns how many alerts were sent."""
    # A closed case needs no alert any more.
    plans = (
        RepaymentPlan.objects.filter(broken_alerted_at__isnull=True)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__programme", "case__referral")
    )
    if programme is not None:
        plans = plans.filter(case__programme=programme)
    if case is not None:
        plans = plans.filter(case=case)
    sent = 0
    for plan in plans.prefetch_related("case__arrears_statements"):
        if plan.status(today=today) != PlanStatus.BROKEN:
            continue
        RepaymentPlan.objects.filter(pk=plan.pk).update(broken_alerted_at=timezone.now())
        workflow.record_event(plan.case, "plan_broken", None, detail="Le plan d'apurement n'est pas respecté.")
        audit.record(None, "repayment_plan.broken", plan, subject=plan.case)
        subject = "Un plan d'apurement n'est pas respecté"
        body = "Le dernier relevé d'un dossier dépasse le solde attendu du plan d'apurement."
        workflow.notify_association(plan.case, subject, body)
        if plan.case.landlord_may_know:
            workflow.notify_landlord(plan.case, subject, body)
        sent += 1
    return sent
