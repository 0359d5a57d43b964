"""The landlord's indicators count only its own referrals, never a case the household opened itself."""

import csv
import io
from datetime import date

import pytest
import time_machine

from casework.enums import ReferralSource
from tests.evaluation.factories import evaluation_programme, hand_computed, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-28 10:00 +01:00", tick=False):
        yield


def _identified(client, programme):
    response = client.get(f"/partenaires/evaluation/{programme.pk}/indicateurs.csv?periode=6m")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return next(row[2] for row in rows if len(row) > 2 and row[1].startswith("Situations repérées"))


def test_a_case_the_household_opened_is_not_in_the_landlords_indicators(
    association, landlord, worker, landlord_referent, verified_client
):
    programme = evaluation_programme(association=association, landlord=landlord)
    hand_computed(programme)
    case = make_case(programme, date(2026, 2, 2))
    case.referral.source = ReferralSource.CONTACT_REQUEST
    case.referral.save()
    assert _identified(verified_client(landlord_referent), programme) == "11"
