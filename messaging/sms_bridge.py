"""The SMS bridge: what a household writes by SMS to the programme's long number lands in its confidential
conversation, and a few French keywords act for it (docs/rules.md § 15, « Le pont SMS »).

Called once per new inbound SMS (portal.sms.inbound_received, sent by portal.sms_webhooks.inbound after it stored
the SMS encrypted). Which cases a number is linked to is casework's CaseQuerySet.linked_to_phone:

- linked to no open case: one neutral answer a day with the association's phone number, nothing else;
- linked to several open cases: the neutral answer, and a flag on each case for the association (nothing of the
  text is kept there);
- linked to exactly one: « RDV » answers with the next free slots, numbered, and a number books one through the
  booking service (its race protection included); « RAPPEL » is a call-back request; « SMS » chooses « réponses par
  SMS »; « STOP » / « START » belong to the opt-out rule and are never messages; anything else is a message,
  stored encrypted through messaging.services.store_message, marked « reçu par SMS », delivered live.

No SMS text is ever logged or passed to a task; the answers go out through portal.sms.send_now.
"""

import logging
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from appointments import services as booking
from appointments import wording
from appointments.views import household_type_for
from casework import call_backs, workflow
from casework.models import Case, Programme
from messaging import services
from messaging.enums import ConversationKind
from messaging.models import Conversation
from portal import sms
from portal.enums import Party
from portal.models import User, phone_digest

logger = logging.getLogger(__name__)

# The opt-out words (STOP and its French forms, START to opt back in): another rule handles them; never a message.
OPT_OUT_WORDS = {"STOP", "ARRET", "STOPSMS", "START", "UNSTOP", "REPRISE"}
SLOTS_WORD = "RDV"
CALL_BACK_WORD = "RAPPEL"
SMS_REPLIES_WORDS = {"SMS", "REPONSES SMS", "REPONSE SMS"}
OFFER_SECONDS = 2 * 3600  # how long a numbered list of slots may be answered
NEUTRAL_ANSWER_SECONDS = 24 * 3600

UNKNOWN_TEXT = "Bonjour, nous ne pouvons pas lire ce message ici. Pour joindre l'association, appelez le {phone}."
UNKNOWN_TEXT_NO_PHONE = "Bonjour, nous ne pouvons pas lire ce message ici. Merci de contacter l'association."
AMBIGUOUS_TEXT = "Bonjour, votre message est bien arrivé. L'association vous rappelle pour savoir à quel sujet."


def keyword(text):
    """The text as a keyword: accents, case, surrounding spaces and punctuation ignored (« Rdv. » → « RDV »)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().replace(".", " ").replace("!", " ").replace("«", " ").replace("»", " ").split())


def handle_inbound(inbound_sms, **kwargs):
    """The bridge's entry point (a receiver of portal.sms.inbound_received). Returns what it did, for tests."""
    word = keyword(inbound_sms.text)
    if word in OPT_OUT_WORDS:
        return "opt_out"
    phone = inbound_sms.phone
    cases = list(
        Case.objects.open()
        .linked_to_phone(phone)
        .select_related("programme__association", "household", "assigned_worker")
        .order_by("pk")
    )
    if not cases:
        answer_unknown(phone)
        return "unknown"
    if len(cases) > 1:
        flag_ambiguous(cases)
        sms.send_now(phone, AMBIGUOUS_TEXT)
        return "ambiguous"
    return act_on(cases[0], phone, word, inbound_sms)


def act_on(case, phone, word, inbound_sms):
    user = household_user(case, phone)
    if word == SLOTS_WORD:
        return offer_slots(case, phone)
    if word.isdigit() and offered(case, phone):
        return book_offered(case, phone, user, int(word))
    if word == CALL_BACK_WORD:
        call_backs.request_call_back(case, phone)
        sms.send_now(phone, "C'est noté : l'association vous rappelle dès que possible.")
        return "call_back"
    if word in SMS_REPLIES_WORDS:
        return choose_sms_replies(phone, user)
    return post(case, user, inbound_sms)


def household_user(case, phone):
    """The household member's account whose verified number sent it (None: the lease's number, no account)."""
    return User.objects.filter(
        household_member__household_id=case.household_id, phone=phone, phone_verified_at__isnull=False
    ).first()


def association_phone():
    """The association's phone number for a stranger: known only when one association runs the programmes."""
    associations = {p.association for p in Programme.objects.select_related("association")}
    if len(associations) != 1:
        return ""
    return associations.pop().phone


