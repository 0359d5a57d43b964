"""The household's data rule is written once and read the same on its data page, on the privacy page and under
the forms where workers write what the household may read."""

import pytest
from django.urls import reverse

from casework.forms import ContactAttemptForm, DiagnosticForm, NoteForm
from home.demo import load_content
from portal.privacy import HOUSEHOLD_DATA_RULE, HOUSEHOLD_READS_NOTES
from tests.casework.factories import CaseFactory, HouseholdMemberFactory


def test_worker_forms_say_the_household_reads_them():
    assert ContactAttemptForm().fields["note"].help_text == HOUSEHOLD_READS_NOTES
    assert NoteForm().fields["body"].help_text == HOUSEHOLD_READS_NOTES
    assert DiagnosticForm().fields["notes"].help_text == HOUSEHOLD_READS_NOTES
    assert HOUSEHOLD_READS_NOTES == "Le ménage peut lire ces notes en demandant ses données."


def test_privacy_page_states_the_rule():
    assert HOUSEHOLD_DATA_RULE in str(load_content().PRIVACY["body"])


@pytest.mark.django_db
def test_my_data_page_states_the_rule(client, household_user):
    from django.utils.html import escape

    case = CaseFactory()
    HouseholdMemberFactory(household=case.household, user=household_user)
    household_user.refresh_from_db()
    client.force_login(household_user)
    response = client.get(reverse("evaluation:my_data"))
    assert response.status_code == 200
    assert escape(HOUSEHOLD_DATA_RULE) in response.content.decode()
