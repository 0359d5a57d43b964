"""The SMS bridge (messaging.sms_bridge): inbound SMS through the signed webhook into the confidential conversation,
the keywords, the neutral answers, replies by SMS, and which numbers are linked (CaseQuerySet.linked_to_phone)."""

import itertools
from datetime import datetime

import pytest
from django.utils import timezone

from appointments import services as booking
from appointments.models import Appointment
from appointments.views import household_type_for
from casework.models import Case, ContactRequest, TimelineEvent
from messaging import sms_bridge
from messaging.enums import ConversationKind
from messaging.models import Message
from messaging.sms_bridge import keyword
from portal import sms
from portal.enums import Party
from portal.sms_twilio import signature
from tests.appointments.conftest import frozen, paris  # noqa: F401 — fixture
from tests.appointments.factories import weekly_windows
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.messaging.factories import conversation_of, write

BASE_URL = "https://portail.example"
TOKEN = "jeton-twilio-de-test"
LONG_NUMBER = "+33757000000"
PHONE = "+33612345612"
_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def twilio_settings(settings):
    settings.TWILIO_AUTH_TOKEN, settings.TWILIO_FROM = TOKEN, LONG_NUMBER
    settings.PORTAL_BASE_URL = BASE_URL
    sms.outbox.clear()


def inbound(client, body, phone=PHONE, to=LONG_NUMBER, sid=None):
    """Twilio's documented inbound payload, signed as Twilio signs it."""
    params = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    path = "/sms/entrant/"
    return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature(TOKEN, BASE_URL + path, params))


@pytest.fixture
def sms_in(client, django_capture_on_commit_callbacks):
    """Post an inbound SMS; what runs after the commit (publishing, reaching out, notifications) runs too."""

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return inbound(client, *args, **kwargs)

    return post


@pytest.fixture
def written(django_capture_on_commit_callbacks):
    def post(*args):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args)

    return post


def answers(phone=PHONE):
    return [text for to, text in sms.outbox if to == phone]


@pytest.fixture
def case(association, landlord, worker):
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord), assigned_worker=worker)
    HouseholdMemberFactory(household=case.household, phone="06 12 34 56 12")  # the lease's number, as typed
    weekly_windows(worker, association)
    return case


def test_keywords_ignore_accents_case_and_punctuation():
    assert keyword("  rdv. ") == "RDV"
    assert keyword("Rappel !") == "RAPPEL"
    assert keyword("arrêt") == "ARRET"
    assert keyword("réponses SMS") == "REPONSES SMS"


@pytest.mark.django_db
def test_linked_numbers_are_the_verified_account_and_the_lease(case, household_user):
    other = CaseFactory()
    HouseholdMemberFactory(household=other.household, phone="0699999999")
    assert list(Case.objects.linked_to_phone(PHONE)) == [case]
    HouseholdMemberFactory(household=other.household, user=household_user, phone="", is_tenant=False)
    household_user.phone = "+33699999998"
    household_user.save()
    assert not Case.objects.linked_to_phone("+33699999998").exists()  # typed, never verified: links nothing
    household_user.phone_verified_at = timezone.now()
    household_user.save()
    assert list(Case.objects.linked_to_phone("+33699999998")) == [other]


@pytest.mark.django_db
def test_an_sms_from_the_lease_number_lands_in_the_conversation_marked_and_encrypted(sms_in, case, worker):
    assert sms_in("Bonjour je ne peux pas payer ce mois-ci").status_code == 200
    message = Message.objects.get()
    assert message.conversation == conversation_of(case, ConversationKind.HOUSEHOLD)
    assert (message.side, message.via_sms, message.author) == (Party.HOUSEHOLD, True, None)
    assert message.body == "Bonjour je ne peux pas payer ce mois-ci"
    case.refresh_from_db()
    assert case.household_reached_out_at is not None  # a message like any: the escalation stops
    page = client_for(worker)
    response = page.get(f"/partenaires/messages/{message.conversation_id}/")
    assert "reçu par SMS" in response.content.decode()
    assert answers() == []  # no answer to a plain message
    assert sms_in("autre").status_code == 200 and Message.objects.count() == 2


def client_for(user):
    from django.test import Client

    from tests.conftest import verify_client

    c = Client()
    verify_client(c, user)
    return c


