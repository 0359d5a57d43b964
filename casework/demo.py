"""Demo casework: the Orléans agglomeration programme with cases at every stage, and a second programme.

The Orléans association and its landlord also run the seed's first year (casework.evaluation.demo), with other
parameters: their members (coordinatrice@, travailleur@, bailleur@demo.example) switch between the two programmes.

Idempotent: each case is keyed on its lease reference; an existing lease is left as it is.
"""

import json
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from casework import capacity, draft_kinds, eligibility, guides, outreach, services, transfers, versions, workflow
from casework.enums import (
    ActionStatus,
    ContactOutcome,
    Guarantee,
    HandoverStatus,
    Outcome,
    ReachOutKind,
    ReviewStatus,
    TransferStatus,
)
from casework.models import (
    ArrearsStatement,
    Case,
    ContactAttempt,
    Diagnostic,
    Handover,
    HandoverConsent,
    HouseholdMember,
    Outreach,
    Programme,
    ProgrammeMeeting,
    RepaymentPlan,
    ReviewComment,
    ReviewParticipant,
    RoadmapAction,
    Tenancy,
    TripartiteReview,
)
from portal import drafts, geo
from portal.enums import ContactChannel, Party
from portal.models import Organisation, OutboundSms, User

ORLEANS_COMMUNES = [
    "Orléans",
    "Boigny-sur-Bionne",
    "Bou",
    "Chanteau",
    "Chécy",
    "Combleux",
    "Fleury-les-Aubrais",
    "Ingré",
    "La Chapelle-Saint-Mesmin",
    "Mardié",
    "Marigny-les-Usages",
    "Olivet",
    "Ormes",
    "Saint-Cyr-en-Val",
    "Saint-Denis-en-Val",
    "Saint-Hilaire-Saint-Mesmin",
    "Saint-Jean-de-Braye",
    "Saint-Jean-de-la-Ruelle",
    "Saint-Jean-le-Blanc",
    "Saint-Pryvé-Saint-Mesmin",
    "Saran",
    "Semoy",
]
ORLEANS_EXTENDED = {"yearly_capacity": 30, "budget": Decimal("12000")}
MONTARGIS_COMMUNES = ["Montargis", "Amilly", "Châlette-sur-Loing", "Villemandeur"]

# lease, first name, last name, size, commune, stage, days since referral, extra
ORLEANS_CASES = [
    ("HL-2026-0101", "Lucas", "Martin", 2, "Orléans", "referred", 1, {}),
    ("HL-2026-0102", "Inès", "Moreau", 3, "Saint-Jean-de-Braye", "near_deadline", 24, {}),
    ("HL-2026-0103", "Thomas", "Girard", 1, "Fleury-les-Aubrais", "silent", 36, {}),
    ("HL-2026-0104", "Kevin", "Leroy", 2, "Orléans", "reached_out", 10, {"user": "menage-nouveau@demo.example"}),
    ("HL-2026-0105", "Aïcha", "Diallo", 4, "Olivet", "contact_established", 12, {"user": "+33600000001"}),
    ("HL-2026-0106", "Julie", "Bernard", 3, "Saran", "assessment", 20, {}),
    ("HL-2026-0107", "Samira", "Haddad", 3, "Orléans", "support", 70, {"user": "menage@demo.example"}),
    ("HL-2026-0108", "Marc", "Petitjean", 1, "Ingré", "support_long", 140, {}),
    ("HL-2026-0109", "Nadia", "Benali", 2, "Orléans", "exception", 2, {}),
    ("HL-2026-0110", "Hugo", "Lambert", 2, "Olivet", Outcome.REPAYMENT_PLAN, 160, {}),
    ("HL-2026-0111", "Léa", "Roux", 4, "Saint-Jean-de-la-Ruelle", Outcome.TRANSFER, 180, {}),
    ("HL-2026-0112", "Omar", "Chevalier", 1, "Orléans", Outcome.ORIENTATION, 150, {}),
    ("HL-2026-0113", "Emma", "Faure", 2, "Chécy", Outcome.DEBT_CLEARED, 120, {}),
    ("HL-2026-0114", "Paul", "André", 1, "Saran", Outcome.NO_CONTACT, 100, {}),
    ("HL-2026-0115", "Chloé", "Mercier", 3, "Orléans", Outcome.REFUSAL, 90, {}),
    ("HL-2026-0116", "Yanis", "Blanc", 2, "Fleury-les-Aubrais", Outcome.PLAN_BROKEN, 200, {}),
    ("HL-2026-0117", "Manon", "Guerin", 1, "Olivet", Outcome.HOUSEHOLD_LEFT, 110, {}),
]
MONTARGIS_CASES = [
    ("VL-2026-0201", "Sarah", "Lopez", 2, "Montargis", "referred", 3, {}),
    ("VL-2026-0202", "Ali", "Kaya", 5, "Amilly", "support", 60, {}),
    ("VL-2026-0203", "Jeanne", "Perrin", 1, "Châlette-sur-Loing", Outcome.DEBT_CLEARED, 130, {}),
]


