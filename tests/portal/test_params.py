"""portal.params: the one parser of numbers from a query string, at its boundaries."""

import pytest

from portal.params import MAX_DAYS, MAX_ID, days_param, id_param, int_param


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", 0),
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.5", None),
        ("abc", None),
        ("", None),
        ("١٢", None),  # digits of another script: int() would take them
        ("²", None),
    ],
)
def test_int_param(value, expected):
    assert int_param({"n": value}, "n") == expected


def test_missing_gives_the_default():
    assert int_param({}, "n", default=0) == 0
    assert int_param({"n": "x"}, "n", default=7) == 7


def test_ids_start_at_one_and_days_are_bounded():
    assert id_param({"n": "0"}, "n") is None and id_param({"n": "1"}, "n") == 1
    assert days_param({"n": str(MAX_DAYS)}, "n") == MAX_DAYS
    assert days_param({"n": str(MAX_DAYS + 1)}, "n") is None
