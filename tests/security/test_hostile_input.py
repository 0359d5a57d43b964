"""Hostile query strings: numbers out of range, not numbers, dates at the end of time. Ignored or refused, never
a 500 (portal.params reads every number a URL's query string carries)."""

import pytest
from django.urls import reverse

from tests.casework.factories import CaseFactory, ProgrammeFactory

HUGE = "99999999999999999999"


@pytest.fixture
def case(association, landlord, worker):
    return CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord), assigned_worker=worker)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, url",
    [
        ("coordinator", lambda case: reverse("casework:caseload") + f"?jours={HUGE}"),
        ("coordinator", lambda case: reverse("casework:caseload") + f"?intervenant={HUGE}"),
        ("coordinator", lambda case: reverse("casework:caseload_csv") + f"?jours={HUGE}&intervenant={HUGE}"),
        ("landlord_referent", lambda case: reverse("casework:landlord_dashboard") + f"?jours={HUGE}"),
        ("landlord_referent", lambda case: reverse("casework:landlord_csv") + f"?jours={HUGE}"),
        ("coordinator", lambda case: reverse("appointments:availability") + "?personne=abc"),
        ("coordinator", lambda case: reverse("appointments:availability") + f"?personne={HUGE}"),
        ("coordinator", lambda case: reverse("appointments:staff_new", args=[case.pk]) + f"?bilan={HUGE}"),
        ("coordinator", lambda case: reverse("appointments:staff_new", args=[case.pk]) + "?du=9999-12-31"),
    ],
)
def test_hostile_numbers_never_break_a_page(request, verified_client, case, role, url):
    client = verified_client(request.getfixturevalue(role))
    response = client.get(url(case))
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.django_db
def test_hostile_catch_up_position(verified_client, worker, case):
    from messaging.enums import ConversationKind
    from messaging.models import Conversation

    thread = Conversation.of_case(case, ConversationKind.HOUSEHOLD)
    client = verified_client(worker)
    response = client.get(reverse("messaging:partner_messages_json", args=[thread.pk]) + f"?after={HUGE}")
    assert response.status_code in (200, 400)
