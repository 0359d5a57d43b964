"""A refused form on the case pages (association and landlord) comes back with everything typed, each error next to
its field (aria-describedby) and the error summary linking to it — never a redirect to a banner that loses the text."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from casework.enums import ContactOutcome
from casework.models import ArrearsStatement, ContactAttempt, RepaymentPlan, RoadmapAction, TransferRequest
from portal import drafts
from portal.enums import InvitationKind
from portal.models import Invitation
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.portal.test_form_errors_a11y import broken_descriptions

pytestmark = pytest.mark.django_db

NOTE = "Voisine : « il travaille de nuit », rappeler après 18 h — ne rien dire au bailleur"
PLAN = {
    "plan-start_date": "2027-01-05",
    "plan-start_balance": "600",
    "plan-monthly_instalment": "40",
    "plan-duration_months": "3",
    "plan-later_steps_text": "2 × 60",
}


@pytest.fixture
def programme(association, landlord):
    return ProgrammeFactory(association=association, landlord=landlord)


@pytest.fixture
def staff(worker, verified_client):
    return verified_client(worker)


def text_of(textarea):
    """A textarea's value: its text without the one newline HTML drops after the opening tag."""
    text = textarea.get_text()
    return text[1:] if text.startswith("\n") else text


def next_to_its_field(html, field_id):
    """The field's control and the text of its error, after checking the error sits in the field's own block, the
    control points to it, and the page's error summary links to the field."""
    soup = BeautifulSoup(html, "html.parser")
    control = soup.find(id=field_id)
    error = soup.find(id=f"{field_id}_error")
    assert control is not None and error is not None, f"{field_id} or its error is missing"
    assert f"{field_id}_error" in control.get("aria-describedby", "").split()
    block = control.find_parent(class_="field") or control.parent
    assert error in block.find_all(id=f"{field_id}_error"), "the error is not next to its field"
    summary = soup.select_one("[data-error-summary]")
    assert summary is not None and summary.select_one(f'a[href="#{field_id}"]') is not None
    assert broken_descriptions(html) == ([], set())
    return control, error.get_text(" ", strip=True)


def test_a_refused_attempt_keeps_the_confidential_note_and_says_why_next_to_the_date(programme, staff):
    case = CaseFactory(programme=programme, contacting=True)
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = staff.post(
        reverse("casework:log_attempt", args=[case.pk]),
        {"made_at": future, "channel": "home_visit", "outcome": ContactOutcome.MESSAGE_LEFT, "note": NOTE},
    )
    assert response.status_code == 200
    assert not ContactAttempt.objects.exists()
    html = response.content.decode()
    control, error = next_to_its_field(html, "id_made_at")
    assert error == "Une tentative ne peut pas être dans le futur." and control["value"] == future
    soup = BeautifulSoup(html, "html.parser")
    assert text_of(soup.find(id="id_note")) == NOTE
    assert soup.select_one("#id_channel option[selected]")["value"] == "home_visit"
    assert soup.select_one("#id_outcome option[selected]")["value"] == ContactOutcome.MESSAGE_LEFT
    assert "La tentative n'est pas enregistrée" not in html  # no banner repeating the errors at the top


def test_an_accepted_attempt_still_goes_back_to_the_case(programme, staff):
    case = CaseFactory(programme=programme, contacting=True)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = staff.post(
        reverse("casework:log_attempt", args=[case.pk]),
        {"made_at": now, "channel": "phone", "outcome": ContactOutcome.NO_ANSWER, "note": NOTE},
    )
    assert response.status_code == 302 and response["Location"].endswith("#contact")
    assert ContactAttempt.objects.get().note == NOTE


def test_a_refused_plan_by_steps_keeps_every_value_open_with_the_error_next_to_the_steps(programme, staff):
    case = CaseFactory(programme=programme, in_support=True)
    response = staff.post(reverse("casework:add_plan", args=[case.pk]), PLAN)
    assert response.status_code == 200
    assert not RepaymentPlan.objects.exists()
    html = response.content.decode()
    control, error = next_to_its_field(html, "id_plan-later_steps_text")
    assert "la dette ne serait pas soldée" in error and text_of(control) == "2 × 60"
    soup = BeautifulSoup(html, "html.parser")
    for name in ("start_date", "start_balance", "monthly_instalment", "duration_months"):
        assert soup.find(id=f"id_plan-{name}")["value"] == PLAN[f"plan-{name}"]
    assert soup.find(id="id_plan-later_steps_text").find_parent("details").has_attr("open")


def test_a_refused_plan_says_each_error_next_to_its_own_field(programme, staff):
    case = CaseFactory(programme=programme, in_support=True)
    data = {**PLAN, "plan-monthly_instalment": "0", "plan-duration_months": "121", "plan-later_steps_text": ""}
    html = staff.post(reverse("casework:add_plan", args=[case.pk]), data).content.decode()
    assert next_to_its_field(html, "id_plan-monthly_instalment")[1] == "La mensualité doit être positive."
    assert next_to_its_field(html, "id_plan-duration_months")[1] == "Entre 1 et 120 mois."


