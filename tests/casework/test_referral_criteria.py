"""The landlord's referral form shows the programme's criteria from the start, as a neutral ✓/✗ list that the
server recomputes (casework:referral_criteria) from the fields the rule reads: one rule, casework.eligibility."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.forms import CRITERIA_FIELDS
from casework.models import Case
from tests.casework.factories import ProgrammeFactory
from tests.casework.test_referral_and_import import referral_data

pytestmark = pytest.mark.django_db

CRITERIA_URL = reverse("casework:referral_criteria")
FORM_URL = reverse("casework:referral_new")


@pytest.fixture
def programme(association, landlord):
    # Net rent 400 € (500 − 100), two months of arrears: the threshold is 800,00 €. Orléans and Saint-Jean-de-Braye.
    return ProgrammeFactory(
        association=association, landlord=landlord, communes=["45234", "45284"], min_arrears_months=2
    )


@pytest.fixture
def landlord_client(programme, landlord_referent, verified_client):
    return verified_client(landlord_referent)


def met(html):
    """Each criterion's key → met, read from the rendered list (data-criterion, data-met)."""
    return {key: value == "oui" for key, value in re.findall(r'data-criterion="(\w+)" data-met="(\w+)"', html)}


def criteria_values(programme, **overrides):
    data = referral_data(programme, **overrides)
    return {name: value for name, value in data.items() if name in CRITERIA_FIELDS}


def test_the_criteria_list_is_on_the_empty_form_with_the_only_programme_preselected(landlord_client, programme):
    response = landlord_client.get(FORM_URL)
    html = response.content.decode()
    assert set(met(html)) == {"territory", "no_guarantee", "arrears", "recent_move_in", "unreachable"}
    assert not any(met(html).values())
    assert f'name="programme" value="{programme.pk}"' in html
    assert f"Programme : <strong>{programme.name}</strong>" in html
    # Neutral: a list, never the error summary.
    assert "error-summary" not in html
    assert f'data-criteria-url="{CRITERIA_URL}"' in html


def test_each_criterion_turns_as_its_field_is_filled(landlord_client, programme):
    assert met(landlord_client.get(CRITERIA_URL).content.decode())["territory"] is False
    after = landlord_client.get(CRITERIA_URL, {"postcode": "45800", "commune": "Saint Jean de Braye"}).content.decode()
    assert met(after)["territory"] is True and met(after)["no_guarantee"] is False
    everything = landlord_client.get(CRITERIA_URL, criteria_values(programme)).content.decode()
    assert all(met(everything).values()) and "Tous les critères sont remplis." in everything


@pytest.mark.parametrize(("arrears", "expected"), [("799,99", False), ("800,00", True), ("800,01", True)])
def test_the_arrears_criterion_at_the_threshold_typed_with_a_comma(landlord_client, programme, arrears, expected):
    html = landlord_client.get(CRITERIA_URL, criteria_values(programme, arrears_amount=arrears)).content.decode()
    assert met(html)["arrears"] is expected


@pytest.mark.parametrize(("months_ago", "expected"), [(6, True), (7, False)])
def test_the_move_in_criterion_at_the_window_edge(landlord_client, programme, months_ago, expected):
    from casework.dates import add_months

    moved_in = add_months(timezone.localdate(), -months_ago)
    html = landlord_client.get(CRITERIA_URL, criteria_values(programme, moved_in_on=moved_in.isoformat())).content
    assert met(html.decode())["recent_move_in"] is expected


def test_the_fragment_and_the_submitted_form_agree(landlord_client, programme):
    """Same values, same list: the fragment and the form both call casework.forms.referral_criteria."""
    values = criteria_values(programme, guarantee="fsl", arrears_amount="520,50")
    fragment = met(landlord_client.get(CRITERIA_URL, values).content.decode())
    response = landlord_client.post(FORM_URL, referral_data(programme, guarantee="fsl", arrears_amount="520,50"))
    submitted = {c["key"]: c["met"] for c in response.context["criteria"]}
    assert fragment == submitted and submitted["no_guarantee"] is False and submitted["arrears"] is False


def test_without_javascript_the_list_follows_the_check_button(landlord_client, programme):
    response = landlord_client.post(FORM_URL, referral_data(programme, check="1"))
    assert all(met(response.content.decode()).values())
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "hostile",
    [
        {"monthly_rent": "1e30", "arrears_amount": "9" * 40},
        {"moved_in_on": "2026-99-99", "guarantee": "<script>"},
        {"commune": "Orl\x00éans", "attempts_unanswered": "x" * 5000},
        {"moved_in_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
        {"monthly_apl": "900", "monthly_rent": "100"},
    ],
)
def test_hostile_values_count_as_not_given_never_a_500(landlord_client, programme, hostile):
    response = landlord_client.get(CRITERIA_URL, {**criteria_values(programme), **hostile})
    assert response.status_code == 200
    assert len(met(response.content.decode())) == 5


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1.5"])
def test_an_unknown_programme_is_a_404(landlord_client, value):
    assert landlord_client.get(CRITERIA_URL, {"programme": value}).status_code == 404


def test_another_landlords_programme_is_a_404(landlord_client):
    foreign = ProgrammeFactory()
    assert (
        landlord_client.get(
            CRITERIA_URL, {"programme": foreign.pk, "postcode": "45000", "commune": "Orléans"}
        ).status_code
        == 404
    )


def test_the_criteria_are_read_only_and_not_cached(landlord_client):
    assert landlord_client.post(CRITERIA_URL, {"commune": "Orléans"}).status_code == 405
    assert "no-store" in landlord_client.get(CRITERIA_URL)["Cache-Control"]


def test_with_several_programmes_none_is_chosen_for_the_landlord(landlord_client, programme, landlord):
    other = ProgrammeFactory(landlord=landlord, association=programme.association, communes=["45208"])
    html = landlord_client.get(FORM_URL).content.decode()
    assert "Choisissez le programme" in html and not met(html)
    # The select's empty choice is « none chosen yet », not a hostile value.
    assert "Choisissez le programme" in landlord_client.get(CRITERIA_URL, {"programme": ""}).content.decode()
    fragment = landlord_client.get(
        CRITERIA_URL, {"programme": other.pk, "postcode": "45200", "commune": "Montargis"}
    ).content.decode()
    assert met(fragment)["territory"] is True


def test_every_field_labelled_optional_may_stay_empty(landlord_client, programme):
    html = landlord_client.get(FORM_URL).content.decode()
    optional = re.findall(r'<label for="id_(\w+)">[^<]*<span class="optional">\(facultatif\)</span>', html)
    assert set(optional) == {"phone", "email", "agency"}
    response = landlord_client.post(FORM_URL, referral_data(programme, **dict.fromkeys(optional, "")))
    assert response.status_code == 302 and Case.objects.get().referral.is_eligible


def test_the_reason_says_when_it_is_needed_instead_of_optional(landlord_client, programme):
    html = unescape(landlord_client.get(FORM_URL).content.decode())
    assert "(obligatoire si un critère n'est pas rempli)" in html
    response = landlord_client.post(FORM_URL, referral_data(programme, guarantee="fsl"))
    assert response.status_code == 200 and "exception_reason" in response.context["form"].errors
    assert response.context["form"]["guarantee"].value() == "fsl"


def test_an_amount_typed_with_a_comma_is_kept_to_the_cent(landlord_client, programme):
    landlord_client.post(FORM_URL, referral_data(programme, arrears_amount="1 520,50", monthly_rent="520,50"))
    referral = Case.objects.get().referral
    assert str(referral.arrears_amount) == "1520.50" and str(referral.tenancy.monthly_rent) == "520.50"
