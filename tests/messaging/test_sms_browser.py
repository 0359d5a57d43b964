"""In a real browser against daphne, with a fake SMS provider on 127.0.0.1 (a real HTTP server that receives the
portal's SMS through Twilio's API and posts Twilio's documented inbound payload, signed, to the portal): the worker
writes, the household answers by SMS and the worker sees it live; « RDV » then « 2 » books the second slot; two
households racing for one slot, one by SMS and one on the web, get one booking."""

import json
import re
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from appointments.models import Appointment
from messaging.enums import ConversationKind
from portal.sms_twilio import signature
from tests.appointments.factories import weekly_windows
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.live import start_daphne
from tests.messaging.factories import conversation_of
from tests.messaging.test_browser import DESKTOP, SCREENSHOTS, signed_in_page
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "jeton-du-faux-fournisseur"
LONG_NUMBER = "+33757000000"
BASE_URL = "https://portail.example"  # the address Twilio was given: what it signs
PHONE_A, PHONE_B = "+33612345601", "+33612345602"
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


class FakeProvider(BaseHTTPRequestHandler):
    """Twilio's Messages API as the portal calls it: each SMS the portal sends is kept as (To, Body)."""

    sent = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        FakeProvider.sent.append((form["To"][0], form["Body"][0]))
        body = json.dumps({"sid": f"SM{len(FakeProvider.sent):032d}", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Provider:
    def __init__(self):
        self.server = HTTPServer(("127.0.0.1", 0), FakeProvider)
        self.count = 0
        FakeProvider.sent = []
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def deliver(self, portal_url, phone, body):
        """Twilio's inbound webhook: its documented form parameters, signed over the URL it was given."""
        self.count += 1
        params = {
            "MessageSid": f"SMin{self.count:030d}",
            "SmsSid": f"SMin{self.count:030d}",
            "AccountSid": "AC" + "0" * 32,
            "From": phone,
            "To": LONG_NUMBER,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        request = urllib.request.Request(  # noqa: S310 — the local test server
            f"{portal_url}/sms/entrant/",
            data=urllib.parse.urlencode(params).encode(),
            method="POST",
            headers={"X-Twilio-Signature": signature(TOKEN, f"{BASE_URL}/sms/entrant/", params)},
        )
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            assert response.status == 200

    def last_to(self, phone):
        return [text for to, text in FakeProvider.sent if to == phone][-1]


def slot_start(text, number):
    """The start of slot `number` in « 1 : mardi 1er décembre 2026 à 10 h 00 ; 2 : mercredi 2 décembre … »."""
    found = re.search(rf"\b{number} : \w+ (\d+)(?:er)? (\w+) (\d{{4}}) à (\d+) h (\d\d)", text)
    day, month, year, hour, minute = found.groups()
    return datetime(
        int(year), MONTHS.index(month) + 1, int(day), int(hour), int(minute), tzinfo=ZoneInfo("Europe/Paris")
    )


def test_a_household_answers_by_sms_and_books_and_a_race_gets_one_booking(
    browser, tmp_path, association, landlord, worker
):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    weekly_windows(worker, association)
    case_a, case_b, case_c = (CaseFactory(programme=programme, assigned_worker=worker) for _ in range(3))
    HouseholdMemberFactory(household=case_a.household, phone="06 12 34 56 01")  # the lease's number
    HouseholdMemberFactory(household=case_b.household, phone="06.12.34.56.02")
    web_user = UserFactory(confirmed=True)
    HouseholdMemberFactory(household=case_c.household, user=web_user, phone="")
    conversation = conversation_of(case_a, ConversationKind.HOUSEHOLD)
    provider = Provider()
    env = {
        "LIVE_SMS_BACKEND": "portal.sms_twilio.TwilioBackend",
        "TWILIO_API_BASE": provider.url,
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM": LONG_NUMBER,
        "PORTAL_BASE_URL": BASE_URL,
    }
    with start_daphne(tmp_path, **env) as server:
        staff = signed_in_page(browser, server, worker, viewport=DESKTOP)
        staff.goto(f"{server.url}/partenaires/messages/{conversation.pk}/")
        expect(staff.locator("#conversation")).to_have_attribute("data-live", "on")
        staff.fill("textarea[name=body]", "Bonjour, pouvez-vous me rappeler ou répondre à ce message ?")
        staff.click("button[value=send]")
        expect(staff.locator("#messages")).to_contain_text("pouvez-vous me rappeler")

        provider.deliver(server.url, PHONE_A, "Bonjour, je n'ai pas internet, je réponds par SMS.")
        expect(staff.locator("#messages")).to_contain_text("je réponds par SMS")  # live, no reload
        expect(staff.locator("#messages")).to_contain_text("reçu par SMS")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        staff.screenshot(path=SCREENSHOTS / "conversation-sms-worker-desktop.png", full_page=True)

        provider.deliver(server.url, PHONE_A, "rdv")
        listing = provider.last_to(PHONE_A)
        assert listing.startswith("Prochains rendez-vous libres : 1 : ")
        provider.deliver(server.url, PHONE_A, "2")
        assert provider.last_to(PHONE_A).startswith("Rendez-vous confirmé le ")
        booked = Appointment.objects.get(case=case_a)
        assert booked.starts_at == slot_start(listing, 2)

        race(browser, server, provider, web_user, case_b)


def race(browser, server, provider, web_user, case_b):
    """Household B answers « 1 » by SMS while household C confirms the same slot on the web: one booking."""
    provider.deliver(server.url, PHONE_B, "RDV")
    contested = slot_start(provider.last_to(PHONE_B), 1)
    web = signed_in_page(browser, server, web_user, viewport=DESKTOP)
    web.goto(f"{server.url}/espace/rendez-vous/prendre/")
    web.locator("input[name=place]").first.check()
    key = contested.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
    radio = web.locator("input[name=slot]").first
    radio.evaluate("(input, key) => { input.value = key; input.checked = true; }", key)
    by_sms = threading.Thread(target=provider.deliver, args=(server.url, PHONE_B, "1"))
    by_sms.start()
    web.get_by_role("button", name="Confirmer ce rendez-vous").click()
    by_sms.join(timeout=30)
    web.wait_for_load_state()
    assert Appointment.objects.filter(starts_at=contested).count() == 1
    winner = Appointment.objects.get(starts_at=contested)
    if winner.case_id == case_b.pk:
        expect(web.locator("main")).to_contain_text("Ce créneau vient d'être pris")
    else:
        assert provider.last_to(PHONE_B).startswith("Ce créneau vient d'être pris.")
