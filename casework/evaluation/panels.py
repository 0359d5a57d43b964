"""The evaluation app's panels: "Vos données" on the household space, "Évaluation" on the partner home."""

from datetime import timedelta

from django.utils import timezone

from casework import perms as casework_perms
from casework.evaluation import funnel
from casework.evaluation import perms as evaluation_perms
from casework.evaluation.indicators import Period
from casework.evaluation.tables import ASSOCIATION, funnel_table
from portal import perms as portal_perms
from portal import spaces


def household_data_panel(request):
    if not portal_perms.household_confirmed(request.user) or casework_perms.household_case(request.user) is None:
        return None
    return {"consents": casework_perms.household_handovers(request.user).with_consent().count()}


def evaluation_panel(request):
    programmes = list(evaluation_perms.evaluation_programmes(request.user))
    if not programmes:
        return None
    scope = evaluation_perms.audiences(request.user)
    period = current_month()
    funnels = [
        (programme, funnel_table(funnel.compute(programme, period), ASSOCIATION))
        for programme in programmes
        if scope.get(programme.pk) == ASSOCIATION
    ]
    return {"programmes": programmes, "funnels": funnels, "period": period}


def current_month(today=None):
    """Referrals of the current month, measured today."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period(start, end, "month")


def register():
    spaces.household_panel("evaluation/panels/my_data.html", order=90)(household_data_panel)
    spaces.partner_panel("evaluation/panels/evaluation.html", order=40)(evaluation_panel)
