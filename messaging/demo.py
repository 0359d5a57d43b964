"""Demo conversations and coordination threads on the demo cases (runs after casework's demo).

Idempotent: each demo message has a fixed client key, so a second run stores nothing new. No e-mail is sent.
"""

from casework.demo import at
from casework.models import Case
from messaging.enums import ConversationKind
from messaging.models import Conversation
from messaging.services import store_message
from portal.enums import Party, Role
from portal.models import User

HOUSEHOLD_SCRIPT = [
    ("household", "Bonjour, j'ai reçu le courrier de mon bailleur. Je ne sais pas par où commencer."),
    (
        "association",
        "Bonjour, merci de votre message. Nous sommes là pour vous aider, en toute confidentialité. "
        "Je peux vous appeler demain vers 18 h ?",
    ),
    ("household", "Oui, 18 h c'est parfait. Merci."),
    ("association", "Très bien. Préparez si possible votre dernier avis d'échéance et votre attestation CAF."),
]

COORDINATION_SCRIPT = [
    (
        "association",
        "Bonjour, le ménage a pris contact avec nous. Pouvez-vous nous transmettre le dernier relevé de compte ?",
    ),
    ("landlord", "Bonjour, relevé envoyé ce jour. Une rencontre tripartite serait possible le 10 décembre à 14 h."),
    ("association", "Le 10 décembre à 14 h nous convient, à l'agence."),
]


def team_member(case):
    if case.assigned_worker_id:
        return case.assigned_worker
    return (
        User.objects.filter(
            memberships__organisation_id=case.programme.association_id,
            memberships__is_active=True,
            memberships__role__in=[Role.WORKER, Role.COORDINATOR],
        )
        .order_by("pk")
        .first()
    )


def landlord_referent(case):
    return (
        User.objects.filter(
            memberships__organisation_id=case.programme.landlord_id,
            memberships__is_active=True,
            memberships__role=Role.LANDLORD_REFERENT,
        )
        .order_by("pk")
        .first()
    )


def household_account(case):
    member = case.household.members.filter(user__isnull=False, user__is_active=True).select_related("user").first()
    return member.user if member else None


# When a script's messages were written, one a day up to yesterday: office hours for the association and the
# landlord, the evening or a break for a household at work (the demo once had them written at 4 and 5 in the morning).
TIMES_OF_DAY = ((18, 20), (10, 15), (12, 40), (9, 5))


def play(case, kind, script, authors):
    if None in authors.values():
        return
    conversation = Conversation.of_case(case, kind)
    for index, (side, body) in enumerate(script):
        hour, minute = TIMES_OF_DAY[index % len(TIMES_OF_DAY)]
        store_message(
            conversation,
            authors[side],
            body,
            f"demo-{kind}-{case.pk}-{index}",
            when=at(len(script) - index, hour, minute),
        )


SMS_ANSWER = "Bonjour, je n'ai pas internet, je réponds par SMS. Vous pouvez m'appeler le soir après 18 h."


def play_sms_answer(case):
    """A household without an account answers by SMS from the lease's number (messaging.sms_bridge): the
    association sees it in the conversation, marked « reçu par SMS »."""
    conversation = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    store_message(
        conversation,
        None,
        SMS_ANSWER,
        f"demo-sms-{case.pk}",
        when=at(1, 19, 10),
        side=Party.HOUSEHOLD,
        via_sms=True,
    )


def load():
    # Open cases only: the closed history of the evaluation demo has no current exchange to show.
    cases = (
        Case.objects.open()
        .filter(anonymised_at__isnull=True)
        .select_related("programme", "household", "assigned_worker")
    )
    without_account = 0
    for case in cases.order_by("pk"):
        worker = team_member(case)
        household = household_account(case)
        if household is not None:
            play(case, ConversationKind.HOUSEHOLD, HOUSEHOLD_SCRIPT, {"household": household, "association": worker})
        else:
            # No account yet: the association's first message waits for the household.
            play(case, ConversationKind.HOUSEHOLD, HOUSEHOLD_SCRIPT[1:2], {"association": worker})
            # Every other one of them (the first, the third…) answered by SMS: counted among these cases,
            # not by primary key, so the demo is the same whatever the database's sequences.
            if worker is not None and without_account % 2 == 0:
                play_sms_answer(case)
            without_account += 1
        play(
            case,
            ConversationKind.COORDINATION,
            COORDINATION_SCRIPT,
            {"association": worker, "landlord": landlord_referent(case)},
        )
