"""Twilio behind portal.sms: its documented signature vector, sending to a fake Twilio on 127.0.0.1, and its
status and inbound webhooks replayed from its documentation's example payloads (fixtures/twilio/README.md)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from portal import sms
from portal.models import InboundSms, OutboundSms
from portal.sms_twilio import TwilioBackend, signature, signature_valid
from tests.portal.factories import UserFactory

FIXTURES = Path(__file__).parent / "fixtures" / "twilio"
BASE_URL = "https://portail.example"
TOKEN = "jeton-twilio-de-test"
SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
LONG_NUMBER = "+14155552345"


def fixture(name):
    return json.loads((FIXTURES / name).read_text())


def test_signature_matches_twilios_documented_vector():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signature_valid("12345", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    assert not signature_valid("12345", url, {**params, "Digits": "9999"}, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    assert not signature_valid("12346", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    assert not signature_valid("12345", url, params, "")


class FakeTwilio(BaseHTTPRequestHandler):
    received = []
    status = 201

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeTwilio.received.append((self.path, self.headers["Authorization"], urllib.parse.parse_qs(body.decode())))
        self.send_response(FakeTwilio.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if FakeTwilio.status == 201:
            self.wfile.write((FIXTURES / "message_create_201.json").read_bytes())
        else:  # Twilio's error shape
            self.wfile.write(b'{"code": 21211, "message": "Invalid To Phone Number", "status": 400}')

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio(settings):
    FakeTwilio.received, FakeTwilio.status = [], 201
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)  # a free port: never one another run holds
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.APPOINTMENTS_SMS_BACKEND = "portal.sms_twilio.TwilioBackend"
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, settings.TWILIO_FROM = SID, TOKEN, LONG_NUMBER
    settings.PORTAL_BASE_URL = BASE_URL
    yield
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_sending_posts_twilios_form_with_basic_auth_and_keeps_the_sid(twilio):
    sms.get_backend().send("+33612345678", "Votre code de connexion : 123456.")
    [(path, authorization, form)] = FakeTwilio.received
    assert path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert authorization.startswith("Basic ")
    assert form == {
        "To": ["+33612345678"],
        "From": [LONG_NUMBER],
        "Body": ["Votre code de connexion : 123456."],
        "StatusCallback": [f"{BASE_URL}/sms/statut/"],
    }
    record = OutboundSms.objects.get()
    assert (record.provider_id, record.status) == ("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "queued")


@pytest.mark.django_db
def test_a_refusal_is_an_sms_error_with_twilios_code(twilio):
    FakeTwilio.status = 400
    with pytest.raises(sms.SmsError, match="21211"):
        sms.get_backend().send("+33612345678", "x")
    assert OutboundSms.objects.get().status == "failed"


def test_an_alphanumeric_sender_is_refused(settings):
    with pytest.raises(sms.SmsError, match="E.164"):
        TwilioBackend(account_sid=SID, auth_token=TOKEN, sender="ASSOCIATION")


def post_signed(client, path, params, token=TOKEN, sign=True):
    headers = {}
    if sign:
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature(token, BASE_URL + path, params)
    return client.post(path, params, **headers)


@pytest.mark.django_db
def test_status_callback_updates_the_message_once(client, twilio):
    sms.get_backend().send("+33612345678", "x")
    params = fixture("status_callback.json")
    response = post_signed(client, "/sms/statut/", params)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"
    assert OutboundSms.objects.get().status == "delivered"
    OutboundSms.objects.update(status="failed")
    assert post_signed(client, "/sms/statut/", params).status_code == 200  # replayed: answered, not applied
    assert OutboundSms.objects.get().status == "failed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, name", [("/sms/statut/", "status_callback.json"), ("/sms/entrant/", "inbound_message.json")]
)
def test_webhooks_refuse_no_signature_and_a_wrong_one(client, twilio, path, name):
    params = fixture(name)
    assert post_signed(client, path, params, sign=False).status_code == 403
    assert post_signed(client, path, params, token="un-autre-jeton").status_code == 403
    tampered = post_signed(client, path, params)  # signed, then a parameter changed in transit
    assert tampered.status_code in (200, 404)
    headers = {"HTTP_X_TWILIO_SIGNATURE": signature(TOKEN, BASE_URL + path, params)}
    assert client.post(path, {**params, "Body": "autre", "MessageStatus": "failed"}, **headers).status_code == 403
    assert client.get(path).status_code == 405


@pytest.mark.django_db
def test_status_of_a_message_not_sent_by_this_portal_is_404(client, twilio):
    assert post_signed(client, "/sms/statut/", fixture("status_callback.json")).status_code == 404


@pytest.mark.django_db
def test_inbound_message_is_kept_encrypted_once_and_stop_turns_reminders_off(client, twilio):
    user = UserFactory(phone="+33612345678", phone_verified_at=timezone.now(), reminder_by_sms=True)
    params = fixture("inbound_message.json")
    assert post_signed(client, "/sms/entrant/", params).status_code == 200
    assert post_signed(client, "/sms/entrant/", params).status_code == 200  # replayed
    assert [(m.phone, m.text) for m in InboundSms.objects.all()] == [("+33612345678", "Ahoy!")]
    stop = {**params, "Body": "STOP", "MessageSid": "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}
    assert post_signed(client, "/sms/entrant/", stop).status_code == 200
    user.refresh_from_db()
    assert user.reminder_by_sms is False


@pytest.mark.django_db
def test_inbound_to_another_programmes_number_is_404(client, twilio):
    params = {**fixture("inbound_message.json"), "To": "+14155550000"}
    assert post_signed(client, "/sms/entrant/", params).status_code == 404
    assert not InboundSms.objects.exists()


@pytest.mark.django_db
def test_short_link_goes_to_the_invitation_page(client):
    response = client.get("/i/ABCD-EFGH-JKMN/")
    assert response.status_code == 302 and response.url == "/comptes/invitation/ABCD-EFGH-JKMN/"
    response = client.get("/i/ABCDEFGHJKMN", follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/invitation/ABCDEFGHJKMN/"
