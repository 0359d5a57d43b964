"""Issue 13's part of the authorisation matrix: the landlord against the cases the household opened itself.

A third side, "household_opened", mirrors the "own" side's objects (casework's, appointments', messaging's) on
cases of programme A whose referral came from the public contact form. For the landlord such a case is as foreign
as another landlord's: `rule_probes` asks every URL of every rule with the household-opened objects and expects
the landlord's answer for a foreign object (404), except for the few rules whose object is not the case's
(programme, import, meeting, calendar token). Its markers (the household's name among them) are the association's
alone; the matrix searches every 200 answer of every role for them.
"""

from django.urls import reverse

from casework.models import Case, Household, Referral
from messaging.enums import ConversationKind
from messaging.models import Conversation
from tests.appointments import authz as appointments_authz
from tests.casework import authz as casework_authz
from tests.messaging import authz as messaging_authz

SIDE = "household_opened"
ASSOCIATION = {"worker", "coordinator"}
MARKERS_VISIBLE_TO = {"HOUSEHOLD_OPENED": ASSOCIATION}

# Rules whose object is not the household-opened case: the landlord's answer is its answer for its own objects.
NOT_CASE_BOUND = {
    "appointments:feed",
    "casework:import_detail",
    "casework:admin_programme",
    "casework:programme_parameters",
    "casework:answer_parameters",
    "casework:meeting_detail",
    "evaluation:chart",
    "evaluation:csv",
    "evaluation:dashboard",
    "evaluation:report",
    "evaluation:adjustments",
}


def build(world):
    world.objects[SIDE] = {"programme": world.objects["own"]["programme"]}
    programme = world.objects["own"]["programme"]
    before = set(Case.objects.values_list("pk", flat=True))
    # Another worker of association A than the own side's: on PostgreSQL a worker's appointments never overlap.
    coordinator = world.users["coordinator"]
    casework_authz._side(world, SIDE, programme, coordinator, world.orgs["other_partner"])
    opened = Case.objects.exclude(pk__in=before)
    Referral.objects.filter(case__in=opened).update(source="contact_request")
    name = world.plant("HOUSEHOLD_OPENED", SIDE)
    Household.objects.filter(cases__in=opened).update(display_name=name)
    appointments_authz._side(world, SIDE, coordinator, world.users["landlord_referent"])
    objects = world.objects[SIDE]
    case = objects["case"]
    objects["conversation"] = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    # A coordination thread left on such a case (by older code): its existence must open nothing.
    objects["coordination"] = Conversation.of_case(case, ConversationKind.COORDINATION)
    # The territory's and the directory's objects (tests/casework/authz.py): the landlord reaches neither.
    objects["unresolved_tenancy"] = case.referral.tenancy
    objects["directory_entry"] = world.orgs["other_partner"]
    objects["attachment"] = messaging_authz._post(objects["conversation"], coordinator, world.plant("MESSAGE", SIDE))
    objects["coordination_attachment"] = messaging_authz._post(
        objects["coordination"], coordinator, world.plant("COORDINATION", SIDE)
    )


def marker_allowed(key, side, role, visible):
    """For the household-opened side: only the association (its household is not the matrix's household)."""
    return role in ASSOCIATION and role in visible.get(key, set())


def rule_probes(world, rules):
    """The landlord against every URL with the household-opened case's objects, its coordination thread too."""
    rows = []
    for name, rule in sorted(rules.items()):
        if rule.family or not rule.args:
            continue
        kwargs = rule.args(world, SIDE)
        expected = rule.expected("landlord_referent", "own" if name in NOT_CASE_BOUND else "foreign")
        rows.append(("landlord_referent", reverse(name, kwargs=kwargs), expected))
    objects = world.objects[SIDE]
    thread, attachment = objects["coordination"].pk, objects["coordination_attachment"].pk
    # Nor does the association reach a coordination thread there: it exists only where the landlord may know.
    for role in ("landlord_referent", "worker"):
        rows += [
            (role, reverse("messaging:partner_conversation", kwargs={"pk": thread}), 404),
            (role, reverse("messaging:partner_messages_json", kwargs={"pk": thread}), 404),
            (role, reverse("messaging:partner_attachment", kwargs={"pk": attachment}), 404),
            (role, reverse("messaging:partner_case_coordination", kwargs={"case_id": objects["case"].pk}), 404),
        ]
    return rows
