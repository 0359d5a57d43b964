"""Invitations and reminders by SMS and e-mail (casework.outreach): discreet texts, one contact attempt each with
the provider's delivery status, reminders on day 3 and 7 stopped by anything the household does, STOP then START."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from casework import outreach, workflow
from casework.enums import ContactOutcome, ReachOutKind
from casework.models import Outreach
from portal import sms
from portal.enums import ContactChannel, InvitationKind
from portal.models import Invitation, OutboundSms
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.portal.test_sms_twilio import LONG_NUMBER, fixture, post_signed, twilio  # noqa: F401 - the fake Twilio

pytestmark = pytest.mark.django_db
NUMBER = "+33612345678"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def case(association, worker):
    association.name, association.phone = "Association Relais Loiret", "02 38 00 00 00"
    association.save()
    case = CaseFactory(programme=ProgrammeFactory(association=association), contacting=True, assigned_worker=worker)
    case.household.members.all().delete()
    HouseholdMemberFactory(household=case.household, phone="06 12 34 56 78", email="menage@test.example")
    case.invitation = Invitation.issue(
        kind=InvitationKind.HOUSEHOLD, organisation=association, days=60, postcode="45000"
    )
    case.save(update_fields=["invitation"])
    return case


def invite(verified_client, worker, case, *channels):
    return verified_client(worker).post(f"/partenaires/dossiers/{case.pk}/inviter/", {"channels": list(channels)})


def test_the_invitation_is_discreet_and_is_a_contact_attempt(
    verified_client, worker, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(verified_client, worker, case, "sms", "email")
    [(phone, text)] = sms.outbox
    assert phone == NUMBER
    assert "Association Relais Loiret" in text and "courrier" in text and "02 38 00 00 00" in text
    assert f"/i/{case.invitation.code}/" in text
    for word in ("loyer", "impayé", "dette", "arriéré", "expulsion", "€"):
        assert word not in text.lower() and word not in mail.outbox[0].body.lower()
    assert sms.measure(text)["encoding"] == "gsm7" and sms.segments(text) <= 2
    assert mail.outbox[0].to == ["menage@test.example"]
    attempts = case.contact_attempts.all()
    assert {a.channel for a in attempts} == {ContactChannel.SMS, ContactChannel.EMAIL}
    assert all(a.outcome == ContactOutcome.SENT and a.outreach.sent_at for a in attempts)


def _invited_days_ago(case, days, channel=ContactChannel.SMS):
    [row] = outreach.queue(case, [channel])
    Outreach.objects.filter(pk=row.pk).update(sent_at=timezone.now() - timedelta(days=days))
    return row


@pytest.mark.parametrize("days, expected", [(2.9, 0), (3, 1), (6.9, 1), (7, 2)])
def test_reminders_go_on_day_3_and_day_7(case, days, expected):
    _invited_days_ago(case, days)
    outreach.due_reminders()
    outreach.due_reminders()  # idempotent
    assert case.outreach.exclude(kind=Outreach.INVITATION).count() == expected


@pytest.mark.parametrize(
    "age,expected",
    [(timedelta(days=3) - timedelta(microseconds=1), 0), (timedelta(days=3), 1)],
    ids=["a-microsecond-before-day-3", "day-3-to-the-instant"],
)
def test_the_day_3_reminder_is_due_from_the_instant_the_invitation_is_3_days_old(case, age, expected):
    now = timezone.now()
    row = _invited_days_ago(case, 0)
    Outreach.objects.filter(pk=row.pk).update(sent_at=now - age)
    assert outreach.due_reminders(now=now) == expected
    assert case.outreach.filter(kind=Outreach.REMINDER_3).count() == expected


def test_a_reminder_is_not_sent_after_the_household_booked(case):
    _invited_days_ago(case, 4)
    workflow.household_reached_out(case, ReachOutKind.BOOKING)
    assert outreach.due_reminders() == 0
    assert not case.outreach.exclude(kind=Outreach.INVITATION).exists()


def test_a_reminder_already_queued_is_not_sent_once_the_household_reached_out(case):
    _invited_days_ago(case, 4)
    outreach.due_reminders()
    reminder = case.outreach.get(kind=Outreach.REMINDER_3)
    Outreach.objects.filter(pk=reminder.pk).update(sent_at=None)
    workflow.household_reached_out(case, ReachOutKind.MESSAGE)
    sms.outbox.clear()
    assert outreach.send_outreach.call(reminder.pk) == 0
    reminder.refresh_from_db()
    assert reminder.not_sent == "reached_out" and sms.outbox == []


def test_a_failed_delivery_shows_on_the_case_page(
    verified_client,
    worker,
    case,
    twilio,  # noqa: F811 - the fixture imported above
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(verified_client, worker, case, "sms")
    record = OutboundSms.objects.get()
    params = {**fixture("status_callback.json"), "MessageSid": record.provider_id, "MessageStatus": "failed"}
    assert post_signed(client, "/sms/statut/", params).status_code == 200
    page = verified_client(worker).get(f"/partenaires/dossiers/{case.pk}/").content.decode()
    assert "échec : non distribué" in page


def test_stop_then_start(verified_client, worker, case, twilio, client, django_capture_on_commit_callbacks):  # noqa: F811
    inbound = {**fixture("inbound_message.json"), "From": NUMBER, "To": LONG_NUMBER, "Body": "Stop"}
    assert post_signed(client, "/sms/entrant/", inbound).status_code == 200
    staff = verified_client(worker)
    assert "STOP reçu le" in staff.get(f"/partenaires/dossiers/{case.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/partenaires/dossiers/{case.pk}/inviter/", {"channels": ["sms"]})
    assert not OutboundSms.objects.exists()
    assert case.outreach.get().not_sent == "stopped"

    inbound.update(Body="START", MessageSid="SM" + "b" * 32)
    assert post_signed(client, "/sms/entrant/", inbound).status_code == 200
    assert "STOP reçu le" not in staff.get(f"/partenaires/dossiers/{case.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/partenaires/dossiers/{case.pk}/inviter/", {"channels": ["sms"]})
    assert OutboundSms.objects.count() == 1


def test_a_selection_invites_only_the_cases_in_scope_that_await_the_household(
    verified_client, worker, case, django_capture_on_commit_callbacks
):
    reached = CaseFactory(programme=case.programme, reached_out=True)
    reached.invitation = Invitation.issue(
        kind=InvitationKind.HOUSEHOLD, organisation=case.programme.association, days=9
    )
    reached.save(update_fields=["invitation"])
    foreign = CaseFactory(contacting=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(worker).post(
            "/partenaires/dossiers/inviter/",
            {"case": [case.pk, reached.pk, foreign.pk, "x'; DROP"], "channels": ["sms"]},
        )
    assert response.status_code == 302
    assert list(Outreach.objects.values_list("case_id", flat=True)) == [case.pk]
    assert len(sms.outbox) == 1


def test_no_channel_is_refused_in_french(verified_client, worker, case):
    response = invite(verified_client, worker, case)
    assert response.status_code == 200 and not Outreach.objects.exists()
    assert "Choisissez au moins un moyen : SMS, e-mail ou les deux." in response.content.decode()


def test_the_coordinator_edits_the_texts_with_a_preview_and_the_count(verified_client, coordinator, case):
    staff = verified_client(coordinator)
    url = f"/partenaires/programmes/{case.programme.pk}/invitations/"
    page = staff.get(url).content.decode()
    assert "Association Relais Loiret" in page and "/i/ABCDEFGHJKMN/" in page  # the preview, placeholders filled
    assert "caractères : 2 SMS." in page
    response = staff.post(url, {"invitation_sms_text": "Bonjour, à bientôt : {lien}", "reminder_sms_text": "x {lien}"})
    assert response.status_code == 302
    case.programme.refresh_from_db()
    assert case.programme.invitation_sms_text == "Bonjour, à bientôt : {lien}" and not case.programme.auto_invite
    assert "Le caractère « à »" not in staff.get(url).content.decode()  # « à » is GSM-7
    response = staff.post(url, {"invitation_sms_text": "Rappelez-nous vite", "reminder_sms_text": "x {lien}"})
    assert response.context["form"].errors["invitation_sms_text"] == [
        "Gardez {lien} : c'est par lui que le ménage ouvre son espace."
    ]
    assert "Rappelez-nous vite" in response.content.decode()


def test_a_worker_does_not_edit_the_texts(verified_client, worker, case):
    assert verified_client(worker).get(f"/partenaires/programmes/{case.programme.pk}/invitations/").status_code == 404


def test_the_programmes_text_is_the_one_sent(case, django_capture_on_commit_callbacks):
    case.programme.invitation_sms_text = "Tête-à-tête avec {association} : {lien}"
    case.programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        outreach.queue(case, [ContactChannel.SMS])
    [(_, text)] = sms.outbox
    assert (
        text.startswith("Tête-à-tête avec Association Relais Loiret : http") and sms.segments(text) == 2
    )  # « ê »: UCS-2, 83 > 70


def test_sending_at_referral_is_off_by_default_and_follows_the_option(
    landlord_referent, case, django_capture_on_commit_callbacks
):
    from tests.casework.test_services import make_case

    def refer(lease):
        with django_capture_on_commit_callbacks(execute=True):
            return make_case(case.programme, landlord_referent, lease_reference=lease, phone="06 11 22 33 44")

    assert not refer("B-1").outreach.exists()
    case.programme.auto_invite = True
    case.programme.save()
    assert refer("B-2").outreach.get().channel == ContactChannel.SMS
    assert sms.outbox[-1][0] == "+33611223344"