def _loiret(name):
    """The Loiret commune of this name (portal.geo): the demo's territories and tenancies are written in codes."""
    return geo.by_name(name, "45")[0]


def _programme(name, landlord, association, communes, letterhead, **parameters):
    programme, _ = Programme.objects.get_or_create(
        name=name,
        defaults={
            "landlord": landlord,
            "association": association,
            "communes": [_loiret(commune).code for commune in communes],
            "start_date": timezone.localdate() - timedelta(days=400),
            "letterhead": letterhead,
            **parameters,
        },
    )
    return programme


def at(days_ago, hour=10, minute=0):
    """A local time of day, `days_ago` days before today (the demo's dates follow the day it is loaded)."""
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(hour, minute)))


def _backdate(case, **fields):
    Case.objects.filter(pk=case.pk).update(**fields)
    for key, value in fields.items():
        setattr(case, key, value)


def _make_case(programme, referent, spec):
    lease, first, last, size, commune, stage, days, extra = spec
    if Tenancy.objects.filter(landlord=programme.landlord, lease_reference=lease).exists():
        return None
    referred_on = timezone.localdate() - timedelta(days=days)
    rent, apl = Decimal("545.00"), Decimal("190.00")
    place = _loiret(commune)
    criteria = [
        c.as_dict()
        for c in eligibility.criteria(
            programme,
            commune=place.code,
            guarantee=Guarantee.NONE,
            moved_in_on=referred_on - timedelta(days=100),
            monthly_rent=rent,
            monthly_apl=apl,
            arrears=Decimal("820.00"),
            attempts_logged=True,
            attempts_unanswered=stage != "exception",
            on=referred_on,
        )
    ]
    details = services.NewReferral(
        lease_reference=lease,
        tenant_first_name=first,
        tenant_last_name=last,
        household_size=size,
        address=f"{10 + int(lease[-2:])} rue des Tilleuls",
        postcode=place.postcodes[0],
        commune=place.name,
        commune_code=place.code,
        agency="Agence Orléans Nord",
        moved_in_on=referred_on - timedelta(days=100),
        monthly_rent=rent,
        monthly_apl=apl,
        guarantee=Guarantee.NONE,
        arrears_amount=Decimal("820.00"),
        landlord_attempts="Relance écrite le 1er du mois, deux appels et une visite sans réponse.",
        criteria=criteria,
        exception_reason="Entrée il y a 7 mois mais situation très proche des critères."
        if stage == "exception"
        else "",
        phone="06 12 34 56 78",
        referred_on=referred_on,
    )
    case = services.create_referral(programme, referent, details)
    if extra.get("user"):
        key = extra["user"]  # an e-mail, or a verified number for a phone-only household
        user = User.objects.get(
            **({"phone": key, "phone_verified_at__isnull": False} if key[0] == "+" else {"email": key})
        )
        member = case.household.members.first()
        HouseholdMember.objects.filter(user=user).update(user=None)
        member.user, member.email = user, user.email or ""
        member.save(update_fields=["user", "email"])
        # The link was opened an hour before the code was used (the funnel's « Lien ouvert » step).
        case.invitation.opened_at = at(days - 2, hour=9)
        case.invitation.used_at, case.invitation.used_by = at(days - 2), user
        case.invitation.save(update_fields=["opened_at", "used_at", "used_by"])
    return case


