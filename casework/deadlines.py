"""The contact clock and the length of support, each rule defined once (docs/rules.md § 2).

Every rule has two faces that must agree: a predicate on a loaded case (for a page showing one case or a badge)
and a `Q` for a queryset (for a filter or a periodic job). Both read the case's own parameters: the version of
the programme's parameters in force when it was referred (`Case.parameters`, `Case.terms`), never a later one. Models, views,
templates (through the booleans the models expose), the evaluation indicators and `run_deadlines` call them;
nothing else compares a deadline with a date.
"""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from casework.capacity import waiting, waiting_q
from casework.eligibility import taken_on, taken_on_q
from casework.enums import CaseStatus, ContactState

AWAITING_CONTACT = (CaseStatus.REFERRED, CaseStatus.CONTACTING)
# The average length of a month in days (365.25 / 12, rounded): support lengths are set in months.
DAYS_PER_MONTH = 30.44
# A case left "no contact" and not reopened closes by itself after this many days.
NO_CONTACT_AUTO_CLOSE_DAYS = 30


# --- the deadline -----------------------------------------------------------------------------------------------


def deadline_for(parameters, start):
    """The day by which contact must be made, for a clock started on `start` (the referral, an acceptance of a
    referral outside the criteria, a reopening). The deadline day itself is still within the period."""
    return start + timedelta(days=parameters.contact_deadline_days)


def warning_starts_on(parameters, deadline):
    """The first day of the warning period: `warning_days` before the deadline (both days included)."""
    return deadline - timedelta(days=parameters.warning_days)


def support_length(parameters):
    """The expected length of support, in days (months × 30.44, rounded)."""
    return timedelta(days=round(DAYS_PER_MONTH * parameters.expected_support_months))


def contact_before(case):
    """The date the letter prints, « avant le JJ/MM/AAAA »: the day after the deadline (the deadline day itself
    is still within the period)."""
    return case.deadline + timedelta(days=1)


def is_over(deadline, today):
    """The deadline is over: its day has ended (the deadline day itself is still within the period). Every
    comparison of a deadline with a day goes through here or its filter twin `deadline__lt=today`."""
    return today > deadline


def days_left(case, today=None):
    """Days until the deadline: 0 on the deadline day, negative once it passed."""
    return (case.deadline - (today or timezone.localdate())).days


# --- predicates on a loaded case --------------------------------------------------------------------------------


def awaiting_contact(case):
    """Referred or contacting: no contact yet, nothing decided."""
    return case.status in AWAITING_CONTACT


def reached_out(case):
    """The household did something toward the association (code, message, booking, request) and has not been
    put "no contact" since: the clock stops, a worker must confirm the contact."""
    return case.household_reached_out_at is not None and (
        case.no_contact_at is None or case.household_reached_out_at >= case.no_contact_at
    )


def contact_state(case):
    """Established (a worker confirmed a two-way exchange), reached out (the household did something toward the
    association since the last "no contact"), or none."""
    if case.contact_established_at is not None:
        return ContactState.ESTABLISHED
    if reached_out(case):
        return ContactState.REACHED_OUT
    return ContactState.NONE


def status_label(case):
    """The status as pages show it: a case awaiting contact whose household reached out reads « Le ménage s'est
    manifesté », a state of its own for the association and the landlord."""
    if awaiting_contact(case) and contact_state(case) == ContactState.REACHED_OUT:
        return "Le ménage s'est manifesté"
    if waiting(case):
        return "Liste d'attente"
    return case.get_status_display()


def clock_running(case):
    """The contact clock runs: awaiting contact, no contact established, the household has not reached out, the
    referral is taken on (a referral outside the criteria waits for a coordinator's decision first) and the case is
    not on the waiting list (casework.capacity: its clock starts when a coordinator takes it off)."""
    return (
        awaiting_contact(case)
        and case.contact_established_at is None
        and not reached_out(case)
        and taken_on(case.referral)
        and not waiting(case)
    )


