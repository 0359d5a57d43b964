"""The repayment-plan rule (docs/rules.md § 6), one pure function of its inputs: the model, the
pages, the broken-plan alert and the evaluation indicators all call `plan_state`.

A plan runs by steps (« 40 € par mois pendant 3 mois, puis 60 € par mois pendant 9 mois »); a plan of one step is
the common case. The first instalment is due one month after the start date, then one each month. Before it the
plan is « à venir »; after it, it is broken only if a statement dated on or after a due date shows a balance above
the expected balance (the start balance minus the instalments due by that date) plus the programme's tolerance;
a due month with no statement since is « inconnu », never broken.

A case may hold several plans (a plan renegotiated replaces the earlier one): only the plan in force
(`in_force`) has a state that counts — for the broken-plan alert, the case page, the landlord's dashboard, the
meeting's agenda and the evaluation indicators. Earlier plans are history.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from casework.dates import add_months
from casework.enums import PlanStatus
from portal import formats


@dataclass(frozen=True)
class Step:
    months: int
    instalment: Decimal

    def as_dict(self):
        return {"months": self.months, "instalment": str(self.instalment)}

    @classmethod
    def from_dict(cls, data):
        return cls(int(data["months"]), Decimal(str(data["instalment"])))


def plan_steps(first_instalment, first_months, later_steps=()):
    """The steps of a plan as stored: its first step, then the later ones (dicts)."""
    return [Step(first_months, first_instalment), *(Step.from_dict(d) for d in later_steps or ())]


def schedule(start_date, steps):
    """[(due date, instalment)], one per month of every step, in order."""
    rows = []
    for step in steps:
        for _ in range(step.months):
            rows.append((add_months(start_date, len(rows) + 1), step.instalment))
    return rows


def total(steps):
    return sum((step.instalment * step.months for step in steps), Decimal(0))


def expected_balance(start_balance, rows, on):
    """What should be left on `on`: the start balance minus the instalments due by then, never below zero."""
    paid = sum((instalment for due, instalment in rows if due <= on), Decimal(0))
    return max(Decimal(0), start_balance - paid)


def plan_state(*, start_date, start_balance, steps, tolerance, statements, today):
    """The plan's state on `today`. `statements` are objects with `statement_date` and `balance`."""
    rows = schedule(start_date, steps)
    due = [day for day, _ in rows if day <= today]
    if not due:
        return PlanStatus.UPCOMING
    dated = sorted((s for s in statements if start_date <= s.statement_date <= today), key=lambda s: s.statement_date)
    for statement in dated:
        if statement.statement_date < due[0]:
            continue
        if statement.balance > expected_balance(start_balance, rows, statement.statement_date) + tolerance:
            return PlanStatus.BROKEN
    if not any(s.statement_date >= due[-1] for s in dated):
        return PlanStatus.UNKNOWN
    return PlanStatus.RESPECTED


def in_force(plans, on):
    """The plan in force on `on` among one case's plans: the last started by then (by start date, then the last
    recorded); before any has started, the next to start (« à venir »). None without a plan."""
    started = [plan for plan in plans if plan.start_date <= on]
    if started:
        return max(started, key=_order)
    return min(plans, key=_order, default=None)


def in_force_by_case(plans, on):
    """{case id: its plan in force on `on`}, for plans of several cases (objects with `case_id`)."""
    by_case = {}
    for plan in plans:
        by_case.setdefault(plan.case_id, []).append(plan)
    return {case_id: in_force(case_plans, on) for case_id, case_plans in by_case.items()}


def _order(plan):
    return (plan.start_date, plan.pk)


def describe(steps):
    """« 40,00 € par mois pendant 3 mois, puis 60,00 € par mois pendant 9 mois »."""
    return ", puis ".join(f"{formats.amount(s.instalment)} par mois pendant {s.months} mois" for s in steps)


class StepsSyntaxError(ValueError):
    """A line of further steps could not be read; the message is French and names the line."""


def parse_steps(text):
    """Further steps typed one per line as « 9 × 60 » (months × instalment; « x » or « * » also read, a comma for
    the cents). Returns [Step]; raises StepsSyntaxError with a French message naming the line."""
    steps = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for sign in ("×", "x", "X", "*"):
            if sign in line:
                months_text, amount_text = line.split(sign, 1)
                break
        else:
            raise StepsSyntaxError(f"Ligne {number} : écrivez « nombre de mois × mensualité », par exemple « 9 × 60 ».")
        amount_text = amount_text.replace("€", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            months = int(months_text.strip())
            instalment = Decimal(amount_text)
        except (ValueError, InvalidOperation):
            raise StepsSyntaxError(
                f"Ligne {number} : « {line} » ne se lit pas comme « nombre de mois × mensualité »."
            ) from None
        if not 1 <= months <= 120:
            raise StepsSyntaxError(f"Ligne {number} : entre 1 et 120 mois.")
        if instalment <= 0 or instalment.as_tuple().exponent < -2:
            raise StepsSyntaxError(f"Ligne {number} : la mensualité doit être un montant positif, au centime près.")
        steps.append(Step(months, instalment))
    return steps
