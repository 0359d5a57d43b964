"""portal.csv_export.safe_cell: text that a spreadsheet would run as a formula is prefixed; numbers stay numbers."""

from datetime import date
from decimal import Decimal

import pytest

from portal.csv_export import safe_cell


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x.example","clic")', '\'=HYPERLINK("http://x.example","clic")'),
        ("+33 6 12", "'+33 6 12"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Nora = Belkacem", "Nora = Belkacem"),
        ("-12,5 %", "-12,5 %"),
        ("-1\u202f200 €", "-1\u202f200 €"),
        ("-", "'-"),
        ("", ""),
    ],
)
def test_text_cells(value, expected):
    assert safe_cell(value) == expected


def test_numbers_dates_and_none_are_left_alone():
    for value in (-5, Decimal("-780.00"), -1.5, date(2026, 1, 1), None, True):
        assert safe_cell(value) is value
