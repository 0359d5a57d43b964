"""The transfer (mutation) request: its states in one service (casework.transfers), the worker's page, and what the
household and the landlord then read (docs/rules.md, « Cycle de vie d'une demande de mutation »)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from casework import transfers
from casework.enums import TransferStatus
from casework.models import TimelineEvent, TransferConsent
from portal import formats
from portal.models import AuditEvent
from tests.casework.factories import CaseFactory, HouseholdMemberFactory, ProgrammeFactory
from tests.conftest import verify_client

pytestmark = pytest.mark.django_db

NOTE = "Note confidentielle : santé de l'enfant"
COMMUNES = "Saint-Jean-de-Braye, Fleury"


@pytest.fixture
def case(association, landlord, worker, landlord_referent, household_user):
    case = CaseFactory(
        programme=ProgrammeFactory(association=association, landlord=landlord), in_support=True, assigned_worker=worker
    )
    HouseholdMemberFactory(household=case.household, user=household_user, email=household_user.email)
    return case


def _page(client, user, url):
    client.logout()
    verify_client(client, user)
    return client.get(url)


def _move(transfer, worker, status, on=None):
    return transfers.update(
        transfer, worker, status=status, on=on, wished_communes=transfer.wished_communes, note=transfer.note
    )


def test_the_landlord_follows_the_transfer_only_once_the_household_agreed(
    case, worker, landlord_referent, household_user, client, django_capture_on_commit_callbacks
):
    transfer = transfers.create(case, worker, wished_communes=COMMUNES, note=NOTE)
    landlord_url = reverse("casework:landlord_case", args=[case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        transfer = _move(transfer, worker, TransferStatus.FILED)
    # No consent yet: the landlord reads nothing of it and is not told; the household is.
    page = _page(client, landlord_referent, landlord_url)
    assertNotContains(page, "mutation")
    assert not [m for m in mail.outbox if landlord_referent.email in m.to]
    told = [m for m in mail.outbox if household_user.email in m.to]
    assert len(told) == 1 and "déposée" in told[0].body and NOTE not in told[0].body

    assert transfers.record_consent(transfer, True, by=worker, how="au téléphone")
    assert not transfers.record_consent(transfer, True, by=worker, how="au téléphone")  # nothing changes
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transfer = _move(transfer, worker, TransferStatus.OFFERED)
    page = _page(client, landlord_referent, landlord_url)
    assertContains(page, TransferStatus.OFFERED.label)
    assertContains(page, f"logement proposé le {formats.day(timezone.localdate())}")
    assertNotContains(page, "Saint-Jean-de-Braye")  # communes: not allowed yet
    assertNotContains(page, "confidentielle")
    landlord_mail = [m for m in mail.outbox if landlord_referent.email in m.to]
    assert len(landlord_mail) == 1 and case.household.display_name not in landlord_mail[0].body
    assert "Braye" not in landlord_mail[0].body and NOTE not in landlord_mail[0].body

    transfers.record_consent(transfer, True, communes_shared=True, by=worker, how="en entretien")
    assertContains(_page(client, landlord_referent, landlord_url), "Saint-Jean-de-Braye")
    transfers.record_consent(transfer, False, by=worker, how="le ménage a changé d'avis")
    assertNotContains(_page(client, landlord_referent, landlord_url), "Mutation")
    assert list(TransferConsent.objects.values_list("given", "communes_shared")) == [
        (False, False),
        (True, True),
        (True, False),
    ]


def test_states_move_only_forward_with_their_dates(case, worker):
    transfer = transfers.create(case, worker)
    today = timezone.localdate()
    with pytest.raises(transfers.TransferError) as refused:
        _move(transfer, worker, TransferStatus.DONE)
    assert refused.value.field == "status"
    with pytest.raises(transfers.TransferError) as refused:
        _move(transfer, worker, TransferStatus.FILED, on=today + timedelta(days=1))
    assert refused.value.field == "on"
    transfer = _move(transfer, worker, TransferStatus.FILED, on=today - timedelta(days=10))
    with pytest.raises(transfers.TransferError):  # the day before the filing
        _move(transfer, worker, TransferStatus.OFFERED, on=today - timedelta(days=11))
    transfer = _move(transfer, worker, TransferStatus.OFFERED, on=today - timedelta(days=10))  # the day of
    transfer = _move(transfer, worker, TransferStatus.DONE)
    assert (transfer.status, transfer.ended_on) == (TransferStatus.DONE, today)
    assert transfers.next_statuses(transfer) == ()
    details = list(TimelineEvent.objects.filter(case=case, kind="transfer").values_list("detail", flat=True))
    assert len(details) == 4 and any("Mutation réalisée" in d for d in details)
    assert AuditEvent.objects.filter(action="transfer_request.moved").count() == 3


def test_the_end_is_never_dated_before_the_offer(case, worker):
    """The previous step is the latest one dated: done or abandoned before the offer is refused, even after the
    filing; the offer's day itself is accepted."""
    today = timezone.localdate()
    transfer = transfers.create(case, worker)
    transfer = _move(transfer, worker, TransferStatus.FILED, on=today - timedelta(days=20))
    transfer = _move(transfer, worker, TransferStatus.OFFERED, on=today - timedelta(days=10))
    with pytest.raises(transfers.TransferError) as refused:
        _move(transfer, worker, TransferStatus.DONE, on=today - timedelta(days=11))
    assert refused.value.field == "on"
    transfer = _move(transfer, worker, TransferStatus.DONE, on=today - timedelta(days=10))
    assert (transfer.status, transfer.ended_on) == (TransferStatus.DONE, today - timedelta(days=10))


def test_the_worker_updates_the_transfer_from_its_page_and_errors_stay_next_to_the_field(case, worker, client):
    transfer = transfers.create(case, worker, wished_communes=COMMUNES)
    verify_client(client, worker)
    url = reverse("casework:edit_transfer", args=[case.pk, transfer.pk])
    page = client.get(url)
    assert page.status_code == 200
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"status": "filed", "on": tomorrow.isoformat(), "wished_communes": COMMUNES, "note": "n"}
    page = client.post(url, data)
    assert page.status_code == 200 and page.context["form"].errors["on"] == ["La date ne peut pas être dans le futur."]
    data |= {"on": "", "landlord_informed": "on"}
    page = client.post(url, data)
    assert "consent_how" in page.context["form"].errors
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.TO_FILE and not transfer.landlord_informed
    page = client.post(url, data | {"consent_how": "au téléphone", "status": "offered"})  # not a next state
    assert "status" in page.context["form"].errors
    page = client.post(url, data | {"consent_how": "au téléphone"})
    assert page.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.status, transfer.filed_on, transfer.landlord_informed) == ("filed", timezone.localdate(), True)
    assert client.post(url, {"status": "<script>", "on": "31/02"}).status_code == 200
