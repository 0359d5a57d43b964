"""Demo data for the evaluation: the demo funder finances the demo programmes, and a programme whose first year
is over (September 2025 – August 2026) has closed cases in every outcome, so the dashboard shows real figures.

Idempotent: every object is looked up by a natural key (organisation names, lease references) before creation.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from casework.enums import CaseStatus, Outcome
from casework.evaluation.adjustments import milestone_day
from casework.evaluation.models import AdjustmentDecision, ProgrammeFunding
from casework.models import (
    ArrearsStatement,
    Case,
    Diagnostic,
    Handover,
    Household,
    Programme,
    Referral,
    RepaymentPlan,
    Tenancy,
)
from portal.enums import OrganisationKind
from portal.models import Organisation

LANDLORD = "Habitat Loiret Demo"
ASSOCIATION = "Association Médiation Logement Orléans"
FUNDER = "Fonds de prévention Demo"
PARTNERS = ("Conseillères sociales de Habitat Loiret Demo", "Service ASLL du Loiret")

# referred (days after 1 Sept 2025), contact after (days, None: never), closure after contact or referral (days),
# outcome, scheme, dialogue restored, origins, plan (start balance, instalment, months, statements on track?)
CASES = [
    (3, 6, 95, Outcome.REPAYMENT_PLAN, "", True, ["loss_of_income"], (1400, 150, 8, True)),
    (10, 12, 80, Outcome.REPAYMENT_PLAN, "", True, ["separation", "budget"], (1100, 100, 10, True)),
    (18, 41, 120, Outcome.PLAN_BROKEN, "", False, ["over_indebtedness"], (1600, 120, 12, False)),
    (25, 9, 70, Outcome.TRANSFER, "", True, ["loss_of_income"], None),
    (40, 4, 60, Outcome.DEBT_CLEARED, "", True, ["rights_not_opened"], None),
    (52, None, 60, Outcome.NO_CONTACT, "", None, [], None),
    (61, 15, 30, Outcome.REFUSAL, "", False, [], None),
    (75, 21, 100, Outcome.ORIENTATION, "FSL", True, ["health"], None),
    (90, 7, 85, Outcome.ORIENTATION, "Dossier de surendettement", None, ["over_indebtedness"], None),
    (104, 12, 110, Outcome.REPAYMENT_PLAN, "", True, ["rights_not_opened", "budget"], (900, 90, 10, None)),
    (130, 26, 50, Outcome.HOUSEHOLD_LEFT, "", None, ["separation"], None),
    (150, 5, 90, Outcome.DEBT_CLEARED, "", True, ["loss_of_income"], None),
    (170, None, 60, Outcome.NO_CONTACT, "", None, [], None),
    (200, 11, 75, Outcome.TRANSFER, "", True, ["health"], None),
    (230, 8, 80, Outcome.REPAYMENT_PLAN, "", True, ["loss_of_income"], (1250, 125, 10, True)),
    (262, 14, 45, Outcome.ORIENTATION, "ASLL", True, ["budget"], None),
]


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load():
    funder = Organisation.objects.filter(name=FUNDER, kind=OrganisationKind.FUNDER).first()
    landlord = Organisation.objects.filter(name=LANDLORD).first()
    association = Organisation.objects.filter(name=ASSOCIATION).first()
    if not (funder and landlord and association):
        return
    programme, _ = Programme.objects.get_or_create(
        name="Prévenir l'impayé — Orléans, première année",
        defaults={
            "landlord": landlord,
            "association": association,
            "communes": ["45234", "45284", "45147"],  # Orléans, Saint-Jean-de-Braye, Fleury-les-Aubrais
            "start_date": date(2025, 9, 1),
        },
    )
    for each in Programme.objects.filter(association=association):
        ProgrammeFunding.objects.get_or_create(
            programme=each, funder=funder, defaults={"amount": Decimal("8000"), "label": "Crédits FNAVDL"}
        )
    partners = list(Organisation.objects.filter(name__in=PARTNERS).order_by("name"))
    for index, spec in enumerate(CASES):
        _case(programme, index, spec, partners)
    _adjustments(programme)


def _adjustments(programme):
    """« Décisions de réajustement » of the first year (casework.evaluation.adjustments), one linked to the Montargis
    pair's agreed change of deadline when it exists. Loading again changes nothing."""
    AdjustmentDecision.objects.get_or_create(
        programme=programme,
        milestone=6,
        defaults={
            "decided_on": date(2026, 3, 10),
            "decision": "Seuil d'impayé maintenu à deux loyers. Les agences notent leurs tentatives de contact "
            "avant de signaler ; point sur les ménages joints par SMS à la prochaine réunion.",
        },
    )
    montargis = Programme.objects.filter(name="Prévenir l'impayé — Montargois").first()
    version = montargis.versions.filter(number=2, accepted_at__isnull=False).first() if montargis else None
    if montargis and montargis.start_date:
        decided_on = min(milestone_day(montargis, 6) + timedelta(days=7), timezone.localdate())
        AdjustmentDecision.objects.get_or_create(
            programme=montargis,
            milestone=6,
            defaults={
                "decided_on": decided_on,
                "decision": "Délai de contact porté à 45 jours : beaucoup de ménages travaillent en horaires décalés.",
                "version": version,
            },
        )


