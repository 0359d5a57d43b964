"""The evaluation app's panels: "Vos données" on the household space, "Évaluation" on the partner home."""

from casework import perms as casework_perms
from casework.evaluation import perms as evaluation_perms
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
    return {"programmes": programmes}


def register():
    spaces.household_panel("evaluation/panels/my_data.html", order=90)(household_data_panel)
    spaces.partner_panel("evaluation/panels/evaluation.html", order=40)(evaluation_panel)
