"""portal.lookups: `__in` on an integer column leaves out what the column cannot hold (never an error 500)."""

import pytest
from django import forms

from portal.models import User
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PAST_EVERY_COLUMN = 10**30


@pytest.mark.parametrize("value", [PAST_EVERY_COLUMN, -PAST_EVERY_COLUMN, 2**63])
def test_an_id_no_column_can_hold_matches_nothing(value):
    kept = UserFactory()
    assert list(User.objects.filter(pk__in=[value])) == []
    assert list(User.objects.filter(pk__in=[value, kept.pk])) == [kept]
    assert list(User.objects.exclude(pk__in=[value])) == [kept]


def test_the_largest_id_a_column_holds_is_still_looked_for():
    assert list(User.objects.filter(pk__in=[2**63 - 1])) == []  # asked of the database, found nowhere


def test_a_multiple_choice_of_rows_refuses_such_an_id_in_french():
    user = UserFactory()

    class Choice(forms.Form):
        people = forms.ModelMultipleChoiceField(queryset=User.objects.all())

    form = Choice({"people": [str(user.pk), str(PAST_EVERY_COLUMN)]})
    assert not form.is_valid()
    assert "choix valide" in form.errors["people"][0]
