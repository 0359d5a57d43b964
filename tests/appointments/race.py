"""Fifty households posting the same slot at once, each through the booking page (shared by tests and bench)."""

import threading
from datetime import time

from django.db import connection
from django.test import Client

from appointments.models import AvailabilityWindow
from portal.enums import OrganisationKind, Role
from tests.appointments.factories import CaseFactory, ProgrammeFactory, household_member
from tests.portal.factories import MembershipFactory, OrganisationFactory, UserFactory

TAKEN = "Ce créneau vient d&#x27;être pris"


def race_setup(attempts, label="course"):
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name=f"Association {label}")
    programme = ProgrammeFactory(association=association)
    worker = MembershipFactory(organisation=association, role=Role.WORKER).user
    for weekday in range(7):
        AvailabilityWindow.objects.create(
            worker=worker, association=association, weekday=weekday, start_time=time(8), end_time=time(20)
        )
    clients = []
    for _ in range(attempts):
        case = CaseFactory(programme=programme, assigned_worker=worker)
        user = UserFactory(confirmed=True)
        household_member(case, user=user)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return worker, clients


def run_race(clients, slot, place="phone"):
    """Returns (successes, clean refusals, other answers) after every client posted the same slot at once."""
    barrier = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def attempt(index, client):
        try:
            barrier.wait()
            response = client.post("/espace/rendez-vous/prendre/", {"place": place, "slot": slot})
            if response.status_code == 302:
                answers[index] = "ok"
            elif response.status_code == 200 and TAKEN in response.content.decode():
                answers[index] = "taken"
            else:
                answers[index] = f"http {response.status_code}"
        except Exception as error:  # noqa: BLE001 - counted as a server error
            answers[index] = f"error {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (
        answers.count("ok"),
        answers.count("taken"),
        [a for a in answers if a not in ("ok", "taken")],
    )