def in_warning(case, today=None):
    """The clock runs and today is within the warning period: from `warning_days` before the deadline to the
    deadline day, both included."""
    today = today or timezone.localdate()
    return clock_running(case) and warning_starts_on(case.parameters, case.deadline) <= today <= case.deadline


def due_within(case, days, today=None):
    """The clock runs and the deadline falls within `days` days: from today to today + days, both included (the
    lists' « N jours ou moins » filter; a deadline already past is « Échéance dépassée », not this)."""
    today = today or timezone.localdate()
    return clock_running(case) and today <= case.deadline <= today + timedelta(days=days)


def past_deadline(case, today=None):
    """The clock runs and the deadline day is over: the case goes "no contact" (the landlord may proceed)."""
    return clock_running(case) and is_over(case.deadline, today or timezone.localdate())


def reached_out_past_deadline(case, today=None):
    """The household reached out, no worker has confirmed contact and the deadline is over: flagged to the
    coordinator (it never goes "no contact" by itself, and the landlord is never told it is unreachable). A case on
    the waiting list has no deadline running."""
    return (
        awaiting_contact(case)
        and not waiting(case)
        and case.contact_established_at is None
        and reached_out(case)
        and is_over(case.deadline, today or timezone.localdate())
    )


def support_overdue(case, now=None):
    """Support past the programme's expected length after contact: flag it for a handover or a closure."""
    if case.status != CaseStatus.SUPPORT or case.contact_established_at is None:
        return False
    return (now or timezone.now()) > case.contact_established_at + support_length(case.parameters)


# --- the same rules as query filters ----------------------------------------------------------------------------
# The values are the (warning_days | expected_support_months) present in the data: the filter is one branch per
# distinct value, so each case is compared with its own version's days (its programme's when it has no version).


def _own_parameter(name, value):
    return Q(**{f"terms__{name}": value}) | Q(**{"terms__isnull": True, f"programme__{name}": value})


def awaiting_contact_q():
    return Q(status__in=AWAITING_CONTACT)


def reached_out_q():
    return Q(household_reached_out_at__isnull=False) & (
        Q(no_contact_at__isnull=True) | Q(household_reached_out_at__gte=F("no_contact_at"))
    )


def clock_running_q():
    return (
        awaiting_contact_q()
        & Q(contact_established_at__isnull=True)
        & ~reached_out_q()
        & taken_on_q("referral__")
        & ~waiting_q()
    )


def in_warning_q(warning_days_values, today=None):
    today = today or timezone.localdate()
    by_programme = Q(pk__in=[])
    for days in warning_days_values:
        by_programme |= _own_parameter("warning_days", days) & Q(deadline__lte=today + timedelta(days=days))
    return clock_running_q() & Q(deadline__gte=today) & by_programme


def due_within_q(days, today=None):
    today = today or timezone.localdate()
    return clock_running_q() & Q(deadline__gte=today, deadline__lte=today + timedelta(days=days))


def past_deadline_q(today=None):
    return clock_running_q() & Q(deadline__lt=today or timezone.localdate())


def reached_out_past_deadline_q(today=None):
    return (
        awaiting_contact_q()
        & ~waiting_q()
        & Q(contact_established_at__isnull=True)
        & reached_out_q()
        & Q(deadline__lt=today or timezone.localdate())
    )


def support_overdue_q(support_months_values, now=None):
    now = now or timezone.now()
    by_programme = Q(pk__in=[])
    for months in support_months_values:
        limit = now - timedelta(days=round(DAYS_PER_MONTH * months))
        by_programme |= _own_parameter("expected_support_months", months) & Q(contact_established_at__lt=limit)
    return Q(status=CaseStatus.SUPPORT, contact_established_at__isnull=False) & by_programme


# --- the periodic job -------------------------------------------------------------------------------------------
