"""The programme's indicators for a period, computed with a fixed number of queries whatever the caseload.

Definitions (also written in docs/evaluation.md and in the report's method section):
- the cohort is the cases referred during the period; everything about them is measured as of the period's end
  (or today, if the period is not over);
- taken on: referrals inside the criteria, or outside them and accepted by a coordinator; the association is paid
  for these, contact work counting even when contact fails;
- treated: contact established (a two-way exchange, docs/rules.md § 3) by the measure date;
- outcomes and failures: cases closed by the measure date, by their recorded outcome;
- a repayment plan's state is the state of the case's latest plan, evaluated with casework's own rule on the
  arrears statements dated up to the measure date (a month without a statement is "unknown", never "broken").
"""

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from casework import capacity, deadlines, eligibility, plans
from casework.enums import ArrearsOrigin, Outcome, PlanStatus, TransferStatus
from casework.models import (
    ArrearsStatement,
    Case,
    Diagnostic,
    Handover,
    RepaymentPlan,
    TransferRequest,
    add_months,
)
from portal import formats

ARREARS_HORIZONS = (3, 6, 12)
TENANCY_HORIZONS = (6, 12)
SUCCESS_OUTCOMES = (Outcome.REPAYMENT_PLAN, Outcome.TRANSFER, Outcome.ORIENTATION, Outcome.DEBT_CLEARED)
FAILURES = (Outcome.NO_CONTACT, Outcome.REFUSAL, Outcome.PLAN_BROKEN, Outcome.HOUSEHOLD_LEFT)
# A statement counts for "arrears N months after" if dated within this many days before the horizon.
STATEMENT_WINDOW_DAYS = 62
DELAY_BUCKETS = ((0, 7, "0 à 7 jours"), (8, 14, "8 à 14 jours"), (15, 21, "15 à 21 jours"), (22, 30, "22 à 30 jours"))


@dataclass(frozen=True)
class Period:
    """Referrals from `start` to `end` (both included), measured as of `end` or today if earlier."""

    start: date
    end: date
    key: str = "custom"

    PRESETS = {
        "recent": "12 derniers mois",
        "6m": "6 premiers mois du programme",
        "12m": "12 premiers mois du programme",
    }
    DEFAULT = "recent"

    @classmethod
    def first_months(cls, programme, months):
        return cls(programme.start_date, add_months(programme.start_date, months) - timedelta(days=1), f"{months}m")

    @classmethod
    def recent(cls, programme, today=None):
        """The default: the 12 months up to today included (the same day a year ago is out), never before the
        programme's start, so the dashboard opens on the activity of now, whenever the programme began."""
        today = today or timezone.localdate()
        start = max(add_months(today, -12) + timedelta(days=1), min(programme.start_date, today))
        return cls(start, today, "recent")

    @classmethod
    def preset(cls, programme, key, today=None):
        if key == "6m":
            return cls.first_months(programme, 6)
        if key == "12m":
            return cls.first_months(programme, 12)
        return cls.recent(programme, today)

    @classmethod
    def between(cls, programme, start, end, today=None):
        """Dates chosen by hand, named after the preset they happen to match (« 6 premiers mois… »)."""
        for key in cls.PRESETS:
            preset = cls.preset(programme, key, today)
            if (preset.start, preset.end) == (start, end):
                return preset
        return cls(start, end)

    @property
    def label(self):
        dates = f"du {formats.day(self.start)} au {formats.day(self.end)}"
        if self.key in self.PRESETS:
            return f"{self.PRESETS[self.key]} ({dates})"
        return dates

    def measured_on(self, today=None):
        return min(self.end, today or timezone.localdate())

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def query(self):
        """The one way a period travels in an address: its two dates."""
        return f"du={self.start.isoformat()}&au={self.end.isoformat()}"


