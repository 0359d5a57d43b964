"""Every change of the carnet de route: an action added or updated by the worker, ticked by the household.

Views parse the form and call these functions; each writes, dates the action when it is done, records the
timeline and the audit, and tells the other side (discreet e-mails, no content).
"""

from django.db import transaction
from django.utils import timezone

from casework import workflow
from casework.closure import email_household
from casework.enums import ActionStatus
from portal import audit
from portal.enums import Party


def _mark(action, by):
    """Done: dated and signed once; any other status: not done."""
    if action.status != ActionStatus.DONE:
        action.done_at, action.done_by = None, None
    elif action.done_at is None:
        action.done_at, action.done_by = timezone.now(), workflow._actor(by)


@transaction.atomic
def add(case, action, by, request=None):
    """`action`: an unsaved RoadmapAction (the form's)."""
    action.case, action.created_by = case, workflow._actor(by)
    _mark(action, by)
    action.save()
    workflow.record_event(
        case, "roadmap", by, detail=f"Carnet de route : action ajoutée ({action.get_actor_display()})."
    )
    audit.record(request or by, "roadmap_action.created", action, subject=case)
    if action.actor == Party.HOUSEHOLD:
        email_household(
            case,
            "Votre carnet de route",
            "Une démarche a été ajoutée à votre carnet de route.",
            ("casework:household_roadmap",),
        )
    return action


@transaction.atomic
def update(action, by, request=None):
    """`action`: the RoadmapAction with the form's changes, not yet saved."""
    _mark(action, by)
    action.save()
    workflow.record_event(
        action.case, "roadmap", by, detail=f"Carnet de route : action « {action.get_status_display()} »."
    )
    audit.record(request or by, "roadmap_action.updated", action, subject=action.case)
    return action


@transaction.atomic
def household_marks(action, done, by, request=None):
    """The household ticks (or unticks) one of its actions."""
    action.status = ActionStatus.DONE if done else ActionStatus.TODO
    _mark(action, by)
    action.save(update_fields=["status", "done_at", "done_by"])
    workflow.record_event(
        action.case, "roadmap_done_by_household", by, detail="Le ménage a coché une démarche de son carnet."
    )
    audit.record(request or by, "roadmap_action.done_by_household", action, subject=action.case)
    transaction.on_commit(
        lambda: workflow.notify_association(
            action.case, "Une démarche cochée", "Un ménage a coché une démarche de son carnet de route."
        )
    )
    return action