def test_an_accepted_plan_by_steps_is_recorded(programme, staff):
    case = CaseFactory(programme=programme, in_support=True)
    response = staff.post(reverse("casework:add_plan", args=[case.pk]), {**PLAN, "plan-later_steps_text": "9 × 60"})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    assert RepaymentPlan.objects.get(case=case).later_steps == [{"months": 9, "instalment": "60"}]


def test_the_landlords_refused_plan_and_statement_keep_their_values(programme, landlord_referent, verified_client):
    case = CaseFactory(programme=programme, in_support=True)
    client = verified_client(landlord_referent)
    response = client.post(reverse("casework:landlord_plan", args=[case.pk]), PLAN)
    assert response.status_code == 200 and not RepaymentPlan.objects.exists()
    control, _ = next_to_its_field(response.content.decode(), "id_plan-later_steps_text")
    assert text_of(control) == "2 × 60"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {"statement-statement_date": tomorrow, "statement-balance": "812,40"}
    response = client.post(reverse("casework:landlord_statement", args=[case.pk]), data)
    assert response.status_code == 200 and not ArrearsStatement.objects.exists()
    control, error = next_to_its_field(response.content.decode(), "id_statement-statement_date")
    assert error == "La date du relevé ne peut pas être dans le futur." and control["value"] == tomorrow
    assert BeautifulSoup(response.content, "html.parser").find(id="id_statement-balance")["value"] == "812,40"


def test_a_refused_note_keeps_its_text_next_to_the_error_and_as_a_draft(programme, staff, worker):
    case = CaseFactory(programme=programme, contacting=True)
    long_note = NOTE * 400  # over the 20 000 characters of a note
    response = staff.post(reverse("casework:add_note", args=[case.pk]), {"body": long_note})
    assert response.status_code == 200
    control, error = next_to_its_field(response.content.decode(), "id_body")
    assert text_of(control) == long_note and "20" in error
    assert drafts.load(worker, drafts.key("note", case.pk)) == long_note


def test_a_refused_roadmap_action_keeps_what_was_chosen(programme, staff):
    case = CaseFactory(programme=programme, in_support=True)
    data = {"action-title": "", "action-actor": "household", "action-status": "todo", "action-due_on": "2027-02-01"}
    response = staff.post(reverse("casework:add_action", args=[case.pk]), data)
    assert response.status_code == 200 and not RoadmapAction.objects.exists()
    _, error = next_to_its_field(response.content.decode(), "id_action-title")
    assert error == "Champ requis."
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(id="id_action-due_on")["value"] == "2027-02-01"
    assert soup.select_one("#id_action-actor option[selected]")["value"] == "household"
    assert soup.find(id="id_action-title").find_parent("details").has_attr("open")


def test_a_refused_transfer_keeps_the_communes_and_says_why(programme, staff):
    case = CaseFactory(programme=programme, closed=True)
    data = {"transfer-wished_communes": "Olivet, Saran", "transfer-note": "T3 au rez-de-chaussée"}
    response = staff.post(reverse("casework:add_transfer", args=[case.pk]), data)
    assert response.status_code == 200 and not TransferRequest.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Le dossier est clos" in soup.select_one("[data-error-summary]").get_text()
    assert soup.find(id="id_transfer-wished_communes")["value"] == "Olivet, Saran"
    assert soup.find(id="id_transfer-note").find_parent("details").has_attr("open")


def test_an_invitation_without_a_channel_says_so_next_to_the_choice(programme, association, staff):
    case = CaseFactory(programme=programme, contacting=True)
    case.invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60)
    case.save(update_fields=["invitation"])
    response = staff.post(reverse("casework:invite", args=[case.pk]), {})
    assert response.status_code == 200 and not ContactAttempt.objects.exists()
    _, error = next_to_its_field(response.content.decode(), "id_channels")
    assert error == "Choisissez au moins un moyen : SMS, e-mail ou les deux."


def test_an_identity_confirmed_without_saying_how_says_so_next_to_the_choice(programme, staff):
    case = CaseFactory(programme=programme, contacting=True, with_account=True)
    member = case.household.members.get(user__isnull=False)
    url = reverse("casework:confirm_identity", args=[case.pk])
    response = staff.post(url, {"member": member.pk})
    assert response.status_code == 200
    _, error = next_to_its_field(response.content.decode(), "id_how")
    assert error
    member.user.refresh_from_db()
    assert not member.user.identity_confirmed
    assert staff.post(url, {"member": "x", "how": "en personne"}).status_code == 404


def test_a_worker_outside_the_association_is_refused_on_the_page(programme, coordinator, verified_client):
    case = CaseFactory(programme=programme, contacting=True)
    response = verified_client(coordinator).post(reverse("casework:assign", args=[case.pk]), {"worker": "999999"})
    assert response.status_code == 200
    next_to_its_field(response.content.decode(), "id_worker")
    case.refresh_from_db()
    assert case.assigned_worker_id is None


@pytest.mark.parametrize("value", ["\x00", "9" * 40, "-1", "<script>"])
def test_hostile_plan_values_are_refused_never_a_500(programme, staff, value):
    case = CaseFactory(programme=programme, in_support=True)
    data = {key: value for key in PLAN}
    assert staff.post(reverse("casework:add_plan", args=[case.pk]), data).status_code == 200
    assert not RepaymentPlan.objects.exists()
