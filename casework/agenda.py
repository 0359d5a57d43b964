"""The agenda of the regular association–landlord meeting, prepared from the rules (docs/rules.md § 5 sexies).

Each item is an existing rule, called, never written again here: the contact deadline is over
(CaseQuerySet.past_deadline and reached_out_past_deadline: casework.deadlines), the repayment plan is broken
(its plan in force: casework.arrears.broken_case_ids), support runs past its expected length (CaseQuerySet.support_overdue), minutes
of a tripartite review are due for validation (casework.reviews.may_validate_without_reason), the case waits for a
place (casework.capacity). Only the cases the landlord may know of (CaseQuerySet.landlord_known): both partners read
the meeting.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from casework import arrears, reviews
from casework.enums import ReviewStatus
from casework.models import Case, RepaymentPlan, TripartiteReview

REASONS = {
    "past_deadline": "Échéance de contact dépassée",
    "plan_broken": "Plan d'apurement non respecté",
    "support_overdue": "Accompagnement plus long que prévu",
    "review_due": "Compte rendu de bilan à valider",
    "waiting": "En liste d'attente",
}


@dataclass
class AgendaItem:
    case: object
    reasons: list = field(default_factory=list)

    @property
    def labels(self):
        return [REASONS[key] for key in self.reasons]


def shared_scope(programme):
    """The programme's open cases its landlord may know of: the only ones a meeting can discuss."""
    return Case.objects.filter(programme=programme).landlord_known(programme.landlord_id).open()


def _plan_broken_ids(scope, today):
    plans = (
        RepaymentPlan.objects.filter(case__in=scope)
        .select_related("case__programme", "case__terms")
        .prefetch_related("case__arrears_statements")
    )
    return arrears.broken_case_ids(plans, today)


def _review_due_ids(scope, now):
    shared = TripartiteReview.objects.filter(case__in=scope, status=ReviewStatus.SHARED)
    return {review.case_id for review in shared if reviews.may_validate_without_reason(review, now)}


def reasons_by_case(programme, today=None):
    """{case id: [reason keys]}, in the order of REASONS."""
    today = today or timezone.localdate()
    now = timezone.now()
    scope = shared_scope(programme)
    found = {
        "past_deadline": set(scope.past_deadline(today).values_list("pk", flat=True))
        | set(scope.reached_out_past_deadline(today).values_list("pk", flat=True)),
        "plan_broken": _plan_broken_ids(scope, today),
        "support_overdue": set(scope.support_overdue(now).values_list("pk", flat=True)),
        "review_due": _review_due_ids(scope, now),
        "waiting": set(scope.waiting().values_list("pk", flat=True)),
    }
    by_case = {}
    for key in REASONS:
        for pk in sorted(found[key]):
            by_case.setdefault(pk, []).append(key)
    return by_case


def prepare(programme, today=None):
    """The agenda: one item per case to discuss, with why, households in name order."""
    by_case = reasons_by_case(programme, today)
    cases = Case.objects.filter(pk__in=by_case).select_related("household").order_by("household__display_name", "pk")
    return [AgendaItem(case, by_case[case.pk]) for case in cases]


def items_of(meeting, cases):
    """A scheduled meeting's agenda as it was prepared, for the cases the reader may see (`cases`)."""
    stored = meeting.agenda or {}
    return [AgendaItem(case, stored.get(str(case.pk), [])) for case in cases]