def percentile(values, p):
    """Nearest-rank percentile (no interpolation: every figure is a real case's delay)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def median(values):
    return statistics.median(values) if values else None


def share(part, whole):
    return None if not whole else round(float(100 * part / whole), 1)


@dataclass
class ArrearsHorizon:
    months: int
    cases: int = 0
    at_referral: Decimal = Decimal(0)
    after: Decimal = Decimal(0)

    @property
    def change(self):
        return share(self.after - self.at_referral, self.at_referral) if self.at_referral else None

    @property
    def mean_at_referral(self):
        """The mean arrears per case measured at this horizon, at referral (None when none is measured)."""
        return (self.at_referral / self.cases).quantize(Decimal("0.01")) if self.cases else None

    @property
    def mean_after(self):
        return (self.after / self.cases).quantize(Decimal("0.01")) if self.cases else None


@dataclass
class TenancyHorizon:
    months: int
    closed: int = 0
    in_place: int = 0


@dataclass
class Indicators:
    programme_id: int
    period: Period
    measured_on: date
    identified: int = 0
    taken_on: int = 0
    outside_criteria_accepted: int = 0
    treated: int = 0
    closed: int = 0
    outcomes: dict = field(default_factory=dict)
    failures: dict = field(default_factory=dict)
    plans_set_up: int = 0
    plan_states: dict = field(default_factory=dict)
    dialogue_restored: int = 0
    dialogue_recorded: int = 0
    contact_delays: list = field(default_factory=list)
    deadline_due: int = 0
    within_deadline: int = 0
    # Referred while the programme was full and still on the waiting list at the measure date (casework.capacity).
    waiting: int = 0
    support_lengths: list = field(default_factory=list)
    arrears: list = field(default_factory=list)
    tenancy: list = field(default_factory=list)
    cost_per_situation: Decimal = Decimal(0)
    budget: Decimal = Decimal(0)
    yearly_capacity: int = 0
    handovers: int = 0
    transfers_filed: int = 0
    transfers_done: int = 0
    appointments_held: int = 0
    appointments_missed: int = 0
    appointments_tracked: bool = False
    # Sensitive breakdowns (association only; the funder gets them suppressed, the landlord never).
    origins: dict = field(default_factory=dict)
    orientation_schemes: dict = field(default_factory=dict)
    handover_services: dict = field(default_factory=dict)
    # The contact funnel (casework.evaluation.funnel), computed apart with its own three queries, when shown.
    funnel: object = None

    @property
    def failures_total(self):
        return sum(self.failures.values())

    @property
    def delay_median(self):
        return median(self.contact_delays)

    @property
    def delay_p90(self):
        return percentile(self.contact_delays, 90)

    @property
    def within_deadline_share(self):
        return share(self.within_deadline, self.deadline_due)

    @property
    def support_median(self):
        return median(self.support_lengths)

    @property
    def support_p90(self):
        return percentile(self.support_lengths, 90)

    @property
    def cost(self):
        return self.cost_per_situation * self.taken_on

    @property
    def budget_share(self):
        return share(self.cost, self.budget)

    @property
    def period_capacity(self):
        """The yearly capacity pro rata of the period's length (20 a year: 10 for six months)."""
        return round(self.yearly_capacity * min(self.period.days, 366) / 365)

    @property
    def capacity_share(self):
        return share(self.taken_on, self.period_capacity)

    def delay_histogram(self, deadline_days=30):
        counts = []
        for low, high, label in DELAY_BUCKETS:
            counts.append((label, sum(1 for d in self.contact_delays if low <= d <= high)))
        counts.append((f"plus de {deadline_days} jours", sum(1 for d in self.contact_delays if d > deadline_days)))
        return counts


