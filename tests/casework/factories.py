"""Factories for casework: programme, household, tenancy, referral and case, and the case's records."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from appointments.enums import AppointmentKind, Place, Status
from appointments.models import Appointment, AppointmentType
from casework.enums import (
    CaseStatus,
    ContactOutcome,
    Guarantee,
    HandoverStatus,
    Outcome,
    ReferralSource,
)
from casework.models import (
    ArrearsStatement,
    Case,
    ContactAttempt,
    Diagnostic,
    Handover,
    Household,
    HouseholdMember,
    Programme,
    Referral,
    RepaymentPlan,
    Tenancy,
    TripartiteReview,
)
from portal.enums import ContactChannel, OrganisationKind
from tests.portal.factories import OrganisationFactory, UserFactory


def _days_ago(days):
    return factory.LazyFunction(lambda: timezone.now() - timedelta(days=days))


def _in_days(days):
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=days))


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    association = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION)
    # Codes INSEE (portal.geo): Orléans, Saint-Jean-de-Braye, Fleury-les-Aubrais.
    communes = factory.LazyFunction(lambda: ["45234", "45284", "45147"])
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    letterhead = "Programme Prévenir l'impayé — test"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"M-TEST-{n:05d}")
    display_name = factory.Sequence(lambda n: f"Ménage Test {n}")
    size = 3


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Locataire{n}")
    phone = "06 00 00 00 00"


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    household = factory.SubFactory(HouseholdFactory)
    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    lease_reference = factory.Sequence(lambda n: f"B-{n:06d}")
    address = "10 rue des Tests"
    postcode = "45000"
    commune = "Orléans"
    commune_code = "45234"
    moved_in_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    monthly_rent = Decimal("520.00")
    monthly_apl = Decimal("180.00")
    guarantee = Guarantee.NONE


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    programme = factory.SubFactory(ProgrammeFactory)
    tenancy = factory.SubFactory(TenancyFactory, landlord=factory.SelfAttribute("..programme.landlord"))
    arrears_amount = Decimal("780.00")
    landlord_attempts = "Courrier et deux appels sans réponse"
    eligibility = factory.LazyFunction(lambda: {"criteria": []})

    class Params:
        outside_criteria = factory.Trait(is_eligible=False, exception_reason="Garantie Visale mais aucun paiement")
        from_household = factory.Trait(source=ReferralSource.CONTACT_REQUEST, referred_by=None, landlord_attempts="")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    referral = factory.SubFactory(ReferralFactory, programme=factory.SelfAttribute("..programme"))
    household = factory.LazyAttribute(lambda o: o.referral.tenancy.household)
    deadline = factory.LazyAttribute(
        lambda o: o.referral.referred_on + timedelta(days=o.programme.contact_deadline_days)
    )

    class Params:
        """States of the contact clock and of the case, as the rules read them (casework.deadlines)."""

        contacting = factory.Trait(status=CaseStatus.CONTACTING)
        # The household used its code, wrote or booked: no worker has confirmed contact yet.
        reached_out = factory.Trait(status=CaseStatus.CONTACTING, household_reached_out_at=_days_ago(1))
        # Within the warning period of the default programme (9 days), the clock running.
        in_warning = factory.Trait(status=CaseStatus.CONTACTING, deadline=_in_days(3))
        past_deadline = factory.Trait(status=CaseStatus.CONTACTING, deadline=_in_days(-1))
        established = factory.Trait(status=CaseStatus.CONTACT_ESTABLISHED, contact_established_at=_days_ago(2))
        in_support = factory.Trait(
            status=CaseStatus.SUPPORT,
            contact_established_at=_days_ago(20),
            assessment_started_at=_days_ago(15),
            support_started_at=_days_ago(10),
        )
        no_contact = factory.Trait(
            status=CaseStatus.NO_CONTACT,
            deadline=_in_days(-2),
            no_contact_at=_days_ago(1),
            landlord_notified_at=_days_ago(1),
        )
        closed = factory.Trait(status=CaseStatus.CLOSED, closed_at=_days_ago(1), outcome=Outcome.REFUSAL)
        # Referred while the programme was full (casework.capacity): no clock until taken off the list.
        waiting = factory.Trait(waitlisted_at=_days_ago(2))
        outside_criteria = factory.Trait(
            referral=factory.SubFactory(
                ReferralFactory, programme=factory.SelfAttribute("..programme"), outside_criteria=True
            )
        )
        from_household = factory.Trait(
            referral=factory.SubFactory(
                ReferralFactory, programme=factory.SelfAttribute("..programme"), from_household=True
            )
        )
        with_account = factory.Trait(
            member=factory.RelatedFactory(
                "tests.casework.factories.HouseholdMemberFactory",
                household=factory.SelfAttribute("..household"),
                user=factory.SubFactory(UserFactory),
            )
        )


class ArrearsStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArrearsStatement

    case = factory.SubFactory(CaseFactory)
    statement_date = factory.LazyFunction(timezone.localdate)
    balance = Decimal("780.00")


class RepaymentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepaymentPlan

    case = factory.SubFactory(CaseFactory, in_support=True)
    start_date = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    start_balance = Decimal("600.00")
    monthly_instalment = Decimal("50.00")
    duration_months = 12


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    case = factory.SubFactory(CaseFactory, in_support=True)
    partner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER)
    note = "Relais vers le service social du département"
    status = HandoverStatus.PROPOSED

    class Params:
        consented = factory.Trait(consent_given_at=factory.LazyFunction(timezone.now))


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    case = factory.SubFactory(CaseFactory, contacting=True)
    channel = ContactChannel.PHONE
    outcome = ContactOutcome.NO_ANSWER

    class Params:
        reached = factory.Trait(outcome=ContactOutcome.REACHED)


class DiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnostic

    case = factory.SubFactory(CaseFactory, in_support=True)
    family_account = "Perte d'emploi en juin"
    income_lines = factory.LazyFunction(lambda: [{"label": "Salaire", "amount": "1200.00"}])
    charge_lines = factory.LazyFunction(lambda: [{"label": "Électricité", "amount": "80.00"}])


def meeting_appointment(item, starts_at=None, *, worker, place=Place.OFFICE, status=Status.BOOKED, **extra):
    """The appointment of a review or of a joint handover interview: their date and place (the one source)."""
    is_review = isinstance(item, TripartiteReview)
    appointment_type = AppointmentType.for_kind(
        AppointmentKind.TRIPARTITE_REVIEW if is_review else AppointmentKind.JOINT_HANDOVER
    )
    starts_at = starts_at or timezone.now() + timedelta(days=3)
    return Appointment.objects.create(
        case=item.case,
        association=item.case.programme.association,
        worker=worker,
        type=appointment_type,
        place=place,
        starts_at=starts_at,
        ends_at=starts_at + appointment_type.duration,
        status=status,
        **({"review": item} if is_review else {"handover": item}),
        **extra,
    )
