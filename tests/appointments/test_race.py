"""No double booking: 50 concurrent attempts at one slot give 1 success and 49 clean "slot taken" answers."""

import pytest
import time_machine

from appointments.enums import Status
from appointments.models import Appointment
from tests.appointments.conftest import NOW
from tests.appointments.race import race_setup, run_race

ATTEMPTS = 50
SLOT = "2026-12-02T09:00:00Z"  # Wednesday 10:00 in Paris


def check_race():
    with time_machine.travel(NOW, tick=True):
        worker, clients = race_setup(ATTEMPTS)
        successes, refusals, others = run_race(clients, SLOT)
    assert (successes, refusals, others) == (1, ATTEMPTS - 1, [])
    assert Appointment.objects.filter(worker=worker).exclude(status=Status.CANCELLED).count() == 1


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bookings_on_sqlite():
    check_race()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bookings_on_postgres():
    check_race()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exclusion_constraint_refuses_overlap_at_database_level():
    """Even a write that skips the service cannot overlap a worker's active appointment."""
    from datetime import timedelta

    from django.db import IntegrityError

    from appointments.models import AppointmentType

    with time_machine.travel(NOW, tick=True):
        worker, _ = race_setup(1, label="contrainte")
        case = Appointment._meta.get_field("case").related_model.objects.first()
        kind = AppointmentType.for_kind("first_interview")
        start = NOW + timedelta(days=1)
        values = dict(case=case, association=case.programme.association, worker=worker, type=kind, place="phone")
        Appointment.objects.create(starts_at=start, ends_at=start + timedelta(hours=1), **values)
        # Touching ranges are fine (half-open), cancelled ones do not count.
        Appointment.objects.create(starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2), **values)
        Appointment.objects.create(
            starts_at=start, ends_at=start + timedelta(hours=1), status=Status.CANCELLED, **values
        )
        with pytest.raises(IntegrityError):
            Appointment.objects.create(
                starts_at=start + timedelta(minutes=30), ends_at=start + timedelta(minutes=90), **values
            )
