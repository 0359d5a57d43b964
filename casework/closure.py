"""What closing a case does to everything that hangs on it (docs/rules.md, « Cycle de vie d'un dossier »).

Called by casework.workflow when a case enters « clos », inside the same transaction: its upcoming appointments
are cancelled (history, CANCEL .ics to each participant), its handovers not done end (casework.handovers, which
tells each partner), and each party is told in its own words — the household that its support is over and whom to
contact next, the landlord the outcome type (an orientation never says which scheme). E-mails are discreet and
leave after the commit.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from appointments import services as appointments
from appointments.enums import SYSTEM_ACTOR
from casework import handovers, workflow
from portal.enums import Party

HOUSEHOLD_SUBJECT = "Votre accompagnement est terminé"


def end_what_hangs_on(case, by):
    user = workflow._actor(by)
    kind = Party.ASSOCIATION if getattr(user, "is_authenticated", False) else SYSTEM_ACTOR
    for appointment in appointments.upcoming_for(case.appointments.all()):
        appointments.cancel_by_cascade(appointment, actor=user, actor_kind=kind, reason="Dossier clos")
    handovers.end_with_case(case, by)


def tell_parties(case):
    tell_household(case)
    workflow.notify_landlord(
        case,
        "Un dossier signalé est clos",
        f"L'association a clos l'accompagnement d'un ménage que vous avez signalé. Issue : {case.landlord_outcome}.",
    )


def household_emails(household):
    emails = []
    for member in household.members.select_related("user"):
        email = (member.user.email if member.user_id else "") or member.email
        if email and email not in emails:
            emails.append(email)
    return emails


def next_contact_lines(case):
    """Whom the household contacts next: the association's own public contact details (no case detail)."""
    association = case.programme.association
    lines = [f"Pour toute question, vous pouvez toujours joindre {association.name}"]
    lines += [f"  téléphone : {association.phone}"] if association.phone else []
    lines += [f"  e-mail : {association.email}"] if association.email else []
    lines += [f"  adresse : {association.address}"] if association.address else []
    return lines


def tell_household(case):
    recipients = household_emails(case.household)
    if not recipients:
        return
    body = "\n".join(
        [
            "Bonjour,",
            "",
            "Votre accompagnement est terminé. Vos rendez-vous à venir avec l'association sont annulés.",
            "Vous retrouvez le bilan de l'accompagnement et la suite conseillée dans votre espace.",
            "",
            *next_contact_lines(case),
            "",
            f"Connectez-vous : {settings.PORTAL_BASE_URL}/espace/",
        ]
    )
    transaction.on_commit(lambda: send_mail(HOUSEHOLD_SUBJECT, body, None, recipients, fail_silently=True))