@pytest.mark.django_db
def test_the_same_sms_twice_is_one_message(sms_in, case):
    sms_in("Bonjour", sid="SM" + "7" * 32)
    sms_in("Bonjour", sid="SM" + "7" * 32)
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_a_number_on_no_open_case_gets_one_neutral_answer_with_the_association_phone(sms_in, case, association):
    association.phone = "02 38 00 00 00"
    association.save()
    sms_in("Bonjour, qui êtes-vous ?", phone="+33611111111")
    sms_in("Allô ?", phone="+33611111111")
    assert answers("+33611111111") == [
        "Bonjour, nous ne pouvons pas lire ce message ici. Pour joindre l'association, appelez le 02 38 00 00 00."
    ]
    assert not Message.objects.exists() and not TimelineEvent.objects.filter(case=case).exists()
    case.status = "closed"
    Case.objects.filter(pk=case.pk).update(status="closed")
    sms_in("Bonjour", phone=PHONE)
    assert not Message.objects.exists()  # a closed case is no open case: the neutral answer
    assert len(answers(PHONE)) == 1


@pytest.mark.django_db
def test_a_number_on_several_open_cases_is_flagged_never_posted(sms_in, case, association, landlord):
    second = CaseFactory(programme=case.programme)
    HouseholdMemberFactory(household=second.household, phone="+33612345612")
    sms_in("Bonjour c'est pour le loyer")
    assert not Message.objects.exists()
    assert answers() == [
        "Bonjour, votre message est bien arrivé. L'association vous rappelle pour savoir à quel sujet."
    ]
    flagged = TimelineEvent.objects.filter(kind="sms_number_on_several_cases")
    assert sorted(flagged.values_list("case_id", flat=True)) == sorted([case.pk, second.pk])
    assert all("loyer" not in event.detail for event in flagged)


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["STOP", "arrêt", "Start"])
def test_stop_and_start_are_never_messages(sms_in, case, word):
    sms_in(word)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_rappel_is_a_call_back_request_on_the_case(sms_in, case):
    sms_in("Rappel")
    sms_in("RAPPEL")
    request = ContactRequest.objects.get()
    assert (request.case, request.contact, request.association) == (case, PHONE, case.programme.association)
    assert TimelineEvent.objects.filter(case=case, kind="call_back_requested").count() == 1
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_rdv_lists_numbered_slots_and_a_number_books_the_second(sms_in, case, frozen):  # noqa: F811
    sms_in("rdv")
    [listing] = answers()
    assert listing.startswith("Prochains rendez-vous libres : 1 : ") and " ; 2 : " in listing
    sms_in("2")
    appointment = Appointment.objects.get()
    assert appointment.booked_by_actor == Party.HOUSEHOLD and appointment.case == case
    assert "2 : " + listing.split(" ; 2 : ")[1].split(" ; ")[0] in listing
    assert answers()[-1].startswith("Rendez-vous confirmé le ")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_slot_taken_meanwhile_gets_the_next_slots_not_a_double_booking(sms_in, case, frozen, worker):  # noqa: F811
    sms_in("RDV")
    first = datetime.fromisoformat(sms_bridge.offered(case, PHONE)[0])
    other = CaseFactory(programme=case.programme)
    booking.book(  # another household (on the web) takes slot 1 between the list and the answer
        case=other,
        appointment_type=household_type_for(case),
        starts_at=first,
        place="office",
        actor=worker,
        actor_kind=Party.ASSOCIATION,
    )
    sms_in("1")
    assert Appointment.objects.count() == 1
    assert answers()[-1].startswith("Ce créneau vient d'être pris. Autres créneaux : 1 : ")


@pytest.mark.django_db
def test_a_number_without_an_offer_is_a_message(sms_in, case):
    sms_in("3")
    assert Message.objects.get().body == "3"


@pytest.mark.django_db
def test_replies_go_as_sms_only_once_chosen_on_a_verified_number(sms_in, written, case, worker, household_user):
    HouseholdMemberFactory(household=case.household, user=household_user, phone="", is_tenant=False)
    conversation = conversation_of(case, ConversationKind.HOUSEHOLD)
    written(conversation, worker, "Pouvez-vous venir mardi ?")
    assert sms.outbox == []  # no choice yet: the discreet notice (e-mail), never the text
    household_user.phone, household_user.phone_verified_at = "+33622222222", timezone.now()
    household_user.save()
    sms_in("SMS", phone="+33622222222")
    household_user.refresh_from_db()
    assert household_user.replies_by_sms
    sms.outbox.clear()
    reply = written(conversation, worker, "Oui, mardi 10 h à l'association.")
    assert answers("+33622222222") == [
        "Oui, mardi 10 h à l'association.\n— L'association. Répondez à ce numéro, ou dans votre espace."
    ]
    reply.refresh_from_db()
    assert reply.via_sms
    page = client_for(worker).get(f"/partenaires/messages/{conversation.pk}/").content.decode()
    assert "Envoyé par SMS au 06 •• •• •• 22 — lisible sur un écran verrouillé" in page