def _establish(case, worker, days_ago):
    workflow.start_contacting(case, worker)
    ContactAttempt.objects.create(
        case=case,
        author=worker,
        made_at=at(days_ago + 3),
        channel=ContactChannel.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        note="Messagerie pleine.",
    )
    ContactAttempt.objects.create(
        case=case,
        author=worker,
        made_at=at(days_ago, 18),
        channel=ContactChannel.HOME_VISIT,
        outcome=ContactOutcome.REACHED,
        note="Rencontre en soirée au domicile, accueil méfiant puis ouvert.",
    )
    workflow.establish_contact(case, worker, how="Visite à domicile")
    _backdate(case, contact_established_at=at(days_ago, 18))


def _diagnostic(case, worker):
    Diagnostic.objects.create(
        case=case,
        created_by=worker,
        family_account=(
            "Madame explique avoir perdu son emploi de nuit en intérim deux mois après l'entrée dans le logement. "
            "Elle n'a pas osé appeler le bailleur, par honte. Un enfant suivi à l'hôpital pour asthme."
        ),
        solutions_seen="Reprendre un emploi de jour ; demander le FSL ; un échéancier raisonnable.",
        origins=["loss_of_income", "rights_not_opened", "health"],
        origin_detail="Fin de mission d'intérim non anticipée ; APL non mise à jour après la baisse de revenus.",
        rights={
            "apl": "to_request",
            "rsa": "requested",
            "activity_bonus": "not_eligible",
            "family": "open",
            "fsl": "to_request",
            "unemployment": "open",
        },
        income_lines=[
            {"label": "Allocation chômage", "amount": "780"},
            {"label": "Allocations familiales", "amount": "148"},
        ],
        charge_lines=[
            {"label": "Électricité et gaz", "amount": "95"},
            {"label": "Assurance habitation", "amount": "18"},
            {"label": "Téléphone et internet", "amount": "35"},
            {"label": "Crédit à la consommation", "amount": "120"},
        ],
        housing_adequacy="fragile",
        housing_comment="Logement adapté si l'APL est recalculée et le crédit rééchelonné.",
        information_given=["rights_and_duties", "schemes", "procedure"],
        information_links="/guide/fsl/\n/guide/procedure-expulsion/",
        notes="Madame souhaite que le bailleur ne soit pas informé de la santé de son fils.",
    )


# A word of a demo step → the slug of the public page that explains it (home/demo_content), when it is live.
GUIDE_SLUGS = {"FSL": "fonds-unifie-logement", "plan d'apurement": "plan-d-apurement", "APL": "apl-et-caf"}


def _diagnostic_draft(case, worker):
    """A diagnostic begun and not saved yet: its page picks the draft up (« Un brouillon non enregistré… »)."""
    drafts.save(
        worker,
        drafts.key("diagnostic", case.pk, draft_kinds.section_key_part("family_account")),
        "Premier entretien au téléphone : monsieur dit avoir eu un retard de salaire en septembre. À compléter.",
    )


def _roadmap(case, worker):
    due = timezone.localdate()
    live = {page.slug: page for page in guides.pages().filter(slug__in=GUIDE_SLUGS.values())}
    linked = {word: live[slug] for word, slug in GUIDE_SLUGS.items() if slug in live}
    for title, actor, days, status in [
        ("Demander la mise à jour de l'APL à la CAF avec vos nouveaux revenus", Party.HOUSEHOLD, 7, ActionStatus.DONE),
        (
            "Déposer la demande d'aide du FSL (l'association remplit le dossier avec vous)",
            Party.ASSOCIATION,
            14,
            ActionStatus.IN_PROGRESS,
        ),
        ("Payer le loyer résiduel chaque mois, avant le 10", Party.HOUSEHOLD, 30, ActionStatus.TODO),
        ("Proposer un plan d'apurement", Party.LANDLORD, 21, ActionStatus.TODO),
        ("Prendre rendez-vous avec la conseillère en insertion", Party.HOUSEHOLD, 20, ActionStatus.TODO),
    ]:
        RoadmapAction.objects.create(
            case=case,
            title=title,
            actor=actor,
            due_on=due + timedelta(days=days),
            status=status,
            created_by=worker,
            guide_page=linked.get(next((word for word in linked if word in title), None)),
        )


