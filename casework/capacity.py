"""The programme's yearly capacity and its waiting list, each rule defined once (docs/rules.md § 2, « Capacité et
liste d'attente »).

- A case is admitted on the day it was referred, or on the day a coordinator takes it off the waiting list; it counts
  in that calendar year once the programme takes the household on (casework.eligibility).
- A place is held by an admitted case of the year that is still open: closing a case frees its place.
- The programme is full when the places held reach `yearly_capacity`. A referral made then goes to the waiting list:
  its contact clock does not run (casework.deadlines.clock_running), it never goes « sans contact », it is not invited
  (casework.outreach.can_invite); the landlord reads « Liste d'attente : le délai d'un mois ne court pas encore ».
- When a place frees (a case closes) or the capacity rises, a coordinator takes the next waiting case off the list
  (the oldest first); its clock starts that day (casework.workflow.take_off_waiting_list).

Pure functions of their arguments: a programme's cases are reached through `programme.cases` (no model import, so
casework.deadlines can read the waiting rule). The caseload, the landlord's pages, the clock, outreach, the meeting
agenda and the indicators call them; no other code decides whether a programme is full or a case waits.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from casework.eligibility import taken_on_q
from casework.enums import CaseStatus

LANDLORD_WAITING_TEXT = "Liste d'attente : le délai d'un mois ne court pas encore"


# --- one case ---------------------------------------------------------------------------------------------------


def waiting(case):
    """On the waiting list: put there at referral, not taken off yet, not closed."""
    return case.waitlisted_at is not None and case.admitted_on is None and case.status != CaseStatus.CLOSED


def waiting_q(prefix=""):
    """`waiting` as a filter; `prefix` reaches the case (« case__ » from a related row)."""
    return Q(**{f"{prefix}waitlisted_at__isnull": False, f"{prefix}admitted_on__isnull": True}) & ~Q(
        **{f"{prefix}status": CaseStatus.CLOSED}
    )


def entered_on(referred_on, waitlisted_at, admitted_on):
    """The day the case entered the programme's count: taken off the list, else referred; None while it waits.
    On plain values, for the indicators' rows as for a loaded case."""
    if admitted_on is not None:
        return admitted_on
    return None if waitlisted_at is not None else referred_on


def clock_start(referred_on, waitlisted_at, admitted_on, accepted_on=None):
    """The day the case's contact clock started: the day it entered the count, or the day a coordinator accepted it
    outside the criteria when that came later (`accepted_on`, casework.workflow.accept_referral sets the deadline
    from it); None while it waits. The caller passes `accepted_on` only for a referral outside the criteria."""
    entered = entered_on(referred_on, waitlisted_at, admitted_on)
    if entered is None or accepted_on is None:
        return entered
    return max(entered, accepted_on)


def admission_day(case):
    return entered_on(case.referral.referred_on, case.waitlisted_at, case.admitted_on)


def admitted_in_q(year):
    """The cases admitted in `year` (calendar year) and taken on by the programme."""
    by_day = Q(admitted_on__year=year) | Q(
        admitted_on__isnull=True, waitlisted_at__isnull=True, referral__referred_on__year=year
    )
    return by_day & taken_on_q("referral__")


# --- one programme ----------------------------------------------------------------------------------------------


def _year(on):
    return (on or timezone.localdate()).year


def places_held(programme, on=None):
    """The places held in the year of `on`: admitted that year and still open."""
    return programme.cases.filter(admitted_in_q(_year(on))).exclude(status=CaseStatus.CLOSED).count()


def is_full(programme, on=None):
    """The places held reach the yearly capacity: a referral made now waits."""
    return places_held(programme, on) >= programme.yearly_capacity


def waiting_list(programme):
    """The waiting cases, the oldest first (the order they come off the list)."""
    return programme.cases.filter(waiting_q()).order_by("waitlisted_at", "pk")


def next_waiting(programme):
    return waiting_list(programme).first()


def can_take_off(case, on=None):
    """The case is the next on its programme's list and a place is free."""
    if not waiting(case) or is_full(case.programme, on):
        return False
    following = next_waiting(case.programme)
    return following is not None and following.pk == case.pk


@dataclass
class Intake:
    """The year's count against capacity and budget, as the intake pages show it."""

    programme: object
    year: int
    admitted: int
    held: int
    capacity: int
    budget: Decimal
    committed: Decimal
    waiting: int

    @property
    def full(self):
        return self.held >= self.capacity

    @property
    def places_left(self):
        return max(self.capacity - self.held, 0)

    @property
    def over_budget(self):
        return self.committed > self.budget


def intake(programme, on=None):
    """The year's figures: situations admitted (the budget they commit at `cost_per_situation` each), places held
    against capacity, cases waiting."""
    year = _year(on)
    admitted = programme.cases.filter(admitted_in_q(year)).count()
    return Intake(
        programme=programme,
        year=year,
        admitted=admitted,
        held=places_held(programme, on),
        capacity=programme.yearly_capacity,
        budget=programme.budget,
        committed=programme.cost_per_situation * admitted,
        waiting=waiting_list(programme).count(),
    )
