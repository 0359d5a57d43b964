"""Factories for the evaluation tests: a programme's cases in every state, dated by hand on top of CaseFactory."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from casework.enums import CaseStatus, Outcome
from casework.evaluation.models import ProgrammeFunding
from casework.models import (
    ArrearsStatement,
    Case,
    Diagnostic,
    Handover,
    Household,
    Referral,
    RepaymentPlan,
    Tenancy,
)
from portal.enums import InvitationKind, OrganisationKind, Role
from portal.models import Invitation
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.factories import MembershipFactory, OrganisationFactory


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def moment(value, hour):
    """A day (at `hour`, local time) or an exact instant, for the boundary tests."""
    return value if isinstance(value, datetime) else at(value, hour)


def make_case(
    programme,
    referred_on,
    *,
    eligible=True,
    accepted_on=None,
    contacted_on=None,
    closed_on=None,
    outcome="",
    scheme="",
    dialogue=None,
    arrears=Decimal("1000"),
    ended_on=None,
    waitlisted=False,
    admitted_on=None,
    name="Ménage",
):
    """One case of the evaluated programme, dated by hand: built by CaseFactory and its Traits' fields.
    `contacted_on` and `closed_on` are days (contact at 10:00, closure at 17:00) or exact instants; `waitlisted`:
    put on the waiting list when referred, `admitted_on` the day it was taken off."""
    n = Case.objects.count() + Household.objects.count() + 1
    status = CaseStatus.CLOSED if closed_on else (CaseStatus.SUPPORT if contacted_on else CaseStatus.REFERRED)
    return CaseFactory(
        programme=programme,
        referral__referred_on=referred_on,
        referral__arrears_amount=arrears,
        referral__is_eligible=eligible,
        referral__accepted_at=at(accepted_on) if accepted_on else None,
        referral__tenancy__household__reference=f"M-EVAL-{n:06d}",
        referral__tenancy__household__display_name=f"{name} {n}",
        referral__tenancy__lease_reference=f"BAIL-{n:06d}",
        referral__tenancy__address=f"{n} rue du Test",
        referral__tenancy__moved_in_on=date(2025, 11, 1),
        referral__tenancy__ended_on=ended_on,
        referral__tenancy__monthly_rent=Decimal("520"),
        referral__tenancy__monthly_apl=Decimal("120"),
        status=status,
        deadline=Case.deadline_for(programme, referred_on),
        contact_established_at=moment(contacted_on, 10) if contacted_on else None,
        closed_at=moment(closed_on, 17) if closed_on else None,
        waitlisted_at=at(referred_on) if waitlisted else None,
        admitted_on=admitted_on,
        outcome=outcome,
        orientation_scheme=scheme,
        dialogue_restored=dialogue,
    )


def invited_case(programme, referred_on, *, contacted_on=None, opened_on=None, account_on=None):
    """A case whose letter carries an invitation: its link opened (10:00) and its account created (11:00) on these
    days or at these instants."""
    case = make_case(programme, referred_on, contacted_on=contacted_on)
    case.invitation = Invitation.issue(
        kind=InvitationKind.HOUSEHOLD, organisation=programme.association, days=60, postcode="45000"
    )
    case.save(update_fields=["invitation"])
    Invitation.objects.filter(pk=case.invitation_id).update(
        opened_at=moment(opened_on, 10) if opened_on else None,
        used_at=moment(account_on, 11) if account_on else None,
    )
    return case


def statement(case, day, balance):
    return ArrearsStatement.objects.create(case=case, statement_date=day, balance=Decimal(balance))


def plan(case, start, balance, instalment, months):
    return RepaymentPlan.objects.create(
        case=case,
        start_date=start,
        start_balance=Decimal(balance),
        monthly_instalment=Decimal(instalment),
        duration_months=months,
    )


def handover(case, partner, day):
    item = Handover.objects.create(case=case, partner=partner)
    Handover.objects.filter(pk=item.pk).update(created_at=at(day))
    return item


def _appointments(case, items):
    """Appointments held, missed or cancelled (only "held versus missed" is an indicator)."""
    from django.apps import apps

    if not apps.is_installed("appointments"):
        return
    from appointments.enums import AppointmentKind
    from appointments.models import Appointment, AppointmentType
    from tests.portal.factories import UserFactory

    worker = UserFactory()
    for status, day in items:
        Appointment.objects.create(
            case=case,
            association=case.programme.association,
            worker=worker,
            type=AppointmentType.for_kind(AppointmentKind.FOLLOW_UP),
            place="office",
            starts_at=at(day, 14),
            ends_at=at(day, 15),
            status=status,
        )


def evaluation_programme(**kwargs):
    """The fixture's programme: started on 1 January 2026, 30-day deadline, 400 € a situation, 8,000 € budget."""
    return ProgrammeFactory(**{"start_date": date(2026, 1, 1), "name": "Programme évalué", **kwargs})