def _review(case, worker, status, with_landlord=True):
    """A review with its minutes (none yet for a draft: it is still to be held). Its date and place are its
    appointment's, which the appointments demo gives it."""
    held = status != ReviewStatus.DRAFT
    review = TripartiteReview.objects.create(
        case=case,
        status=status,
        rent_payment="Le loyer résiduel est payé depuis deux mois, par virement le 5." if held else "",
        debt_and_plan="Dette de 820 € : plan d'apurement de 70 € par mois sur 12 mois, à partir du mois prochain."
        if held
        else "",
        transfer="Pas de mutation envisagée : le logement reste adapté." if held else "",
        next_steps="Nouveau bilan dans trois mois. Le ménage envoie l'accord FSL dès réception." if held else "",
        created_by=worker,
        shared_at=timezone.now() if status != ReviewStatus.DRAFT else None,
        validated_at=timezone.now() if status == ReviewStatus.VALIDATED else None,
        validated_by=worker if status == ReviewStatus.VALIDATED else None,
        # Validated minutes were answered first (here « pas de remarque »): casework.reviews' rule.
        household_answered_at=timezone.now() if status == ReviewStatus.VALIDATED else None,
    )
    rows = [
        ReviewParticipant(
            review=review,
            kind="association",
            organisation=case.programme.association,
            name=case.programme.association.name,
        ),
        ReviewParticipant(review=review, kind="household", name="Le ménage"),
    ]
    if with_landlord:
        rows.append(
            ReviewParticipant(
                review=review, kind="landlord", organisation=case.programme.landlord, name=case.programme.landlord.name
            )
        )
    ReviewParticipant.objects.bulk_create(rows)
    if status == ReviewStatus.VALIDATED:
        _answered_comment(review, worker)
    return review


def _transfer(case, worker):
    """A transfer request filed three weeks ago, which the household agreed the landlord follows (not the communes)."""
    transfer = transfers.create(
        case,
        worker,
        wished_communes="Saint-Jean-de-Braye, Fleury-les-Aubrais",
        note="Logement plus petit, loyer plus bas.",
    )
    transfers.record_consent(transfer, True, by=worker, how="en entretien")
    transfers.update(
        transfer,
        worker,
        status=TransferStatus.FILED,
        on=timezone.localdate() - timedelta(days=21),
        wished_communes=transfer.wished_communes,
        note=transfer.note,
    )


def _answered_comment(review, worker):
    """The household's comment on the minutes, answered, « prochaines étapes » rewritten since (issue 19)."""
    member = review.case.household.members.filter(user__isnull=False).select_related("user").first()
    if member is None:
        return
    before = {name: getattr(review, name) for name in review.SECTIONS}
    before["next_steps"] = "Nouveau bilan dans trois mois."
    ReviewComment.objects.create(
        review=review,
        author=member.user,
        body="Pouvez-vous écrire quand je dois envoyer l'accord du FSL ?",
        sections_when_commented=json.dumps(before),
        answer="Oui : dès que vous le recevez. Nous l'avons ajouté dans les prochaines étapes.",
        answered_at=timezone.now(),
        answered_by=worker,
    )


def _plan_and_statements(case, broken=False):
    start = timezone.localdate() - timedelta(days=95)
    # The respected plan runs by steps, as agreed at a review: 70 € for 3 months, then 60 €.
    RepaymentPlan.objects.create(
        case=case,
        start_date=start,
        start_balance=Decimal("820"),
        monthly_instalment=Decimal("70"),
        duration_months=12 if broken else 3,
        later_steps=[] if broken else [{"months": 11, "instalment": "60.00"}],
    )
    for k, balance in enumerate(["820", "750", "680", "610"] if not broken else ["820", "820", "890", "960"]):
        ArrearsStatement.objects.get_or_create(
            case=case, statement_date=start + timedelta(days=31 * k + 2), defaults={"balance": Decimal(balance)}
        )


def _handover(case, worker, partner):
    handover = Handover.objects.create(
        case=case,
        partner=partner,
        created_by=worker,
        joint_interview=True,  # its appointment comes from the appointments demo
        note="Accompagnement budgétaire souhaité par Madame ; dossier FSL en cours.",
        status=HandoverStatus.ACCEPTED,
        consent_given_at=timezone.now(),
    )
    HandoverConsent.objects.create(handover=handover, given=True, recorded_by=worker, how="en entretien")