def _case(programme, index, spec, partners):
    referred_after, contact_after, closed_after, outcome, scheme, dialogue, origins, plan = spec
    lease = f"DEMO-EVAL-{index + 1:03d}"
    if Tenancy.objects.filter(landlord=programme.landlord, lease_reference=lease).exists():
        return
    referred_on = programme.start_date + timedelta(days=referred_after)
    contacted = referred_on + timedelta(days=contact_after) if contact_after is not None else None
    closed = (contacted or referred_on) + timedelta(days=closed_after)
    household = Household.objects.create(
        reference=f"M-DEMO-EVAL-{index + 1:03d}", display_name=f"Ménage démo {index + 1}"
    )
    tenancy = Tenancy.objects.create(
        household=household,
        landlord=programme.landlord,
        lease_reference=lease,
        address=f"{index + 2} allée des Démonstrations",
        postcode="45000",
        commune="Orléans",
        commune_code="45234",
        moved_in_on=referred_on - timedelta(days=120),
        ended_on=closed + timedelta(days=30) if outcome == Outcome.HOUSEHOLD_LEFT else None,
        monthly_rent=Decimal("540"),
        monthly_apl=Decimal("160"),
    )
    arrears = Decimal(900 + 60 * index)
    referral = Referral.objects.create(
        programme=programme, tenancy=tenancy, referred_on=referred_on, arrears_amount=arrears
    )
    case = Case.objects.create(
        programme=programme,
        household=household,
        referral=referral,
        status=CaseStatus.CLOSED,
        deadline=Case.deadline_for(programme, referred_on),
        contact_established_at=_at(contacted) if contacted else None,
        no_contact_at=_at(Case.deadline_for(programme, referred_on) + timedelta(days=1)) if not contacted else None,
        closed_at=_at(closed, 17),
        outcome=outcome,
        orientation_scheme=scheme,
        dialogue_restored=dialogue,
    )
    if origins:
        Diagnostic.objects.create(case=case, origins=origins)
    if contacted and index % 3 == 0 and partners:
        handover = Handover.objects.create(case=case, partner=partners[index % len(partners)])
        Handover.objects.filter(pk=handover.pk).update(created_at=_at(contacted + timedelta(days=20)))
    for months in () if plan else (3, 6, 12):
        day = referred_on + timedelta(days=30 * months - 5)
        if day > timezone.localdate():
            continue  # no statement from the future
        factor = {3: Decimal("0.8"), 6: Decimal("0.55"), 12: Decimal("0.3")}[months]
        if outcome == Outcome.DEBT_CLEARED and months > 3:
            factor = Decimal(0)
        ArrearsStatement.objects.get_or_create(case=case, statement_date=day, defaults={"balance": arrears * factor})
    if plan:
        balance, instalment, months, on_track = plan
        start = (contacted or referred_on) + timedelta(days=30)
        RepaymentPlan.objects.create(
            case=case,
            start_date=start,
            start_balance=Decimal(balance),
            monthly_instalment=Decimal(instalment),
            duration_months=months,
        )
        if on_track is not None:
            for k in range(1, months + 1, 2):
                day = start + timedelta(days=31 * k + 3)
                if day > timezone.localdate():
                    break
                expected = max(Decimal(0), Decimal(balance) - instalment * k)
                ArrearsStatement.objects.update_or_create(
                    case=case,
                    statement_date=day,
                    defaults={"balance": expected if on_track else expected + Decimal(300)},
                )
