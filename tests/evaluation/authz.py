"""The evaluation's rows of the authorisation matrix (tests/test_authorization_matrix.py).

Association members see their programmes' evaluation in full; the landlord referent its own programmes',
pseudonymised; the funder the programmes it finances (ProgrammeFunding), pseudonymised. No one else, and
nobody reaches another programme's. The household's data pages answer only a confirmed household.
"""

from decimal import Decimal

from casework.evaluation.models import ProgrammeFunding
from tests.authorization import Rule, allow

EVALUATION = ("worker", "coordinator", "landlord_referent", "funder")


def build(world):
    ProgrammeFunding.objects.create(
        programme=world.objects["own"]["programme"], funder=world.orgs["funder"], amount=Decimal("8000")
    )


def _programme(extra=None):
    return lambda world, side: {"programme_id": world.objects[side]["programme"].pk, **(extra or {})}


RULES = [
    Rule("evaluation:index", ok=allow(*EVALUATION, "other_landlord", "other_association")),
    # Side by side: the reader's own programmes only, each in its version (planted markers never show).
    Rule("evaluation:compare", ok=allow(*EVALUATION, "other_landlord", "other_association")),
    *[
        Rule(
            f"evaluation:{name}",
            args=_programme(),
            ok=allow(*EVALUATION),
            foreign_ok=allow("other_association", "other_landlord"),
        )
        for name in ("dashboard", "csv", "report")
    ],
    # « Décisions de réajustement »: every reader of the evaluation reads them (the funder too); recording is the
    # coordinator's and the referent's (tests/evaluation/test_adjustments.py).
    Rule(
        "evaluation:adjustments",
        args=_programme(),
        ok=allow(*EVALUATION),
        foreign_ok=allow("other_association", "other_landlord"),
    ),
    Rule(
        "evaluation:chart",
        args=_programme({"name": "situations"}),
        ok=allow(*EVALUATION),
        foreign_ok=allow("other_association", "other_landlord"),
    ),
    Rule("evaluation:my_data", ok=allow("household_confirmed")),
    # The right of access: the household's export holds everything, notes included (docs/rules.md § 8).
    Rule("evaluation:export_json", ok=allow("household_confirmed"), sees_all_markers={"household_confirmed"}),
    Rule("evaluation:export_pdf", ok=allow("household_confirmed"), sees_all_markers={"household_confirmed"}),
]


def probes(world):
    """Breakdowns by a sensitive attribute are the association's: their charts answer 404 to the others."""
    programme = world.objects["own"]["programme"].pk
    result = []
    for chart in ("origines", "services"):
        url = f"/partenaires/evaluation/{programme}/graphiques/{chart}.svg"
        result += [("worker", url, 200), ("landlord_referent", url, 404), ("funder", url, 404)]
    return result