def _advance(case, stage, worker, coordinator, partner):
    days = (timezone.localdate() - case.referral.referred_on).days
    if stage in ("referred", "exception"):
        return
    if stage == "near_deadline":
        workflow.start_contacting(case, worker)
        ContactAttempt.objects.create(
            case=case, author=worker, channel=ContactChannel.LETTER, outcome=ContactOutcome.SENT, made_at=at(days - 2)
        )
        workflow.send_warning(case)
        return
    if stage == "silent":
        workflow.start_contacting(case, worker)
        ContactAttempt.objects.create(
            case=case,
            author=worker,
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.NO_ANSWER,
            made_at=at(days - 3),
        )
        workflow.mark_no_contact(case)
        _backdate(case, no_contact_at=at(5), landlord_notified_at=at(5))
        return
    if stage == "reached_out":
        workflow.household_reached_out(case, ReachOutKind.CODE_REDEEMED, when=at(2))
        workflow.start_contacting(case, worker)
        return
    if isinstance(stage, Outcome) and stage == Outcome.NO_CONTACT:
        workflow.start_contacting(case, worker)
        workflow.mark_no_contact(case)
        workflow.auto_close_no_contact(case)
        _backdate(case, no_contact_at=at(days - 30), closed_at=at(days - 60))
        return
    _establish(case, worker, max(days - 6, 1))
    if stage == "contact_established":
        _diagnostic_draft(case, worker)
        return
    workflow.start_assessment(case, worker)
    _diagnostic(case, worker)
    if stage == "assessment":
        return
    workflow.start_support(case, worker)
    _roadmap(case, worker)
    if stage in ("support", "support_long") or isinstance(stage, Outcome):
        _handover(case, worker, partner)
        _review(case, worker, ReviewStatus.VALIDATED)
        _plan_and_statements(case, broken=stage == Outcome.PLAN_BROKEN)
    if stage == "support":
        _review(case, worker, ReviewStatus.SHARED)
        _review(case, worker, ReviewStatus.DRAFT)
        _transfer(case, worker)
        return
    if stage == "support_long":
        _backdate(case, contact_established_at=at(days - 5))
        return
    workflow.close(
        case,
        worker,
        stage,
        dialogue_restored=stage not in (Outcome.REFUSAL, Outcome.HOUSEHOLD_LEFT, Outcome.PLAN_BROKEN),
        orientation_scheme="ASLL (Fonds unifié logement)" if stage == Outcome.ORIENTATION else "",
    )
    _backdate(case, closed_at=at(max(days - 120, 1)))


# The first cases still awaiting the household, invited by SMS: (days ago, provider's status, link opened days ago).
INVITED = [(4, "delivered", 3), (5, "delivered", None), (6, "failed", None)]


def _outreach(programme):
    """Invitations by SMS on the first cases still awaiting the household: the first one delivered and its link
    opened (its day-3 reminder is due: `manage.py run_deadlines`), the second delivered, the third refused by the
    provider. The case pages show them among the contact attempts; the funnel shows each step."""
    if Outreach.objects.filter(case__programme=programme).exists():
        return
    cases = Case.objects.filter(programme=programme).open().awaiting_reach_out().order_by("pk")
    invitable = [case for case in cases if outreach.contacts(case)[0] and outreach.can_invite(case)]
    for case, (days_ago, status, opened) in zip(invitable, INVITED, strict=False):
        _invite(case, at(days_ago), status)
        if opened is not None and case.invitation_id:
            case.invitation.opened_at = at(opened, hour=19)
            case.invitation.save(update_fields=["opened_at"])


def _invite(case, sent_at, status):
    phone = outreach.contacts(case)[0][0]
    record = OutboundSms.objects.create(phone=phone, text=outreach.text(case, Outreach.INVITATION), status=status)
    attempt = ContactAttempt.objects.create(
        case=case,
        author=case.assigned_worker,
        made_at=sent_at,
        channel=ContactChannel.SMS,
        outcome=ContactOutcome.SENT,
        note="Invitation",
    )
    Outreach.objects.create(
        case=case,
        kind=Outreach.INVITATION,
        channel=ContactChannel.SMS,
        attempt=attempt,
        sms=record,
        created_at=sent_at,
        sent_at=sent_at,
    )


