"""The programme's criteria (casework.eligibility): boundaries to the cent and to the day, French wording."""

from datetime import date
from decimal import Decimal

import pytest

from casework import imports
from casework.enums import Guarantee
from tests.casework.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_criteria_read_in_french():
    programme = ProgrammeFactory(communes=["Orléans"])
    values = dict(
        commune="Orléans",
        guarantee=Guarantee.NONE,
        moved_in_on=date(2026, 9, 1),
        monthly_rent=Decimal("1069.26"),
        monthly_apl=Decimal("370.00"),
        balance=Decimal("741"),
        landlord_attempts="Deux appels",
        statement_date=date(2026, 11, 30),
    )
    arrears = next(c for c in imports.row_criteria(programme, values) if c["key"] == "arrears")
    assert arrears["label"] == "Impayé d'au moins 2 loyers nets d'APL"
    assert arrears["detail"] == "Impayé 741,00\xa0€ ; seuil 1\xa0398,52\xa0€ (2 loyers × 699,26\xa0€)"