def end_of(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def local_date(value, tz=None):
    # astimezone with the zone looked up once: timezone.localdate() per row costs more than the rest of a row.
    return value.astimezone(tz or timezone.get_current_timezone()).date() if value is not None else None


ORIENTATION = str(Outcome.ORIENTATION)


def compute(programme, period, today=None, landlord_known=False):
    """All indicators of `programme` for `period`. Queries: cases, plans, statements, diagnostics, handovers,
    transfers, appointments — seven, whatever the number of cases. `landlord_known`: only the cases the landlord may know of
    (its version never counts a case the household opened itself)."""
    measured_on = period.measured_on(today)
    cutoff = end_of(measured_on)
    result = Indicators(
        programme_id=programme.pk,
        period=period,
        measured_on=measured_on,
        cost_per_situation=programme.cost_per_situation,
        budget=programme.budget,
        yearly_capacity=programme.yearly_capacity,
    )
    cohort = Case.objects.filter(programme=programme, referral__referred_on__range=(period.start, period.end))
    if landlord_known:
        cohort = cohort.landlord_known()
    rows = list(
        cohort.values(
            "pk",
            "outcome",
            "orientation_scheme",
            "dialogue_restored",
            "contact_established_at",
            "closed_at",
            "referral__referred_on",
            "referral__is_eligible",
            "referral__accepted_at",
            "referral__arrears_amount",
            "referral__tenancy__ended_on",
            "terms__contact_deadline_days",
            "waitlisted_at",
            "admitted_on",
        )
    )
    cohort_ids = cohort.values("pk")
    _count_cases(result, programme, rows, measured_on, cutoff)

    statements = _statements_by_case(cohort_ids, measured_on)
    _plans(result, programme, cohort_ids, statements, measured_on)
    _arrears(result, rows, statements, measured_on)
    _origins(result, cohort_ids)
    _handovers(result, cohort_ids, cutoff)
    _transfers(result, cohort_ids, measured_on)
    _appointments(result, cohort_ids, cutoff)
    return result


def _count_cases(result, programme, rows, measured_on, cutoff):
    """The per-case counts (contact, deadline, closure, tenancy horizons). Per-row work is kept small: thousands of
    rows go through this loop. Same-zone datetimes compare without a time zone lookup, so the cutoff is taken to UTC
    like the stored values."""
    tz = timezone.get_current_timezone()
    result.identified = len(rows)
    outcomes = Counter()
    schemes = Counter()
    utc_cutoff = cutoff.astimezone(UTC)
    tenancy = {months: _horizon(result.tenancy, TenancyHorizon, months) for months in TENANCY_HORIZONS}
    for row in rows:
        contact_day = _count_contact(result, programme, row, utc_cutoff, measured_on, tz)
        closed_at = row["closed_at"]
        if closed_at is None or closed_at > utc_cutoff or not row["outcome"]:
            continue
        result.closed += 1
        outcome = row["outcome"]
        outcomes[outcome] += 1
        if outcome == ORIENTATION:
            schemes[row["orientation_scheme"].strip() or "Non précisé"] += 1
        if row["dialogue_restored"] is not None:
            result.dialogue_recorded += 1
            result.dialogue_restored += 1 if row["dialogue_restored"] else 0
        closed_on = local_date(closed_at, tz)
        if contact_day is not None:
            result.support_lengths.append((closed_on - contact_day).days)
        _count_tenancy(tenancy, closed_on, row["referral__tenancy__ended_on"], measured_on)
    result.outcomes = {o: outcomes.get(o, 0) for o in SUCCESS_OUTCOMES}
    result.failures = {o: outcomes.get(o, 0) for o in FAILURES}
    result.orientation_schemes = dict(sorted(schemes.items(), key=lambda item: (-item[1], item[0])))


def _count_contact(result, programme, row, utc_cutoff, measured_on, tz):
    """Taken on, contacted, within the deadline; returns the day contact was established (None if not by then)."""
    eligible = row["referral__is_eligible"]
    taken_on = eligibility.is_taken_on(eligible, row["referral__accepted_at"], utc_cutoff)
    if taken_on:
        result.taken_on += 1
        if not eligible:
            result.outside_criteria_accepted += 1
    contact_at = row["contact_established_at"]
    contact_day = None
    if contact_at is not None and contact_at <= utc_cutoff:
        result.treated += 1
        contact_day = local_date(contact_at, tz)
        result.contact_delays.append(contact_delay(row, contact_day, measured_on))
    if _waiting_on(row, measured_on):
        result.waiting += 1
    elif taken_on:
        due, within = deadline_counts(programme, row, contact_day, measured_on)
        result.deadline_due += due
        result.within_deadline += within
    return contact_day


def _waiting_on(row, measured_on):
    """On the waiting list on the measure date (casework.capacity): it had not entered the programme's count."""
    entered = capacity.entered_on(row["referral__referred_on"], row["waitlisted_at"], row["admitted_on"])
    return entered is None or entered > measured_on


def clock_start(row, measured_on):
    """The day the case's contact clock started (casework.capacity.clock_start: the referral, the day a waiting case
    left the list, the day a referral outside the criteria was accepted), None if it had not started by the measure
    date (still waiting, or outside the criteria and not accepted yet). The rule of the case's own deadline."""
    eligible, accepted_at = row["referral__is_eligible"], row["referral__accepted_at"]
    if not eligibility.is_taken_on(eligible, accepted_at, end_of(measured_on)):
        return None
    accepted_on = None if eligible else local_date(accepted_at)
    started_on = capacity.clock_start(
        row["referral__referred_on"], row["waitlisted_at"], row["admitted_on"], accepted_on=accepted_on
    )
    return started_on if started_on is not None and started_on <= measured_on else None


def contact_delay(row, contact_day, measured_on):
    """Days from the start of the case's contact clock to the day contact was established (docs/rules.md § 2: a
    case's waiting-list time and a referral's wait for acceptance are not the association's delay)."""
    started_on = clock_start(row, measured_on) or row["referral__referred_on"]
    return max(0, (contact_day - started_on).days)


def deadline_counts(programme, row, contact_day, measured_on):
    """(due, within) as 0/1: a case counts once contact is established or its deadline is over on the measure
    date (casework.deadlines.is_over: measured on the deadline day, a case without contact does not count yet); it
    is within the deadline if contact was established before the deadline was over (on the deadline day or before).
    The clock starts as the case's own deadline does (clock_start); a case whose clock had not started counts
    nowhere."""
    started_on = clock_start(row, measured_on)
    if started_on is None:
        return 0, 0
    deadline = deadlines.deadline_for(_kept(programme, row, "terms__", "contact_deadline_days"), started_on)
    due = contact_day is not None or deadlines.is_over(deadline, measured_on)
    within = contact_day is not None and not deadlines.is_over(deadline, contact_day)
    return int(due), int(due and within)


def _count_tenancy(tenancy, closed_on, ended_on, measured_on):
    for months, horizon_counts in tenancy.items():
        horizon = add_months(closed_on, months)
        if horizon > measured_on:
            continue
        horizon_counts.closed += 1
        horizon_counts.in_place += 1 if ended_on is None or ended_on > horizon else 0


class Statement(NamedTuple):
    statement_date: date
    balance: Decimal


def _kept(programme, row, prefix, name):
    """The parameter a case keeps (its version's, read in the row), else its programme's: casework.deadlines and
    casework.plans take an object with the parameter as attribute (docs/rules.md § 2)."""
    value = row.get(prefix + name)
    return SimpleNamespace(**{name: getattr(programme, name) if value is None else value})


def _horizon(items, cls, months):
    for item in items:
        if item.months == months:
            return item
    item = cls(months)
    items.append(item)
    items.sort(key=lambda i: i.months)
    return item


def _statements_by_case(cohort_ids, measured_on):
    by_case = {}
    for case_id, statement_date, balance in ArrearsStatement.objects.filter(
        case__in=cohort_ids, statement_date__lte=measured_on
    ).values_list("case_id", "statement_date", "balance"):
        by_case.setdefault(case_id, []).append(Statement(statement_date, balance))
    for items in by_case.values():
        items.sort(key=lambda s: s.statement_date)
    return by_case


def _plans(result, programme, cohort_ids, statements, measured_on):
    """The state, on `measured_on`, of each case's plan in force then (casework.plans.in_force)."""
    rows = RepaymentPlan.objects.filter(case__in=cohort_ids, start_date__lte=measured_on).values(
        "pk",
        "case_id",
        "start_date",
        "start_balance",
        "monthly_instalment",
        "duration_months",
        "later_steps",
        "case__terms__repayment_tolerance",
    )
    latest = plans.in_force_by_case([SimpleNamespace(**values) for values in rows], measured_on)
    states = Counter()
    for case_id, plan in latest.items():
        state = plans.plan_state(
            start_date=plan.start_date,
            start_balance=plan.start_balance,
            steps=plans.plan_steps(plan.monthly_instalment, plan.duration_months, plan.later_steps),
            tolerance=_kept(programme, vars(plan), "case__terms__", "repayment_tolerance").repayment_tolerance,
            statements=statements.get(case_id, []),
            today=measured_on,
        )
        states[state] += 1
    result.plans_set_up = len(latest)
    result.plan_states = {s: states.get(s, 0) for s in PlanStatus}


def _arrears(result, rows, statements, measured_on):
    for months in ARREARS_HORIZONS:
        horizon = ArrearsHorizon(months)
        for row in rows:
            target = add_months(row["referral__referred_on"], months)
            if target > measured_on:
                continue
            window_start = target - timedelta(days=STATEMENT_WINDOW_DAYS)
            found = [s for s in statements.get(row["pk"], []) if window_start <= s.statement_date <= target]
            if not found:
                continue
            horizon.cases += 1
            horizon.at_referral += row["referral__arrears_amount"]
            horizon.after += found[-1].balance
        result.arrears.append(horizon)


def _origins(result, cohort_ids):
    counts = Counter()
    for origins in Diagnostic.objects.filter(case__in=cohort_ids).values_list("origins", flat=True):
        for origin in set(origins or []):
            counts[origin] += 1
    result.origins = {ArrearsOrigin(o).label if o in ArrearsOrigin.values else str(o): n for o, n in counts.items()}
    result.origins = dict(sorted(result.origins.items(), key=lambda item: (-item[1], item[0])))


def _handovers(result, cohort_ids, cutoff):
    rows = (
        Handover.objects.filter(case__in=cohort_ids, created_at__lte=cutoff)
        .values("partner__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "partner__name")
    )
    result.handover_services = {row["partner__name"]: row["n"] for row in rows}
    result.handovers = sum(result.handover_services.values())


def _transfers(result, cohort_ids, measured_on):
    """Transfer requests filed by the measure date, and those done by then (casework.transfers' dates)."""
    counts = TransferRequest.objects.filter(case__in=cohort_ids).aggregate(
        filed=Count("pk", filter=Q(filed_on__lte=measured_on)),
        done=Count("pk", filter=Q(status=TransferStatus.DONE, ended_on__lte=measured_on)),
    )
    result.transfers_filed, result.transfers_done = counts["filed"], counts["done"]


def _appointments(result, cohort_ids, cutoff):
    appointment_model = apps.get_model("appointments", "Appointment")
    counts = dict(
        appointment_model.objects.filter(
            case__in=cohort_ids, starts_at__lte=cutoff, status__in=["done", "household_absent"]
        )
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    result.appointments_tracked = True
    result.appointments_held = counts.get("done", 0)
    result.appointments_missed = counts.get("household_absent", 0)


def failure_label(outcome):
    return Outcome(outcome).label.replace("Échec : ", "")