def load():
    orgs = {o.name: o for o in Organisation.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example")}
    orleans = _programme(
        "Prévenir l'impayé — agglomération orléanaise",
        orgs["Habitat Loiret Demo"],
        orgs["Association Médiation Logement Orléans"],
        ORLEANS_COMMUNES,
        "Programme « Prévenir l'impayé »\nService d'action sociale\n12 rue de la République, 45000 Orléans",
        # Extended past the seed's first year (« Orléans, première année », casework.evaluation.demo: 20 situations,
        # 8 000 €): the association and the landlord run two programmes with different parameters, and their
        # members see the programme switcher (casework.programme_choice).
        **ORLEANS_EXTENDED,
    )
    montargis = _programme(
        "Prévenir l'impayé — Montargois",
        orgs["Val de Loire Habitat Demo"],
        orgs["Association Solidarité Montargis"],
        MONTARGIS_COMMUNES,
        "Programme « Prévenir l'impayé »\nVal de Loire Habitat",
    )
    worker, coordinator = users["travailleur@demo.example"], users["coordinatrice@demo.example"]
    partner = orgs["Conseillères sociales de Habitat Loiret Demo"]
    created = []
    for programme, referent, specs, w, c in [
        (orleans, users["bailleur@demo.example"], ORLEANS_CASES, worker, coordinator),
        (
            montargis,
            users["bailleur2@demo.example"],
            MONTARGIS_CASES,
            users["association2@demo.example"],
            users["association2@demo.example"],
        ),
    ]:
        for spec in specs:
            case = _make_case(programme, referent, spec)
            if case is None:
                continue
            case.assigned_worker = w
            case.save(update_fields=["assigned_worker"])
            _advance(case, spec[5], w, c, partner)
            created.append(case)
    _outreach(orleans)
    if created and not ProgrammeMeeting.objects.filter(programme=orleans).exists():
        meeting = ProgrammeMeeting.objects.create(
            programme=orleans,
            held_on=timezone.localdate() - timedelta(days=14),
            attendees="Claire Morel (association), Julien Petit (Habitat Loiret Demo)",
            notes="Point sur les échéances du mois ; deux dossiers en bonne voie ; calendrier des prochains bilans.",
            created_by=coordinator,
        )
        meeting.cases.set(Case.objects.filter(programme=orleans).open()[:4])
    _agreed_change(montargis, users["association2@demo.example"], users["bailleur2@demo.example"])
    _waiting_list(montargis, users["association2@demo.example"], users["bailleur2@demo.example"])
    _scheduled_meeting(orleans, coordinator)


MONTARGIS_WAITING = [
    ("VL-2026-0204", "Inès", "Moreau", 3, "Montargis", "referred", 2, {}),
    ("VL-2026-0205", "Paul", "Girard", 2, "Amilly", "referred", 1, {}),
]


def _waiting_list(programme, coordinator, referent):
    """The Montargis pair agreed a capacity the year's cases already fill (casework.capacity): two new referrals
    wait, with no deadline running; its landlord reads « Liste d'attente » and that the programme is full. Loading
    again changes nothing."""
    if Case.objects.filter(programme=programme, waitlisted_at__isnull=False).exists():
        return
    held = capacity.places_held(programme)
    if programme.yearly_capacity != max(held, 1) and not versions.pending(programme):
        version = versions.propose(
            programme,
            coordinator,
            {"yearly_capacity": max(held, 1)},
            "Première année : une seule intervenante, les places sont comptées au plus juste.",
        )
        versions.accept(version, referent)
        programme.refresh_from_db()
    for spec in MONTARGIS_WAITING:
        _make_case(programme, referent, spec)


def _scheduled_meeting(programme, coordinator):
    """The next association–landlord meeting, scheduled from the portal with its agenda prepared (casework.agenda)."""
    if ProgrammeMeeting.objects.filter(programme=programme, invited_at__isnull=False).exists():
        return
    meeting = ProgrammeMeeting(
        programme=programme,
        held_on=timezone.localdate() + timedelta(days=10),
        starts_at=time(14, 30),
        place="Agence Orléans Nord, salle 2",
        attendees="Claire Morel (association), Julien Petit (Habitat Loiret Demo)",
    )
    services.schedule_meeting(meeting, coordinator)


def _agreed_change(programme, coordinator, referent):
    """The Montargis pair agreed a longer deadline (issue 23): its page shows versions 1 and 2; its cases referred
    before keep 30 days, a new referral gets 45. Loading again changes nothing."""
    if programme.versions.filter(number__gt=1).exists():
        return
    version = versions.propose(
        programme,
        coordinator,
        {"contact_deadline_days": 45, "warning_days": 12},
        "Beaucoup de ménages du Montargois travaillent en horaires décalés : un mois ne suffit pas pour les joindre.",
    )
    versions.accept(version, referent)
