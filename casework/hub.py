"""The association's case page as a hub (issue 18): its header's facts, its links to what hangs off the case and the
sections shown open because work is due there.

Each fact calls its rule where it lives (the contact clock in casework.deadlines through the case's booleans, the
next appointment through `AppointmentQuerySet.upcoming`, the minutes through casework.reviews, a plan through its
state): nothing is recomputed here. An app above casework (messaging) adds what casework may not import through
`case_link(name)`, called from its AppConfig.ready(): a function (user, case) returning a dict for the page, or
None; the page reads it as `links.<name>`.
"""

from collections.abc import Callable

from casework import reviews
from casework.enums import PlanStatus

CASE_LINKS: dict[str, Callable] = {}


def case_link(name):
    """Register `function(user, case)` as the case page's `links.<name>`."""

    def decorator(function):
        CASE_LINKS[name] = function
        return function

    return decorator


def links(user, case):
    return {name: function(user, case) for name, function in CASE_LINKS.items()}


def next_appointment(case):
    """The case's next appointment still to come (proposed or booked), soonest first; None without one."""
    return case.appointments.upcoming().select_related("type").order_by("starts_at", "pk").first()


def open_sections(case, *, members, review_list, plans, call_back_requested):
    """Which sections of the case page are open because work is due there; the others fold to their summary.

    - contact: the contact clock runs (attempts to make), the household reached out (contact to confirm), or it
      asked to be called back;
    - identity: a household account whose identity no worker has confirmed yet;
    - reviews: minutes to share or to validate (casework.reviews.minutes_due);
    - plan: the plan in force is not kept (casework.plans.in_force and plan_state, read through `in_force` and
      `current_status`, which the case page sets); a plan replaced by a later one is history.
    """
    return {
        "contact": case.clock_runs or case.needs_contact_confirmation or call_back_requested,
        "identity": any(m.user is not None and not m.user.identity_confirmed for m in members),
        "reviews": any(reviews.minutes_due(review) for review in review_list),
        "plan": any(plan.in_force and plan.current_status == PlanStatus.BROKEN for plan in plans),
    }
