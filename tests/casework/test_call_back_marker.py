"""« RAPPEL » by SMS (casework.call_backs): the case shows « Rappel demandé » on the association's caseload (badge
and filter) and case page until a worker records a contact attempt or marks the request handled; the landlord's
pages never show it."""

import pytest
from django.urls import reverse

from casework import call_backs, services
from casework.enums import ContactOutcome, ContactRequestStatus
from casework.models import ContactAttempt
from portal.enums import ContactChannel
from tests.casework.factories import CaseFactory, ProgrammeFactory
from tests.casework.test_caseload_filters import _rows

pytestmark = pytest.mark.django_db

BADGE = "Rappel demandé"


@pytest.fixture
def cases(association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    asking = CaseFactory(programme=programme, contacting=True, referral__tenancy__household__display_name="Demande")
    quiet = CaseFactory(programme=programme, contacting=True, referral__tenancy__household__display_name="Calme")
    call_backs.request_call_back(asking, "+33612345678")
    return asking, quiet


def _caseload(client, **filters):
    return _rows(client.get(reverse("casework:caseload"), filters).content.decode())


def test_the_call_back_shows_on_the_caseload_and_its_filter(cases, worker, verified_client):
    client = verified_client(worker)
    rows = _caseload(client)
    assert BADGE in rows["Demande"] and BADGE not in rows["Calme"]
    assert set(_caseload(client, signal="rappel-demande")) == {"Demande"}
    asking, quiet = cases
    assert BADGE in client.get(reverse("casework:case_detail", args=[asking.pk])).content.decode()
    assert BADGE not in client.get(reverse("casework:case_detail", args=[quiet.pk])).content.decode()


def test_a_contact_attempt_answers_the_call_back(cases, worker, verified_client):
    asking, _ = cases
    attempt = ContactAttempt(channel=ContactChannel.PHONE, outcome=ContactOutcome.NO_ANSWER)
    services.record_attempt(asking, attempt, worker)
    client = verified_client(worker)
    assert BADGE not in _caseload(client)["Demande"]
    assert _caseload(client, signal="rappel-demande") == {}
    assert BADGE not in client.get(reverse("casework:case_detail", args=[asking.pk])).content.decode()


def test_marking_the_request_handled_ends_the_marker(cases, worker, verified_client):
    asking, _ = cases
    asking.contact_requests.get().mark_handled(worker)
    assert not call_backs.pending(asking)
    assert BADGE not in _caseload(verified_client(worker))["Demande"]


def test_the_landlord_never_sees_the_call_back(cases, landlord_referent, verified_client):
    asking, _ = cases
    client = verified_client(landlord_referent)
    for url in (reverse("casework:landlord_dashboard"), reverse("casework:landlord_case", args=[asking.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert BADGE not in response.content.decode() and "rappel" not in response.content.decode().lower()


def test_a_second_rappel_while_the_request_is_new_changes_nothing(cases):
    asking, _ = cases
    first = asking.contact_requests.get()
    assert call_backs.request_call_back(asking, "+33612345678") == first
    assert asking.contact_requests.count() == 1


def test_a_rappel_after_the_request_was_handled_is_a_new_request(cases, worker):
    """Once per case only while a request is still new: once handled, a new « RAPPEL » shows the marker again."""
    asking, _ = cases
    first = asking.contact_requests.get()
    first.mark_handled(worker)
    second = call_backs.request_call_back(asking, "+33612345678")
    assert second.pk != first.pk and second.status == ContactRequestStatus.NEW
    assert call_backs.pending(asking)
