"""Factories for appointments, with the minimal casework objects they hang on."""

from datetime import date, time

import factory

from casework.appointments.models import AvailabilityWindow
from casework.models import Case, Household, HouseholdMember, Programme, Referral, Tenancy
from portal.enums import OrganisationKind
from tests.portal.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    landlord = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LANDLORD)
    association = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION)
    start_date = date(2026, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"M-{n:05d}")
    display_name = factory.Sequence(lambda n: f"Ménage Dupontel {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    programme = factory.SubFactory(ProgrammeFactory)
    household = factory.SubFactory(HouseholdFactory)
    referral = factory.LazyAttribute(
        lambda o: Referral.objects.create(
            programme=o.programme,
            tenancy=Tenancy.objects.create(
                household=o.household,
                landlord=o.programme.landlord,
                lease_reference=f"BAIL-{o.household.reference}",
                address="17 rue Secrète, 45000 Orléans",
                postcode="45000",
                commune="Orléans",
                moved_in_on=date(2026, 6, 1),
                monthly_rent=500,
            ),
            arrears_amount=1234,
        )
    )
    deadline = date(2026, 12, 28)


def household_member(case, user=None, **extra):
    return HouseholdMember.objects.create(
        household=case.household, user=user, first_name="Samia", last_name="Dupontel", **extra
    )


ALL_DAYS = tuple(range(7))


def weekly_windows(worker, association, weekdays=ALL_DAYS, start=time(9), end=time(19)):
    return [
        AvailabilityWindow.objects.create(
            worker=worker, association=association, weekday=d, start_time=start, end_time=end
        )
        for d in weekdays
    ]
