"""Discreet e-mails about a case to the association and the landlord (docs/rules.md § 4): no name, no address, no
amount — a link to sign in, built from the URL name."""

from django.core.mail import send_mail

from casework.timeline import record_event
from portal import formats
from portal.enums import Role
from portal.links import absolute
from portal.models import Membership

LINKS = {"association": "casework:case_detail", "landlord": "casework:landlord_case"}


def _recipients(organisation_id, roles):
    return list(
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role__in=roles)
        .values_list("user__email", flat=True)
    )


def _link(case, side):
    return absolute(LINKS[side], case.pk)


def notify_association(case, subject, body):
    """Discreet e-mail (docs/rules.md § 4, discreet notifications): no name, no address, no amount — a link to sign in."""
    recipients = _recipients(case.programme.association_id, [Role.WORKER, Role.COORDINATOR])
    if case.assigned_worker_id and case.assigned_worker.email not in recipients:
        recipients.append(case.assigned_worker.email)
    if recipients:
        send_mail(
            subject, f"{body}\n\nConnectez-vous : {_link(case, 'association')}", None, recipients, fail_silently=True
        )


def notify_landlord(case, subject, body):
    """E-mail the landlord's referents about `case` and note it on the timeline, only if the landlord may know of
    the case (Case.landlord_may_know: never a case the household opened itself). Checked here, not by callers."""
    if not case.landlord_may_know:
        return
    recipients = _recipients(case.programme.landlord_id, [Role.LANDLORD_REFERENT])
    if recipients:
        send_mail(
            subject, f"{body}\n\nConnectez-vous : {_link(case, 'landlord')}", None, recipients, fail_silently=True
        )
    record_event(case, "landlord_notified", None, detail=subject)


def notify_coordinators(case, subject, body):
    """Discreet e-mail to the association's coordinators only."""
    recipients = _recipients(case.programme.association_id, [Role.COORDINATOR])
    if recipients:
        send_mail(
            subject, f"{body}\n\nConnectez-vous : {_link(case, 'association')}", None, recipients, fail_silently=True
        )


def notify_programme_partners(programme, subject, body):
    """Discreet e-mail to both partners of a programme (its coordinators and its landlord's referents): a change of
    the programme's parameters, never a case."""
    recipients = _recipients(programme.association_id, [Role.COORDINATOR])
    recipients += _recipients(programme.landlord_id, [Role.LANDLORD_REFERENT])
    if recipients:
        link = absolute("casework:programme_parameters", programme.pk)
        send_mail(subject, f"{body}\n\nConnectez-vous : {link}", None, recipients, fail_silently=True)


def invite_to_meeting(meeting, body):
    """The invitation to a programme meeting, to both partners (the association's coordinators and workers, the
    landlord's referents): the date, the hour, the place and a link; no household is named in an e-mail."""
    programme = meeting.programme
    recipients = _recipients(programme.association_id, [Role.COORDINATOR, Role.WORKER])
    recipients += _recipients(programme.landlord_id, [Role.LANDLORD_REFERENT])
    if recipients:
        link = absolute("casework:meeting_detail", meeting.pk)
        subject = f"Réunion de programme du {formats.day(meeting.held_on)}"
        send_mail(subject, f"{body}\n\nConnectez-vous : {link}", None, sorted(set(recipients)), fail_silently=True)
    return recipients
