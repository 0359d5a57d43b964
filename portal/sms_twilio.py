"""Twilio Programmable Messaging behind portal.sms's backend interface: sending, delivery status callbacks, inbound
messages and request signing, each as Twilio documents it.

- Sending: POST {TWILIO_API_BASE}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From, Body,
  StatusCallback, HTTP basic auth AccountSid:AuthToken; the answer (201) is the Message resource (sid, status).
  https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
- From is a two-way long number (TWILIO_FROM, E.164): an alphanumeric sender cannot receive replies.
- Webhooks (/sms/statut/, /sms/entrant/) are signed: X-Twilio-Signature = base64(HMAC-SHA1(AuthToken, full URL +
  every POST parameter sorted by name, name then value)). https://www.twilio.com/docs/usage/security
  The URL signed is the one Twilio was given: PORTAL_BASE_URL + the request's path and query.

Another provider is added the same way: a BaseBackend subclass for sending, and its own webhook checks.
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.urls import reverse

from portal.models import OutboundSms
from portal.sms import BaseBackend, SmsError, segments, setting


def signature(auth_token, url, params):
    """Twilio's request signature of a form POST (params: name → value, or name → list of values)."""
    payload = url
    for name in sorted(params):
        values = params[name] if isinstance(params[name], list) else [params[name]]
        for value in sorted(values):
            payload += f"{name}{value}"
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_valid(auth_token, url, params, received):
    if not auth_token or not received:
        return False
    return hmac.compare_digest(signature(auth_token, url, params), received)


def webhook_url(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


class TwilioBackend(BaseBackend):
    """Sends through Twilio's Messages API; the message is recorded (encrypted) with Twilio's sid for its status."""

    def __init__(self, account_sid=None, auth_token=None, sender=None, api_base=None, timeout=10):
        self.account_sid = account_sid or setting("TWILIO_ACCOUNT_SID")
        self.auth_token = auth_token or setting("TWILIO_AUTH_TOKEN")
        self.sender = sender or setting("TWILIO_FROM")
        self.api_base = (api_base or setting("TWILIO_API_BASE", "https://api.twilio.com")).rstrip("/")
        self.timeout = timeout
        if not (self.account_sid and self.auth_token and self.sender.startswith("+")):
            raise SmsError("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN et TWILIO_FROM (numéro E.164) sont requis.")
        if not self.api_base.startswith(("https://", "http://")):
            raise SmsError("TWILIO_API_BASE doit être une adresse http(s).")

    def send(self, phone, text):
        record = OutboundSms.objects.create(phone=phone, text=text, segments=segments(text), status="queued")
        body = urllib.parse.urlencode(
            {"To": phone, "From": self.sender, "Body": text, "StatusCallback": webhook_url(reverse("sms_status"))}
        ).encode()
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            f"{self.api_base}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Basic {credentials}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                message = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            record.status = "failed"
            record.save(update_fields=["status"])
            try:
                code = json.loads(error.read() or b"{}").get("code", error.code)
            except ValueError:
                code = error.code
            raise SmsError(f"Twilio a refusé l'envoi (code {code}).") from None
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            record.status = "failed"
            record.save(update_fields=["status"])
            raise SmsError(f"Twilio injoignable : {error.__class__.__name__}.") from None
        record.provider_id = str(message.get("sid", ""))[:64]
        record.status = str(message.get("status", "queued"))[:20]
        record.save(update_fields=["provider_id", "status"])
        return record