def answer_unknown(phone):
    if not cache.add(f"sms-bridge:unknown:{phone_digest(phone)}", 1, NEUTRAL_ANSWER_SECONDS):
        return  # one answer a day: a stranger's number never gets a conversation going
    number = association_phone()
    sms.send_now(phone, UNKNOWN_TEXT.format(phone=number) if number else UNKNOWN_TEXT_NO_PHONE)


def flag_ambiguous(cases):
    """Each case shows the flag on its timeline and the association is told; the SMS text is kept nowhere but the
    encrypted inbound record."""
    for case in cases:
        workflow.record_event(
            case,
            "sms_number_on_several_cases",
            None,
            detail="Un SMS est arrivé d'un numéro lié à plusieurs dossiers ouverts : appelez le ménage pour savoir "
            "lequel, puis corrigez le numéro du bail.",
        )
    workflow.notify_association(
        cases[0], "SMS à rattacher", "Un SMS est arrivé d'un numéro lié à plusieurs dossiers ouverts."
    )


def post(case, user, inbound_sms):
    """The message itself, through the one store service, then published and its side effects run."""
    try:
        body = services.check_body(inbound_sms.text)
    except services.MessageRefused:
        body = inbound_sms.text.strip()[: settings.MESSAGE_MAX_LENGTH]  # too long: kept, cut at the limit
    if not body:
        return "empty"
    conversation = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    message, created = services.store_message(
        conversation, user, body, f"sms:{inbound_sms.provider_id}", side=Party.HOUSEHOLD, via_sms=True
    )
    services.deliver(message, created)
    return "message"


def choose_sms_replies(phone, user):
    """« SMS »: the account whose verified number sent it chooses « réponses par SMS ». A lease's number with no
    verified account behind it cannot: the household opens its space (letter's code) and verifies it first."""
    if user is None:
        sms.send_now(
            phone,
            "Pour recevoir les réponses par SMS, ouvrez votre espace avec le code de votre courrier et vérifiez ce "
            "numéro.",
        )
        return "sms_replies_refused"
    User.objects.filter(pk=user.pk).update(replies_by_sms=True)
    sms.send_now(
        phone, "C'est noté : les réponses de l'association vous arriveront par SMS. Envoyez STOP pour arrêter."
    )
    return "sms_replies"


# ------------------------------------------------------------------ « RDV »: numbered slots, then a number


def _offer_key(case, phone):
    return f"sms-bridge:offer:{case.pk}:{phone_digest(phone)}"


def offered(case, phone):
    return cache.get(_offer_key(case, phone)) or []


def _numbered(slots):
    return " ; ".join(f"{n} : {wording.when_text(slot.start)}" for n, slot in enumerate(slots, 1))


def offer_slots(case, phone, slots=None, prefix="Prochains rendez-vous libres"):
    if slots is None:
        rules = booking.rules_for(case)
        after = timezone.now() + timedelta(hours=rules.min_booking_hours)
        slots = booking.next_free_slots(booking.candidate_worker_ids(case), household_type_for(case), after)
    if not slots:
        sms.send_now(phone, "Aucun créneau libre pour l'instant. Envoyez RAPPEL : l'association vous rappelle.")
        return "no_slot"
    cache.set(_offer_key(case, phone), [slot.start.isoformat() for slot in slots], OFFER_SECONDS)
    sms.send_now(phone, f"{prefix} : {_numbered(slots)}. Répondez par le numéro choisi (par exemple 1).")
    return "slots"


def book_offered(case, phone, user, number):
    starts = offered(case, phone)
    if not 1 <= number <= len(starts):
        sms.send_now(phone, f"Répondez par un numéro de 1 à {len(starts)}, ou RDV pour d'autres créneaux.")
        return "bad_number"
    appointment_type = household_type_for(case)
    try:
        appointment = booking.book(
            case=case,
            appointment_type=appointment_type,
            starts_at=datetime.fromisoformat(starts[number - 1]),
            place=appointment_type.place_choices(include_partner=False)[0][0],
            actor=user,
            actor_kind=Party.HOUSEHOLD,
        )
    except booking.SlotTaken as error:
        return offer_slots(case, phone, error.next_slots, prefix="Ce créneau vient d'être pris. Autres créneaux")
    except booking.BookingError as error:
        sms.send_now(phone, f"{error.message} Envoyez RDV pour d'autres créneaux.")
        return "refused"
    cache.delete(_offer_key(case, phone))
    sms.send_now(
        phone,
        f"Rendez-vous confirmé le {wording.when_text(appointment.starts_at)}, {wording.place_text(appointment)}. "
        f"Pour le déplacer : {wording.household_url()}",
    )
    return "booked"
