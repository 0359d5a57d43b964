"""Benchmark: a month of free slots for a worker with 200 appointments (target < 50 ms), and the booking race.

Run from the project root:
    .venv/bin/python bench/appointments.py                      # SQLite (a file test database under var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/appointments.py
It creates a throw-away test database, prints its figures and destroys the database.
"""

import os
import statistics
import sys
import threading
import time
from datetime import UTC, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = 30


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def month_of_free_slots():
    from appointments.enums import Place
    from appointments.models import Appointment, AppointmentType
    from appointments.slots import free_slots, local_datetime
    from tests.appointments.race import race_setup

    worker, _ = race_setup(0, label="bench-mois")  # windows every day 8:00-20:00
    follow_up = AppointmentType.for_kind("follow_up")
    from tests.appointments.factories import CaseFactory, ProgrammeFactory

    programme = ProgrammeFactory(association=worker.memberships.first().organisation)
    case = CaseFactory(programme=programme, assigned_worker=worker)
    start_day = timezone.localdate() + timedelta(days=3)
    appointments = []
    for index in range(200):  # seven 45-minute appointments a day, 90 minutes apart, over 29 days
        day = start_day + timedelta(days=index // 7)
        starts = local_datetime(day, time_of(8)) + timedelta(minutes=90 * (index % 7))
        appointments.append(
            Appointment(
                case=case,
                association=programme.association,
                worker=worker,
                type=follow_up,
                place=Place.PHONE,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=45),
            )
        )
    Appointment.objects.bulk_create(appointments)
    start = local_datetime(start_day, time_of(0))
    end = start + timedelta(days=30)
    booked = Appointment.objects.filter(worker=worker, starts_at__gte=start, starts_at__lt=end).aggregate(
        n=Count("pk")
    )["n"]
    durations = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        slots = free_slots([worker.pk], timedelta(minutes=60), start, end)
        durations.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        free_slots([worker.pk], timedelta(minutes=60), start, end)
    print(f"Free slots over 30 days, 1 worker, {booked} appointments in the month, {len(slots)} free 60-min slots:")
    print(
        f"  median {statistics.median(durations):.1f} ms, p95 {percentile(durations, 0.95):.1f} ms, "
        f"max {max(durations):.1f} ms over {ROUNDS} runs; {len(queries)} queries (target < 50 ms)"
    )


def time_of(hour):
    from datetime import time as clock

    return clock(hour)


def booking_race(attempts=50, rounds=3):
    from tests.appointments.race import race_setup, run_race

    print(f"Booking race: {attempts} households post the same slot at once, {rounds} rounds:")
    for index in range(rounds):
        worker, clients = race_setup(attempts, label=f"bench-course-{index}")
        slot_start = timezone.localtime() + timedelta(days=3 + index)
        slot = slot_start.replace(hour=10, minute=0, second=0, microsecond=0).astimezone(UTC)
        began = time.perf_counter()
        ok, taken, others = run_race(clients, slot.strftime("%Y-%m-%dT%H:%M:%SZ"))
        elapsed = time.perf_counter() - began
        print(
            f"  round {index + 1}: {ok} success, {taken} 'slot taken', {len(others)} other answers, {elapsed:.2f} s in all"
        )


def booking_under_load(households=100, threads=10):
    """Many households booking different slots of one team at once: throughput and refusals."""
    from django.test import Client

    from tests.appointments.race import race_setup

    worker, clients = race_setup(households, label="bench-charge")
    clients = clients[:households]
    base = (timezone.localtime() + timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)
    slots = []
    for i in range(households):
        day, slot = divmod(i, 12)
        moment = base + timedelta(days=day, hours=slot)
        slots.append(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    results, lock, latencies = [], threading.Lock(), []
    queue = list(zip(clients, slots, strict=True))

    def work():
        while True:
            with lock:
                if not queue:
                    break
                client, slot = queue.pop()
            began = time.perf_counter()
            response = Client.post(client, "/espace/rendez-vous/prendre/", {"place": "phone", "slot": slot})
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
                results.append(response.status_code)
        connections.close_all()

    began = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    print(f"Bookings under load: {households} households, distinct slots, {threads} threads:")
    print(
        f"  {results.count(302)} booked, {len(results) - results.count(302)} refused, "
        f"{households / elapsed:.1f} bookings/s, latency median {statistics.median(latencies):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms"
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"Database: {connection.vendor}")
        month_of_free_slots()
        booking_race()
        booking_under_load()
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
