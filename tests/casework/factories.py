"""Factories for casework: programme, household, tenancy, referral and case, and the case's records."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from casework.appointments.enums import AppointmentKind, Place, Status
from casework.appointments.models import Appointment, AppointmentType
from casework.enums import Guarantee
from casework.models import Case, Household, HouseholdMember, Programme, Referral, Tenancy, TripartiteReview
from portal.enums import OrganisationKind
from tests.portal.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    association = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION)
    communes = factory.LazyFunction(lambda: ["Orléans", "Saint-Jean-de-Braye", "Fleury-les-Aubrais"])
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


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    programme = factory.SubFactory(ProgrammeFactory)
    referral = factory.SubFactory(ReferralFactory, programme=factory.SelfAttribute("..programme"))
    household = factory.LazyAttribute(lambda o: o.referral.tenancy.household)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


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