def hand_computed(programme):
    """Twelve cases covering every outcome; docs/evaluation.md and the tests give the figures by hand."""
    ccas = OrganisationFactory(kind=OrganisationKind.PARTNER, name="CCAS d'Orléans")
    adviser = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Conseillère sociale du bailleur")
    d = date
    cases = {}
    cases["A"] = make_case(
        programme, d(2026, 1, 5), contacted_on=d(2026, 1, 12), closed_on=d(2026, 4, 10),
        outcome=Outcome.REPAYMENT_PLAN, dialogue=True, arrears=Decimal("1500"),
    )  # fmt: skip
    plan(cases["A"], d(2026, 2, 1), 1200, 200, 6)
    statement(cases["A"], d(2026, 3, 5), 1000)
    statement(cases["A"], d(2026, 6, 5), 400)
    cases["B"] = make_case(
        programme, d(2026, 1, 10), contacted_on=d(2026, 2, 25), closed_on=d(2026, 5, 20),
        outcome=Outcome.TRANSFER, dialogue=True,
    )  # fmt: skip
    handover(cases["B"], ccas, d(2026, 3, 1))
    cases["C"] = make_case(
        programme, d(2026, 2, 1), contacted_on=d(2026, 2, 11), closed_on=d(2026, 5, 1),
        outcome=Outcome.ORIENTATION, scheme="FSL", dialogue=False,
    )  # fmt: skip
    Diagnostic.objects.create(case=cases["C"], origins=["loss_of_income", "health"])
    cases["D"] = make_case(
        programme, d(2026, 2, 15), contacted_on=d(2026, 2, 20), closed_on=d(2026, 6, 1),
        outcome=Outcome.DEBT_CLEARED, arrears=Decimal("800"),
    )  # fmt: skip
    Diagnostic.objects.create(case=cases["D"], origins=["loss_of_income"])
    statement(cases["D"], d(2026, 5, 1), 0)
    handover(cases["D"], ccas, d(2026, 3, 10))
    handover(cases["D"], adviser, d(2026, 4, 1))
    cases["E"] = make_case(programme, d(2026, 3, 1), closed_on=d(2026, 5, 1), outcome=Outcome.NO_CONTACT)
    cases["F"] = make_case(
        programme, d(2026, 3, 10), eligible=False, accepted_on=d(2026, 3, 12), contacted_on=d(2026, 3, 20),
        closed_on=d(2026, 4, 15), outcome=Outcome.REFUSAL,
    )  # fmt: skip
    cases["G"] = make_case(
        programme, d(2026, 3, 15), contacted_on=d(2026, 3, 16), closed_on=d(2026, 6, 20),
        outcome=Outcome.PLAN_BROKEN, arrears=Decimal("1200"),
    )  # fmt: skip
    plan(cases["G"], d(2026, 4, 1), 1000, 100, 10)
    statement(cases["G"], d(2026, 5, 10), 1000)
    cases["H"] = make_case(
        programme, d(2026, 4, 1), contacted_on=d(2026, 4, 20), closed_on=d(2026, 6, 25),
        outcome=Outcome.HOUSEHOLD_LEFT, ended_on=d(2026, 6, 15),
    )  # fmt: skip
    _appointments(cases["A"], [("done", d(2026, 1, 12)), ("done", d(2026, 2, 20)), ("household_absent", d(2026, 3, 3))])
    _appointments(cases["H"], [("household_absent", d(2026, 4, 15)), ("cancelled", d(2026, 4, 16))])
    cases["I"] = make_case(programme, d(2026, 4, 10), eligible=False)
    cases["J"] = make_case(programme, d(2026, 5, 1), contacted_on=d(2026, 5, 29))
    plan(cases["J"], d(2026, 5, 15), 500, 100, 5)
    cases["L"] = make_case(programme, d(2026, 6, 20))
    cases["K"] = make_case(
        programme, d(2026, 7, 1), contacted_on=d(2026, 7, 3), closed_on=d(2026, 8, 1), outcome=Outcome.DEBT_CLEARED
    )
    return cases


def funder_of(programme, name="Financeur FNAVDL"):
    funder = OrganisationFactory(kind=OrganisationKind.FUNDER, name=name)
    ProgrammeFunding.objects.create(programme=programme, funder=funder, amount=Decimal("8000"))
    return MembershipFactory(organisation=funder, role=Role.FUNDER).user


def bulk_cases(programme, n):
    """n closed cases with a plan, a statement, a diagnostic and a handover each (query-count tests, bench)."""
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Service partenaire de charge")
    start = programme.start_date
    households = Household.objects.bulk_create(
        [Household(reference=f"M-Q-{programme.pk}-{i}", display_name=f"Charge {i}") for i in range(n)]
    )
    tenancies = Tenancy.objects.bulk_create(
        [
            Tenancy(
                household=h,
                landlord=programme.landlord,
                lease_reference=f"Q-{programme.pk}-{i}",
                address="x",
                postcode="45000",
                commune="Orléans",
                moved_in_on=start,
                monthly_rent=500,
            )
            for i, h in enumerate(households)
        ]
    )
    referrals = Referral.objects.bulk_create(
        [
            Referral(programme=programme, tenancy=t, referred_on=start + timedelta(days=i % 150), arrears_amount=900)
            for i, t in enumerate(tenancies)
        ]
    )
    outcomes = list(Outcome)
    cases = Case.objects.bulk_create(
        [
            Case(
                programme=programme,
                household=r.tenancy.household,
                referral=r,
                status="closed",
                deadline=r.referred_on + timedelta(days=30),
                contact_established_at=at(r.referred_on + timedelta(days=i % 40)),
                closed_at=at(r.referred_on + timedelta(days=60)),
                outcome=outcomes[i % len(outcomes)],
                orientation_scheme="FSL" if outcomes[i % len(outcomes)] == Outcome.ORIENTATION else "",
            )
            for i, r in enumerate(referrals)
        ]
    )
    RepaymentPlan.objects.bulk_create(
        [
            RepaymentPlan(
                case=c, start_date=c.referral.referred_on, start_balance=900, monthly_instalment=100, duration_months=9
            )
            for c in cases
        ]
    )
    ArrearsStatement.objects.bulk_create(
        [
            ArrearsStatement(case=c, statement_date=c.referral.referred_on + timedelta(days=45), balance=800)
            for c in cases
        ]
    )
    Diagnostic.objects.bulk_create([Diagnostic(case=c, origins=["health"]) for c in cases])
    Handover.objects.bulk_create([Handover(case=c, partner=partner) for c in cases])
