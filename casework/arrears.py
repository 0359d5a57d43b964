"""Repayment plans: respected / unknown / broken (docs/rules.md § 6). Only "broken" alerts both partners."""

from django.db import transaction
from django.utils import timezone

from casework import plans as plans_rule
from casework import workflow
from casework.enums import CaseStatus, PlanStatus
from casework.models import ArrearsStatement, RepaymentPlan
from portal import audit
from portal.enums import Party


def plans_in_force(plans, today=None):
    """{case id: its plan in force today} (casework.plans.in_force), for a queryset of plans of several cases."""
    today = today or timezone.localdate()
    return plans_rule.in_force_by_case(plans, today)


def broken_case_ids(plans, today=None):
    """The cases whose plan in force is broken today: the one reading of « plan non respecté »."""
    today = today or timezone.localdate()
    return {
        case_id
        for case_id, plan in plans_in_force(plans, today).items()
        if plan.status(today=today) == PlanStatus.BROKEN
    }


def check_plans(programme=None, case=None, today=None):
    """Alert both partners once when a case's plan in force becomes broken (a plan replaced by a later one is
    history, never alerted). Returns how many alerts were sent."""
    today = today or timezone.localdate()
    # A closed case needs no alert any more.
    plans = RepaymentPlan.objects.exclude(case__status=CaseStatus.CLOSED).select_related(
        "case__programme", "case__referral", "case__terms"
    )
    if programme is not None:
        plans = plans.filter(case__programme=programme)
    if case is not None:
        plans = plans.filter(case=case)
    sent = 0
    for plan in plans_in_force(plans.prefetch_related("case__arrears_statements"), today).values():
        if plan.broken_alerted_at is not None or plan.status(today=today) != PlanStatus.BROKEN:
            continue
        RepaymentPlan.objects.filter(pk=plan.pk).update(broken_alerted_at=timezone.now())
        workflow.record_event(plan.case, "plan_broken", None, detail="Le plan d'apurement n'est pas respecté.")
        audit.record(None, "repayment_plan.broken", plan, subject=plan.case)
        subject = "Un plan d'apurement n'est pas respecté"
        body = "Le dernier relevé d'un dossier dépasse le solde attendu du plan d'apurement."
        workflow.notify_association(plan.case, subject, body)
        workflow.notify_landlord(plan.case, subject, body)  # only if it may know of the case
        sent += 1
    return sent


@transaction.atomic
def record_plan(case, plan, by, *, party, request=None):
    """A repayment plan (`plan`, unsaved, the form's) recorded by the association or the landlord (`party`): the
    timeline, the audit, the other partner told, then the plan's state checked."""
    plan.case, plan.created_by = case, workflow._actor(by)
    plan.save()
    workflow.record_event(case, "repayment_plan", by, detail="Plan d'apurement enregistré.")
    audit.record(request or by, "repayment_plan.created", plan, subject=case)
    subject, body = "Un plan d'apurement est enregistré", "Un plan d'apurement est enregistré sur un dossier suivi."
    if party == Party.LANDLORD:
        transaction.on_commit(lambda: workflow.notify_association(case, subject, body))
    else:
        transaction.on_commit(lambda: workflow.notify_landlord(case, subject, body))
    check_plans(case=case)
    return plan


@transaction.atomic
def record_statement(case, statement_date, balance, by, request=None):
    """The landlord's arrears statement of a date (one a date: a second replaces the first), then the plans checked."""
    statement, _ = ArrearsStatement.objects.update_or_create(
        case=case, statement_date=statement_date, defaults={"balance": balance, "recorded_by": workflow._actor(by)}
    )
    audit.record(request or by, "arrears_statement.recorded", statement, subject=case)
    check_plans(case=case)
    return statement
