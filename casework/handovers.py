"""Every change of a handover: the household's consent, the partner's progress, the end with the case.

docs/rules.md, « Cycle de vie d'un passage de relais » : proposed → accepted → done, by the partner; any state but
done → ended when the case closes. Consent given / withdrawn at any time; withdrawing it cancels the joint interview
and tells the partner, who then sees nothing of the handover. Views call these functions; nothing else assigns
Handover.status or its consent dates.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from appointments import services as appointments
from appointments.enums import SYSTEM_ACTOR
from casework import workflow
from casework.enums import PARTNER_MOVES, HandoverStatus
from casework.models import Handover, HandoverConsent
from portal import audit
from portal.enums import Party, Role
from portal.models import Membership

OPEN_STATUSES = (HandoverStatus.PROPOSED, HandoverStatus.ACCEPTED)


def _user(by):
    return workflow._actor(by)


def _actor_kind(by, by_household=False):
    if by_household:
        return Party.HOUSEHOLD
    return Party.ASSOCIATION if getattr(_user(by), "is_authenticated", False) else SYSTEM_ACTOR


def cancel_joint_interview(handover, by, reason, *, by_household=False):
    """The handover's upcoming joint interview, if any, cancelled through the appointments service (history,
    notifications with a CANCEL .ics)."""
    cancelled = [
        appointments.cancel_by_cascade(
            appointment, actor=_user(by), actor_kind=_actor_kind(by, by_household), reason=reason
        )
        for appointment in appointments.upcoming_for(handover.joint_interview_appointments.all())
    ]
    return len([a for a in cancelled if a is not None])


@transaction.atomic
def record_consent(handover, given, *, by, how, by_household=False, request=None):
    """Record the household's consent given or withdrawn; False when it changes nothing."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    now = timezone.now()
    was_standing = handover.consent_stands
    if given and not was_standing:
        handover.consent_given_at, handover.consent_withdrawn_at = now, None
    elif not given and (was_standing or handover.awaiting_answer):
        # Withdrawn, or refused before ever being given: either way the household has answered « non ».
        handover.consent_withdrawn_at = now
    else:
        return False
    handover.save(update_fields=["consent_given_at", "consent_withdrawn_at"])
    HandoverConsent.objects.create(
        handover=handover,
        given=given,
        recorded_by=_user(by) if getattr(_user(by), "is_authenticated", False) else None,
        by_household=by_household,
        how=how,
    )
    workflow.record_event(
        handover.case,
        "handover_consent",
        by,
        detail=("Le ménage a " if by_household else "Accord du ménage ")
        + ("donné" if given else "retiré" if was_standing else "refusé")
        + ("" if by_household else f" ({how})")
        + ".",
    )
    audit.record(
        request or by,
        "handover.consent_given" if given else "handover.consent_withdrawn",
        handover,
        subject=handover.case,
    )
    if not given and was_standing:  # a first refusal: the partner never saw the handover
        cancel_joint_interview(handover, by, "Accord du ménage retiré", by_household=by_household)
        notify_partner(
            handover,
            "Un passage de relais est retiré",
            "Le ménage a retiré son accord : le passage de relais n'est plus visible pour votre service et "
            "l'entretien commun prévu, s'il y en avait un, est annulé.",
        )
    return True


@transaction.atomic
def partner_moves(handover, status, by, request=None):
    """The partner accepts the handover or records it done."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if status not in PARTNER_MOVES.get(handover.status, set()):
        raise workflow.TransitionError("Ce passage de relais ne peut plus changer d'état.")
    handover.status = status
    handover.save(update_fields=["status"])
    workflow.record_event(
        handover.case,
        "handover",
        by,
        detail=f"{handover.partner} : passage de relais « {handover.get_status_display()} ».",
    )
    audit.record(request or by, "handover.status_by_partner", handover, subject=handover.case, status=str(status))
    return handover


def end_with_case(case, by):
    """The case closed: every handover not done ends, its joint interview is cancelled, its partner told (only
    where consent stands: a partner without consent never heard of it)."""
    for handover in case.handovers.filter(status__in=OPEN_STATUSES):
        handover.status = HandoverStatus.ENDED
        handover.save(update_fields=["status"])
        cancel_joint_interview(handover, by, "Dossier clos")
        audit.record(by, "handover.ended", handover, subject=case)
        if handover.consent_stands:
            notify_partner(
                handover,
                "Un passage de relais a pris fin",
                "L'accompagnement du ménage par l'association est terminé : le passage de relais prend fin. "
                "Le détail reste lisible dans votre espace.",
            )


def notify_partner(handover, subject, body):
    """Discreet e-mail to the partner service's contacts: no name, no address — a link to sign in."""
    recipients = list(
        Membership.objects.active()
        .filter(organisation_id=handover.partner_id, role=Role.PARTNER_CONTACT)
        .values_list("user__email", flat=True)
    )
    if recipients:
        link = f"{settings.PORTAL_BASE_URL}/partenaires/relais/"
        transaction.on_commit(
            lambda: send_mail(subject, f"{body}\n\nConnectez-vous : {link}", None, recipients, fail_silently=True)
        )
