"""New-message notices for a phone-only household: a discreet SMS with the sign-in link, never the message; nothing
to an unverified number or after STOP."""

import pytest
from django.core import mail
from django.utils import timezone

from messaging import notifications
from portal import sms, sms_optout
from tests.messaging.factories import write

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def phone_only(household_user):
    household_user.email = None
    household_user.phone, household_user.phone_verified_at = "+33612345678", timezone.now()
    household_user.save()
    return household_user


def test_a_phone_only_household_is_told_by_sms_without_the_message(phone_only, worker, case, conversation):
    write(conversation, worker, "Madame Diallo, votre dette de 1 200 € : rappelez-moi")
    [(phone, text)] = sms.outbox
    assert phone == "+33612345678"
    assert "nouveau message" in text and f"/espace/messages/{conversation.pk}/" in text
    for word in ("Diallo", "1 200", "dette", "rappelez"):
        assert word not in text
    assert not [m for m in mail.outbox if m.subject == notifications.SUBJECT]


def test_an_unverified_number_gets_nothing(phone_only, worker, case, conversation):
    phone_only.phone_verified_at = None
    phone_only.save()
    write(conversation, worker, "Bonjour")
    assert sms.outbox == []


def test_after_stop_nothing_is_sent_and_after_start_again(phone_only, worker, case, conversation):
    sms_optout.stop("+33612345678")
    notifications.send_notice(phone_only, notifications.SUBJECT, "http://x/espace/messages/1/")
    assert sms.outbox == []
    sms_optout.start("+33612345678")
    notifications.send_notice(phone_only, notifications.SUBJECT, "http://x/espace/messages/1/")
    assert len(sms.outbox) == 1


def test_the_notice_is_one_sms(phone_only):
    assert sms.segments(notifications.notice_sms_text("https://portail.example.org/espace/messages/123456/")) == 1