@pytest.mark.django_db
def test_a_lease_number_cannot_choose_sms_replies(sms_in, case):
    sms_in("SMS")
    assert answers()[0].startswith("Pour recevoir les réponses par SMS, ouvrez votre espace")


@pytest.mark.django_db
def test_the_landlord_never_sees_an_sms_message(sms_in, case, landlord_referent):
    sms_in("MARQUEUR-SMS-CONFIDENTIEL")
    page = client_for(landlord_referent)
    for url in ["/partenaires/bailleur/", f"/partenaires/bailleur/dossiers/{case.pk}/", "/partenaires/messages/"]:
        assert "MARQUEUR-SMS-CONFIDENTIEL" not in page.get(url).content.decode()
    conversation = conversation_of(case, ConversationKind.HOUSEHOLD)
    assert page.get(f"/partenaires/messages/{conversation.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_inbound_webhook_refuses_no_signature_a_wrong_one_a_replay_and_another_programmes_number(client, case):
    params = {"MessageSid": "SM" + "5" * 32, "From": PHONE, "To": LONG_NUMBER, "Body": "MARQUEUR"}
    path = "/sms/entrant/"
    assert client.post(path, params).status_code == 403
    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE="faux").status_code == 403
    wrong = signature("un-autre-jeton", BASE_URL + path, params)
    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE=wrong).status_code == 403
    signed = signature(TOKEN, BASE_URL + path, params)
    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signed).status_code == 200
    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signed).status_code == 200  # replay: answered only
    assert Message.objects.count() == 1
    other = {**params, "MessageSid": "SM" + "6" * 32, "To": "+33757000001"}  # another programme's long number
    response = client.post(path, other, HTTP_X_TWILIO_SIGNATURE=signature(TOKEN, BASE_URL + path, other))
    assert response.status_code == 404 and Message.objects.count() == 1


@pytest.mark.django_db
def test_a_worker_confirms_a_number_by_phone_and_who_and_when_are_kept(
    sms_in, written, case, worker, household_user, landlord_referent
):
    HouseholdMemberFactory(household=case.household, user=household_user, phone="", is_tenant=False)
    household_user.phone, household_user.replies_by_sms = "+33633333333", True  # typed, never verified by code
    household_user.save()
    conversation = conversation_of(case, ConversationKind.HOUSEHOLD)
    url = f"/partenaires/messages/{conversation.pk}/numero-confirme/"
    assert client_for(landlord_referent).post(url, {"personne": household_user.pk}).status_code == 404
    assert client_for(worker).post(url, {"personne": "9999999"}).status_code == 404
    written(conversation, worker, "Avant confirmation")
    assert answers("+33633333333") == []  # not verified, not confirmed: the discreet notice only
    staff = client_for(worker)
    assert "06 33 33 33 33" in staff.get(f"/partenaires/messages/{conversation.pk}/").content.decode()
    assert staff.post(url, {"personne": household_user.pk}).status_code == 302
    household_user.refresh_from_db()
    assert household_user.phone_confirmed_by == worker and household_user.phone_confirmed_at is not None
    written(conversation, worker, "Après confirmation")
    assert answers("+33633333333") == [
        "Après confirmation\n— L'association. Répondez à ce numéro, ou dans votre espace."
    ]


@pytest.mark.django_db
def test_the_household_chooses_sms_replies_in_its_space_once_its_number_is_verified(client, case, household_user):
    HouseholdMemberFactory(household=case.household, user=household_user, phone="", is_tenant=False)
    household_user.phone = "+33644444444"
    household_user.save()
    client.force_login(household_user)
    form = {"first_name": "Awa", "message_notifications": "immediate", "reminder_by_email": "on"}
    assert client.post("/comptes/preferences/", {**form, "replies_by_sms": "on"}).status_code == 302
    household_user.refresh_from_db()
    assert household_user.replies_by_sms is False  # not verified: the box is disabled
    household_user.phone_verified_at = timezone.now()
    household_user.save()
    assert client.post("/comptes/preferences/", {**form, "replies_by_sms": "on"}).status_code == 302
    household_user.refresh_from_db()
    assert household_user.replies_by_sms and household_user.sms_reply_phone == "+33644444444"


@pytest.mark.django_db
def test_professionals_are_not_offered_sms_replies(worker):
    page = client_for(worker).get("/comptes/preferences/").content.decode()
    assert "replies_by_sms" not in page
