"""Small-cell masking on every funder and landlord breakdown (« Échecs » included), and the landlord's version
counted only on the cases it may know of (CaseQuerySet.landlord_known)."""

import csv
import io
from datetime import date

import pytest
import time_machine

from casework.enums import Outcome
from casework.evaluation.tables import PRIMARY
from casework.models import Referral
from tests.evaluation.factories import evaluation_programme, funder_of, hand_computed, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def programme(association, landlord):
    programme = evaluation_programme(association=association, landlord=landlord)
    hand_computed(programme)
    return programme


def csv_rows(client, programme):
    response = client.get(f"/partenaires/evaluation/{programme.pk}/indicateurs.csv?periode=12m")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def table(rows, title):
    start = next(i for i, row in enumerate(rows) if row and row[0] == title)
    end = next((i for i in range(start + 1, len(rows)) if not rows[i]), len(rows))
    return {row[1]: row[2] for row in rows[start + 1 : end] if len(row) > 2}


@pytest.mark.parametrize("audience", ["funder", "landlord"])
def test_failures_and_outcomes_are_masked_under_five(programme, audience, landlord_referent, verified_client):
    user = funder_of(programme) if audience == "funder" else landlord_referent
    rows = csv_rows(verified_client(user), programme)
    failures = table(rows, "Échecs")
    # The hand-computed programme has one failure of each kind but one: none of them shows as a number.
    assert failures.pop("Total des échecs") != PRIMARY
    assert failures and set(failures.values()) <= {PRIMARY, "s"}
    outcomes = {label: value for label, value in table(rows, "Suites données").items() if label.startswith("Clos")}
    assert outcomes and set(outcomes.values()) <= {PRIMARY, "s"}
    assert client_chart_status(verified_client(user), programme, "suites") == 404


def client_chart_status(client, programme, name):
    return client.get(f"/partenaires/evaluation/{programme.pk}/graphiques/{name}.svg?periode=12m").status_code


def test_association_reads_the_breakdowns_in_full(programme, worker, verified_client):
    failures = table(csv_rows(verified_client(worker), programme), "Échecs")
    assert PRIMARY not in failures.values()


def test_landlord_version_ignores_cases_the_household_opened(programme, worker, landlord_referent, verified_client):
    before = table(csv_rows(verified_client(landlord_referent), programme), "Situations")
    case = make_case(programme, date(2026, 9, 1), closed_on=date(2026, 10, 1), outcome=Outcome.REFUSAL)
    Referral.objects.filter(pk=case.referral_id).update(source="contact_request")
    assert table(csv_rows(verified_client(landlord_referent), programme), "Situations") == before
    association = table(csv_rows(verified_client(worker), programme), "Situations")
    assert association != before  # the association counts it
