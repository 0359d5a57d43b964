"""SMS backends, for every app (appointment reminders, sign-in codes): console by default, an HTTP adapter.

Settings: APPOINTMENTS_SMS_BACKEND (dotted path), APPOINTMENTS_SMS_HTTP_URL, APPOINTMENTS_SMS_HTTP_TOKEN,
APPOINTMENTS_SMS_SENDER; each may also come from the environment variable of the same name.
"""

import abc
import json
import logging
import os
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.dispatch import Signal
from django.utils.module_loading import import_string

from portal.models import OutboundSms

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "portal.sms.ConsoleBackend"

# Sent once per new inbound SMS (portal.sms_webhooks.inbound), after it is stored encrypted: keyword `inbound_sms`
# (a portal.models.InboundSms). portal imports no other app; messaging.sms_bridge listens (messaging/apps.py).
inbound_received = Signal()


def setting(name, default=""):
    return getattr(settings, name, None) or os.environ.get(name, default)


class SmsError(Exception):
    pass


class BaseBackend(abc.ABC):
    """What an SMS backend provides: send one text to one phone number."""

    @abc.abstractmethod
    def send(self, phone, text):
        """Send `text` to `phone`; raise SmsError when the provider refuses. Returns the OutboundSms kept for its
        delivery status, when the backend keeps one (None otherwise)."""


class ConsoleBackend(BaseBackend):
    """Writes the SMS to standard output: development and demo."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone, text):
        self.stream.write(f"SMS à {phone} : {text}\n")
        self.stream.flush()


# GSM 03.38: the basic alphabet (one septet each) and its extension table (escape + character: two septets).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"


# The whole counting rule, also handed to static/js/portal.js (json_script) for the live count where a text is edited.
SEGMENT_RULE = {
    "gsm7_basic": GSM7_BASIC,
    "gsm7_extension": GSM7_EXTENSION,
    "gsm7": {"single": 160, "part": 153},
    "ucs2": {"single": 70, "part": 67},
}


def measure(text):
    """{"length", "segments", "encoding" ("gsm7" or "ucs2"), "culprit"}: GSM-7 (160 septets, 153 per part when
    split, extension characters count two) unless one character is outside GSM 03.38 (the culprit), then UCS-2
    (70 UTF-16 units, 67 per part). One « ê » turns a message into 70-character parts."""
    culprit = next((ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION), "")
    if not culprit:
        length = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        encoding = "gsm7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        encoding = "ucs2"
    single, part = SEGMENT_RULE[encoding]["single"], SEGMENT_RULE[encoding]["part"]
    count = 1 if length <= single else -(-length // part)
    return {"length": length, "segments": count, "encoding": encoding, "culprit": culprit}


def segments(text):
    """How many SMS `text` costs (measure())."""
    return measure(text)["segments"]


def fill(text, values):
    """An editable SMS text as sent: each {name} replaced by its value; an unknown {…} stays as typed
    (static/js/portal.js fills the editor's preview the same way)."""
    for name, value in (values or {}).items():
        text = text.replace("{" + name + "}", value)
    return text


def describe(text):
    """The French line shown under an SMS text being edited (static/js/portal.js writes the same words)."""
    m = measure(text)
    line = f"{m['length']} caractères : {m['segments']} SMS."
    if m["culprit"]:
        line += f" Le caractère « {m['culprit']} » fait passer à 70 caractères par SMS."
    return line


class OutboxBackend(BaseBackend):
    """Development: each SMS is kept encrypted in the outbox (portal.models.OutboundSms) and printed to the
    console; `manage.py demo_sms PHONE` prints the last one sent to a number."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone, text):
        record = OutboundSms.objects.create(phone=phone, text=text, segments=segments(text), status="outbox")
        self.stream.write(f"SMS à {phone} : {text}\n")
        self.stream.flush()
        return record


# What LocmemBackend sent, like django.core.mail.outbox: tests read it (and empty it).
outbox = []


class LocmemBackend(BaseBackend):
    """Keeps each SMS in `portal.sms.outbox` as (phone, text): the test settings use it."""

    def send(self, phone, text):
        outbox.append((phone, text))


class HttpBackend(BaseBackend):
    """POSTs {"to", "text", "sender"} as JSON with a bearer token; any non-2xx answer is an SmsError."""

    def __init__(self, url=None, token=None, sender=None, timeout=10):
        self.url = url or setting("APPOINTMENTS_SMS_HTTP_URL")
        self.token = token or setting("APPOINTMENTS_SMS_HTTP_TOKEN")
        self.sender = sender or setting("APPOINTMENTS_SMS_SENDER", "ASSOCIATION")
        self.timeout = timeout
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("APPOINTMENTS_SMS_HTTP_URL doit être une adresse http(s).")

    def send(self, phone, text):
        body = json.dumps({"to": phone, "text": text, "sender": self.sender}).encode()
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise SmsError(f"Le fournisseur SMS a répondu {response.status}.")
        except urllib.error.HTTPError as error:
            raise SmsError(f"Le fournisseur SMS a répondu {error.code}.") from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsError(f"Fournisseur SMS injoignable : {error.__class__.__name__}.") from None


def get_backend():
    return import_string(setting("APPOINTMENTS_SMS_BACKEND", DEFAULT_BACKEND))()


def code_text(code):
    """The text of a one-time code: nothing else in it (no name, no programme: the phone may be shared)."""
    return f"Votre code de connexion : {code}. Il expire dans quelques minutes. Ne le donnez à personne."


def send_now(phone, text):
    """Send at once (a one-time code cannot wait for a worker); a provider failure is logged, not raised.
    Returns the backend's OutboundSms, or None."""
    try:
        return get_backend().send(phone, text)
    except SmsError as error:
        logger.warning("SMS not sent: %s", error)
        return None
