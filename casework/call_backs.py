"""A call-back request made by SMS (« RAPPEL », messaging.sms_bridge): a contact request attached to the case, on
the association's list of call-back requests, and the household reaching out (docs/rules.md § 2)."""

from django.utils import timezone

from casework import workflow
from casework.enums import ReachOutKind
from home.enums import ContactRequestStatus
from home.models import ContactRequest
from portal.enums import ContactChannel

SMS_CALL_BACK_NOTE = "Demande de rappel envoyée par SMS (« RAPPEL »)."


def request_call_back(case, phone, when=None):
    """Once per case while a request is still new: a second « RAPPEL » changes nothing. Returns the request."""
    when = when or timezone.now()
    pending = case.contact_requests.filter(status=ContactRequestStatus.NEW).first()
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
