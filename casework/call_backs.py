"""Contact requests (casework.models.ContactRequest): the public contact page's (receive, called by home.contact),
and a call-back request made by SMS (« RAPPEL », messaging.sms_bridge): a contact request attached to the case, on
the association's list of call-back requests, and the household reaching out (docs/rules.md § 2). Those never
linked to a case go after 12 months (purge_contact_requests, run by portal.privacy's apply_retention).

A case « Rappel demandé » (the caseload's badge and filter, the case page's notice; never on the landlord's pages)
has a call-back request still new: until a worker records a contact attempt (`answered`) or marks it handled."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from casework import workflow
from casework.enums import ContactRequestStatus, ReachOutKind
from casework.models import ContactRequest
from portal.enums import ContactChannel

SMS_CALL_BACK_NOTE = "Demande de rappel envoyée par SMS (« RAPPEL »)."


def receive(association, *, name, channel, contact, preferred_times="", message=""):
    """A request sent from the public contact page, for the association of the site settings (not yet a case)."""
    return ContactRequest.objects.create(
        association=association,
        name=name,
        channel=channel,
        contact=contact,
        preferred_times=preferred_times,
        message=message,
        consent_at=timezone.now(),
    )


def for_associations(organisation_ids):
    """The requests an association's staff reads (its own only)."""
    return ContactRequest.objects.for_association(organisation_ids)


def new_for_associations(organisation_ids):
    return for_associations(organisation_ids).filter(status=ContactRequestStatus.NEW)


def mark_handled(contact_request, user):
    contact_request.mark_handled(user)


def purge_contact_requests(now=None):
    """Delete requests that never led to a case, 12 months after they were sent. Returns how many."""
    deleted, _ = ContactRequest.objects.expired(now).delete()
    return deleted


def _pending():
    return ContactRequest.objects.filter(status=ContactRequestStatus.NEW)


def with_pending(cases):
    """The cases, each with `call_back_requested` (a boolean the caseload's badge reads): no query per case."""
    return cases.annotate(call_back_requested=Exists(_pending().filter(case=OuterRef("pk"))))


def only_pending(cases):
    """The caseload's « Rappel demandé » filter: the cases showing the badge (`with_pending` first)."""
    return with_pending(cases).filter(call_back_requested=True)


def pending(case):
    """The case page's notice: the same rule for one loaded case."""
    return _pending().filter(case=case).exists()


def answered(case, by):
    """A worker's contact attempt answers the household's pending call-back requests: they are handled."""
    _pending().filter(case=case).update(status=ContactRequestStatus.HANDLED, handled_at=timezone.now(), handled_by=by)


def request_call_back(case, phone, when=None):
    """Once per case while a request is still new: a second « RAPPEL » changes nothing. Returns the request."""
    when = when or timezone.now()
    pending = _pending().filter(case=case).first()
    if pending is not None:
        return pending
    contact_request = ContactRequest.objects.create(
        association=case.programme.association,
        name=case.household.display_name,
        channel=ContactChannel.PHONE,
        contact=phone,
        message=SMS_CALL_BACK_NOTE,
        consent_at=when,
        case=case,
    )
    workflow.record_event(
        case, "call_back_requested", None, detail="Le ménage demande à être rappelé (SMS).", when=when
    )
    workflow.household_reached_out(case, ReachOutKind.CONTACT_REQUEST, when=when)
    workflow.notify_association(case, "Demande de rappel", "Un ménage demande à être rappelé.")
    return contact_request
