"""The periodic entry point of casework (manage.py run_deadlines, every few minutes): the contact clock's moves.

The rules live in casework.deadlines (when) and casework.workflow (the transitions); this module only walks the
cases due. Purging old import rows is retention's (portal privacy, manage.py apply_retention), not this job's.
"""

from datetime import timedelta

from django.utils import timezone

from casework import deadlines, workflow
from casework.enums import CaseStatus
from casework.models import Case


def run_deadlines(today=None, stdout=None):
    """The contact clock (manage.py run_deadlines): idempotent, safe every few minutes.

    Sends the warning once per case in the warning period, moves past-deadline cases to "no contact" (the landlord
    is told), flags to the coordinators once a case whose household reached out but is still unconfirmed at the
    deadline, closes "no contact" cases not reopened within 30 days. Returns the counts.
    """
    today = today or timezone.localdate()
    counts = {"warnings": 0, "no_contact": 0, "flagged": 0, "closed": 0}
    cases = Case.objects.select_related("programme", "referral", "terms")
    for case in cases.in_warning(today).filter(warning_sent_at__isnull=True):
        if workflow.send_warning(case):
            counts["warnings"] += 1
    for case in cases.past_deadline(today):
        try:
            workflow.mark_no_contact(case)
            counts["no_contact"] += 1
        except workflow.TransitionError:
            continue
    for case in cases.reached_out_past_deadline(today):
        if workflow.flag_reached_out_past_deadline(case):
            counts["flagged"] += 1
    cutoff = timezone.now() - timedelta(days=deadlines.NO_CONTACT_AUTO_CLOSE_DAYS)
    # The household came back after "no contact": a coordinator decides, never an automatic closure.
    for case in cases.filter(status=CaseStatus.NO_CONTACT, no_contact_at__lte=cutoff).exclude(
        deadlines.reached_out_q()
    ):
        try:
            workflow.auto_close_no_contact(case)
            counts["closed"] += 1
        except workflow.TransitionError:
            continue
    return counts
