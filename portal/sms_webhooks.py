"""Twilio's webhooks: delivery status (/sms/statut/) and inbound messages (/sms/entrant/).

No login and no CSRF token (Twilio cannot have either): each request must carry a valid X-Twilio-Signature
(portal.sms_twilio.signature_valid), or it is refused with 403 before anything is read. A request already received
(same signature over the same parameters) within REPLAY_WINDOW is answered 200 and not applied again.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal import audit, sms_optout
from portal.models import InboundSms, OutboundSms
from portal.sms import inbound_received, setting
from portal.sms_twilio import signature_valid, webhook_url

REPLAY_WINDOW = 24 * 3600
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _params(request):
    return {name: request.POST.getlist(name) for name in request.POST}


def _verified(request):
    received = request.headers.get("X-Twilio-Signature", "")
    return signature_valid(
        setting("TWILIO_AUTH_TOKEN"), webhook_url(request.get_full_path()), _params(request), received
    )


def _first_time(request):
    """False when this very request (signature and parameters) was already received within the window."""
    signed = request.headers.get("X-Twilio-Signature", "") + json.dumps(_params(request), sort_keys=True)
    digest = hashlib.sha256(signed.encode()).hexdigest()
    return cache.add(f"sms-webhook:{digest}", 1, REPLAY_WINDOW)


def _twiml():
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


def signed_webhook(view):
    @login_not_required
    @csrf_exempt
    @require_POST
    def wrapper(request):
        if not _verified(request):
            audit.record(request, "sms.webhook_refused", path=request.path)
            return HttpResponseForbidden("Signature absente ou invalide.")
        if not _first_time(request):
            return _twiml()
        return view(request)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@signed_webhook
def status(request):
    """Twilio reports a message's status (queued, sent, delivered, undelivered, failed)."""
    sid = request.POST.get("MessageSid", "")
    updated = (
        OutboundSms.objects.filter(provider_id=sid)
        .exclude(provider_id="")
        .update(status=request.POST.get("MessageStatus", "")[:20])
    )
    if not updated:  # not a message this portal sent (another account's, another programme's)
        return HttpResponseNotFound("Message inconnu.")
    return _twiml()


@signed_webhook
def inbound(request):
    """A reply to the programme's long number. STOP / START: portal.sms_optout."""
    if request.POST.get("To", "") != setting("TWILIO_FROM"):  # Twilio sends numbers in E.164
        return HttpResponseNotFound("Numéro inconnu.")  # not this programme's number
    sid = request.POST.get("MessageSid", "")[:64]
    phone = request.POST.get("From", "")[:16]
    text = request.POST.get("Body", "")
    if not sid or not phone.startswith("+"):
        return HttpResponse("Paramètres manquants.", status=400)
    if InboundSms.objects.filter(provider_id=sid).exists():
        return _twiml()
    record = InboundSms.objects.create(phone=phone, text=text, provider_id=sid)
    sms_optout.handle_inbound(phone, text)
    inbound_received.send(sender=InboundSms, inbound_sms=record)  # the bridge into the conversation (messaging)
    return _twiml()
