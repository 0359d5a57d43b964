"""The caseload and the landlord dashboard: a fixed number of queries, with 50 cases as with 500."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments.enums import AppointmentKind, Place
from appointments.models import Appointment, AppointmentType
from casework.models import (
    ArrearsStatement,
    Case,
    Household,
    Referral,
    RepaymentPlan,
    ReviewParticipant,
    Tenancy,
    TripartiteReview,
)
from tests.casework.factories import CaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


# Each case's state, in turn, as CaseFactory's Traits write it.
STATES = [
    {},
    {"contacting": True},
    {"established": True},
    {"status": "assessment"},
    {"in_support": True},
    {"no_contact": True},
]


def make_cases(programme, count, worker):
    """Many cases built by CaseFactory (its defaults and Traits), saved in a few bulk inserts."""
    today = timezone.localdate()
    cases = [
        CaseFactory.build(
            programme=programme,
            deadline=today + timedelta(days=i % 40 - 5),
            assigned_worker=worker if i % 2 else None,
            **STATES[i % len(STATES)],
        )
        for i in range(count)
    ]
    Household.objects.bulk_create([c.household for c in cases])
    Tenancy.objects.bulk_create([c.referral.tenancy for c in cases])
    Referral.objects.bulk_create([c.referral for c in cases])
    cases = Case.objects.bulk_create(cases)
    ArrearsStatement.objects.bulk_create(
        [
            ArrearsStatement(case=c, statement_date=today - timedelta(days=d), balance=Decimal("700"))
            for c in cases
            for d in (3, 33)
        ]
    )
    RepaymentPlan.objects.bulk_create(
        [
            RepaymentPlan(
                case=c,
                start_date=today - timedelta(days=70),
                start_balance=Decimal("800"),
                monthly_instalment=Decimal("50"),
                duration_months=16,
            )
            for c in cases[::3]
        ]
    )
    reviews = TripartiteReview.objects.bulk_create([TripartiteReview(case=c, status="validated") for c in cases[::4]])
    ReviewParticipant.objects.bulk_create(
        [ReviewParticipant(review=r, kind="landlord", organisation=programme.landlord) for r in reviews]
    )
    # Their dates and places are their appointments' (every other one has one), read through one prefetch.
    review_type = AppointmentType.for_kind(AppointmentKind.TRIPARTITE_REVIEW)
    Appointment.objects.bulk_create(
        [
            Appointment(
                case=r.case,
                association=programme.association,
                worker=worker,
                type=review_type,
                place=Place.OFFICE,
                starts_at=timezone.now() + timedelta(days=5, hours=k),
                ends_at=timezone.now() + timedelta(days=5, hours=k + 1),
                review=r,
            )
            for k, r in enumerate(reviews[::2])
        ]
    )


@pytest.mark.parametrize("count", [50, 500])
def test_caseload_query_count_is_fixed(
    count, association, landlord, coordinator, verified_client, django_assert_num_queries
):
    make_cases(ProgrammeFactory(association=association, landlord=landlord), count, coordinator)
    client = verified_client(coordinator)
    client.get(reverse("casework:caseload"))  # warm the session
    with django_assert_num_queries(CASELOAD_QUERIES):
        response = client.get(reverse("casework:caseload"))
    assert len(response.context["page"].object_list) == 50


@pytest.mark.parametrize("count", [50, 500])
def test_landlord_dashboard_query_count_is_fixed(
    count, association, landlord, landlord_referent, worker, verified_client, django_assert_num_queries
):
    make_cases(ProgrammeFactory(association=association, landlord=landlord), count, worker)
    client = verified_client(landlord_referent)
    client.get(reverse("casework:landlord_dashboard"))
    with django_assert_num_queries(LANDLORD_QUERIES):
        response = client.get(reverse("casework:landlord_dashboard"))
    assert len(response.context["page"].object_list) == 50
    assert "Plan : " in response.content.decode()
    assert "À l&#x27;association" in response.content.decode()  # the next review's place, from its appointment


# Session, user, second factor, memberships, programmes, workers, the page, its count, pending contact requests,
# the audit row…: the same with 50 or 500 cases (pagination by 50 and select/prefetch_related). The landlord's
# page also prefetches the appointments of the reviews it attends and of the validated ones (dates and places).
# Per programme, not per case: the caseload shows each programme's year against capacity (casework.capacity.intake:
# three counts), the landlord's page whether each of its programmes is full (its programmes, one count each).
CASELOAD_QUERIES = 22
LANDLORD_QUERIES = 23
