"""Discreet e-mails with .ics, reminders sent once (e-mail and SMS), the SMS HTTP adapter, the private feed."""

import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from appointments import services
from appointments.enums import Place, Status
from appointments.management.commands.send_reminders import send_due_reminders
from appointments.models import CalendarFeed, Reminder
from portal import sms
from portal.enums import Party
from tests.appointments.conftest import paris

pytestmark = pytest.mark.usefixtures("frozen")

# Words that would give the household away, or the reason it is followed.
FORBIDDEN = [
    "Dupontel",
    "Samia",
    "Ménage Test",
    "rue des Tests",
    "780",
    "impayé",
    "impaye",
    "dette",
    "loyer",
    "Locataire",
]


def assert_discreet(text):
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), word


@pytest.fixture
def booked(case, household, first_interview, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.book(
            case=case,
            appointment_type=first_interview,
            starts_at=paris(2026, 12, 3, 18),
            place=Place.HOME,
            actor=household,
            actor_kind=Party.HOUSEHOLD,
        )


def ics_events(payload):
    return [c for c in Calendar.from_ical(payload).walk("VEVENT")]


def test_confirmation_email_with_discreet_ics(booked, household, worker):
    recipients = sorted(address for message in mail.outbox if message.attachments for address in message.to)
    assert recipients == sorted([household.email, worker.email])  # the worker hears of a household's booking
    message = next(m for m in mail.outbox if m.to == [household.email])
    assert message.subject == "Rendez-vous confirmé"
    assert "jeudi 3 décembre 2026 à 18 h 00" in message.body and "à domicile" in message.body
    assert_discreet(message.subject + message.body)
    name, payload, mimetype = message.attachments[0]
    assert name == "rendez-vous.ics" and mimetype.startswith("text/calendar")
    assert_discreet(payload)
    (event,) = ics_events(payload)
    assert str(event["summary"]) == "Rendez-vous avec l'association"
    assert str(event["location"]) == "à domicile"
    assert event["dtstart"].dt == paris(2026, 12, 3, 18)
    assert event["dtstart"].dt.utcoffset() == timedelta(0)  # stored and sent in UTC
    assert Calendar.from_ical(payload)["method"] == "REQUEST"


def test_cancellation_sends_a_cancel_ics(booked, household, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booked, actor=household, actor_kind=Party.HOUSEHOLD, reason="Je suis malade")
    message = next(m for m in mail.outbox if m.to == [household.email])
    payload = message.attachments[0][1]
    assert Calendar.from_ical(payload)["method"] == "CANCEL"
    assert "Je suis malade" not in message.body and "Je suis malade" not in payload


def test_office_place_is_the_association_address(case, household, first_interview, django_capture_on_commit_callbacks):
    case.programme.association.address = "5 rue des Carmes, 45000 Orléans"
    case.programme.association.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(
            case=case,
            appointment_type=first_interview,
            starts_at=paris(2026, 12, 3, 10),
            place=Place.OFFICE,
            actor=household,
            actor_kind=Party.HOUSEHOLD,
        )
    (event,) = ics_events(next(m for m in mail.outbox if m.attachments).attachments[0][1])
    assert str(event["location"]) == "5 rue des Carmes, 45000 Orléans"


class SmsRecorder:
    def __init__(self):
        self.sent = []

    def send(self, phone, text):
        self.sent.append((phone, text))


@pytest.fixture
def recorder(monkeypatch):
    recorder = SmsRecorder()
    monkeypatch.setattr(sms, "get_backend", lambda: recorder)
    return recorder


def test_reminders_48h_then_24h_each_sent_once(booked, household, recorder, frozen):
    mail.outbox.clear()
    assert send_due_reminders() == 0  # 58 h before: nothing due yet
    frozen.move_to(paris(2026, 12, 1, 20))  # 46 h before
    assert send_due_reminders() == 2  # one e-mail, one SMS
    assert send_due_reminders() == 0
    call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and len(recorder.sent) == 1
    phone, text = recorder.sent[0]
    assert phone == household.phone
    assert text.startswith("Rappel : rendez-vous avec l'association le jeudi 3 décembre 2026 à 18 h 00, à domicile.")
    assert_discreet(text + mail.outbox[0].body)
    frozen.move_to(paris(2026, 12, 2, 19))  # 23 h before
    assert send_due_reminders() == 2
    assert send_due_reminders() == 0
    assert sorted(Reminder.objects.values_list("kind", "channel")) == [
        ("24h", "email"),
        ("24h", "sms"),
        ("48h", "email"),
        ("48h", "sms"),
    ]


def test_reminders_follow_a_move_and_skip_cancelled(booked, household, recorder, frozen):
    frozen.move_to(paris(2026, 12, 2, 19))
    assert send_due_reminders() == 2
    services.move(booked, starts_at=paris(2026, 12, 3, 17), actor=booked.worker, actor_kind=Party.ASSOCIATION)
    assert send_due_reminders() == 2  # a new time: reminded again
    services.cancel(booked, actor=booked.worker, actor_kind=Party.ASSOCIATION)
    frozen.move_to(paris(2026, 12, 3, 10))
    assert send_due_reminders() == 0


def test_reminder_preferences_are_respected(booked, household, recorder, frozen):
    household.reminder_by_sms = False
    household.save()
    frozen.move_to(paris(2026, 12, 2, 19))
    send_due_reminders()
    assert recorder.sent == [] and len([m for m in mail.outbox if "Rappel" in m.subject]) == 1


class FakeProvider(BaseHTTPRequestHandler):
    received = []
    status = 200

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeProvider.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(FakeProvider.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    FakeProvider.received = []
    FakeProvider.status = 200
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


def test_http_sms_backend_against_a_local_fake_provider(provider, settings):
    settings.APPOINTMENTS_SMS_BACKEND = "portal.sms.HttpBackend"
    settings.APPOINTMENTS_SMS_HTTP_URL = provider
    settings.APPOINTMENTS_SMS_HTTP_TOKEN = "jeton-secret"
    sms.get_backend().send("0600000000", "Rappel : rendez-vous avec l'association")
    assert FakeProvider.received == [
        (
            "Bearer jeton-secret",
            {"to": "0600000000", "text": "Rappel : rendez-vous avec l'association", "sender": "ASSOCIATION"},
        )
    ]
    FakeProvider.status = 500
    with pytest.raises(sms.SmsError, match="500"):
        sms.get_backend().send("0600000000", "x")


def test_console_backend_is_the_default(capsys, settings):
    del settings.APPOINTMENTS_SMS_BACKEND  # the test settings keep SMS in memory
    sms.get_backend().send("0600000000", "Bonjour")
    assert "SMS à 0600000000 : Bonjour" in capsys.readouterr().out


def test_sms_failure_does_not_stop_the_reminders(booked, provider, settings, frozen):
    settings.APPOINTMENTS_SMS_BACKEND = "portal.sms.HttpBackend"
    settings.APPOINTMENTS_SMS_HTTP_URL = provider
    FakeProvider.status = 503
    frozen.move_to(paris(2026, 12, 2, 19))
    assert send_due_reminders() == 1  # the e-mail went; the SMS failure is logged, not raised


# ---------------------------------------------------------------- private feed


def test_feed_token_issued_read_and_revoked(client, verified_client, worker, booked):
    staff = verified_client(worker)
    response = staff.post(reverse("appointments:feed_settings"), {"action": "issue"})
    url = response.context["feed_url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeed.objects.get().token_hash != token  # only the hash is stored
    staff.logout()
    feed = client.get(f"/agenda/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert_discreet(feed.content.decode())
    (event,) = ics_events(feed.content)
    assert str(event["summary"]) == "Rendez-vous avec l'association"
    staff = verified_client(worker)
    staff.post(reverse("appointments:feed_settings"), {"action": "revoke"})
    staff.logout()
    assert client.get(f"/agenda/{token}.ics").status_code == 404
    assert client.get("/agenda/n-importe-quoi.ics").status_code == 404


def test_new_feed_link_revokes_the_old_one(client, worker):
    _, old = CalendarFeed.issue(worker)
    _, new = CalendarFeed.issue(worker)
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200


def test_feed_of_a_departed_member_is_dead(client, worker):
    _, token = CalendarFeed.issue(worker)
    worker.memberships.update(is_active=False)
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_feed_lists_cancelled_as_cancelled(client, worker, booked):
    _, token = CalendarFeed.issue(worker)
    services.cancel(booked, actor=worker, actor_kind=Party.ASSOCIATION)
    (event,) = ics_events(client.get(f"/agenda/{token}.ics").content)
    assert str(event["status"]) == "CANCELLED"
    assert booked.status == Status.BOOKED  # the in-memory object is untouched; the database changed


def test_no_sms_reminder_to_a_number_not_verified(booked, household, recorder, frozen):
    household.phone_verified_at = None  # a number typed but never confirmed by its code
    household.save()
    assert household.reminder_by_sms is True and not household.sms_reminders_on
    frozen.move_to(paris(2026, 12, 2, 19))
    send_due_reminders()
    assert recorder.sent == []
