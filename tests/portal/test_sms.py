"""SMS: the development outbox (encrypted, printed), demo_sms, segment counting, no plaintext at rest."""

import io

import pytest
from django.core.management import CommandError, call_command

from portal import sms
from portal.models import OutboundSms
from tests.casework.test_plaintext import dump_everything

MARKER = "PLANTE-SMS-ZX91"


@pytest.fixture
def outbox(settings):
    settings.APPOINTMENTS_SMS_BACKEND = "portal.sms.OutboxBackend"
    settings.DEBUG = True


@pytest.mark.django_db
def test_the_outbox_keeps_each_sms_and_prints_it(outbox, capsys):
    sms.send_now("+33612345678", "Votre code de connexion : 123456.")
    assert "SMS à +33612345678 : Votre code de connexion : 123456." in capsys.readouterr().out
    stored = OutboundSms.objects.get()
    assert (stored.phone, stored.text, stored.segments, stored.status) == (
        "+33612345678",
        "Votre code de connexion : 123456.",
        1,
        "outbox",
    )


@pytest.mark.django_db
def test_demo_sms_prints_the_last_sms_sent_to_a_number_as_typed(outbox, capsys):
    sms.send_now("+33612345678", "premier")
    sms.send_now("+33612345678", "dernier")
    sms.send_now("+33698765432", "autre numéro")
    out = io.StringIO()
    call_command("demo_sms", "06 12 34 56 78", stdout=out)
    assert out.getvalue().strip() == "dernier"


@pytest.mark.django_db
def test_demo_sms_refuses_outside_development_and_unknown_numbers(outbox, settings):
    with pytest.raises(CommandError, match="Aucun SMS"):
        call_command("demo_sms", "06 12 34 56 78", stdout=io.StringIO())
    with pytest.raises(CommandError, match="pas un portable"):
        call_command("demo_sms", "02 38 11 22 33", stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="développement"):
        call_command("demo_sms", "06 12 34 56 78", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_an_outbound_sms_is_never_stored_in_clear(outbox):
    sms.send_now("+33612345678", f"Rappel {MARKER} : rendez-vous jeudi.")
    assert OutboundSms.objects.get().text.startswith("Rappel " + MARKER)
    dump = dump_everything()
    assert MARKER not in dump
    assert "+33612345678" not in dump  # nobody's account holds this number: the outbox alone has it, encrypted


@pytest.mark.parametrize(
    "text, count",
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("é" * 160, 1),  # é, è, à, ù are in GSM 03.38
        ("ê" + "a" * 69, 1),  # one « ê »: UCS-2, 70 characters a part
        ("ê" + "a" * 70, 2),
        ("ê" + "a" * 133, 2),  # 134 = 2 × 67
        ("ê" + "a" * 134, 3),
        ("€" * 80, 1),  # an extension character counts two septets
        ("€" * 81, 2),
        ("", 1),
    ],
)
def test_segments_follow_gsm7_and_ucs2(text, count):
    assert sms.segments(text) == count
