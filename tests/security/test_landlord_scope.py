"""The landlord's scope (docs/rules.md, the visibility table): a case the household opened itself, through the public contact form,
is unknown to the landlord everywhere — its coordination thread included, by page, JSON, websocket and e-mail."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from messaging.enums import ConversationKind
from messaging.models import Conversation
from messaging.notifications import notify_new_message
from tests.casework.factories import CaseFactory, ProgrammeFactory, ReferralFactory
from tests.messaging.factories import conversation_of, write
from tests.messaging.ws import communicator, session_cookie


def household_opened_case(association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    return CaseFactory(programme=programme, referral=ReferralFactory(programme=programme, source="contact_request"))


@pytest.fixture
def opened(association, landlord):
    return household_opened_case(association, landlord)


@pytest.fixture
def thread(opened):
    # A thread left by older code (or created by the association): its mere existence must not open it up.
    return conversation_of(opened, ConversationKind.COORDINATION)


@pytest.mark.django_db
def test_landlord_cannot_read_the_thread_of_a_household_opened_case(verified_client, landlord_referent, thread):
    client = verified_client(landlord_referent)
    assert client.get(reverse("messaging:partner_conversation", args=[thread.pk])).status_code == 404


@pytest.mark.django_db
def test_landlord_cannot_read_or_post_by_json(verified_client, landlord_referent, thread):
    client = verified_client(landlord_referent)
    url = reverse("messaging:partner_messages_json", args=[thread.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Bonjour", "client_key": "k-1"}).status_code == 404
    assert not thread.messages.exists()


@pytest.mark.django_db(transaction=True)
async def test_landlord_socket_is_refused(landlord_referent, thread):
    cookie = await database_sync_to_async(session_cookie)(landlord_referent)
    comm = communicator(thread.pk, cookie)
    accepted, _ = await comm.connect()
    await comm.disconnect()
    assert not accepted


@pytest.mark.django_db
def test_landlord_is_not_emailed_about_the_thread(mailoutbox, worker, landlord_referent, thread):
    message = write(thread, worker, "Point sur la situation")
    mailoutbox.clear()
    notify_new_message.call(message.pk)
    assert landlord_referent.email not in [address for mail in mailoutbox for address in mail.to]


@pytest.mark.django_db
def test_opening_a_thread_page_creates_nothing(verified_client, worker, association, landlord):
    programme = ProgrammeFactory(association=association, landlord=landlord)
    case = CaseFactory(programme=programme)
    client = verified_client(worker)
    for name in ("messaging:partner_case_conversation", "messaging:partner_case_coordination"):
        client.get(reverse(name, args=[case.pk]))
    assert not Conversation.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_landlord_cannot_open_a_thread_of_a_household_opened_case(verified_client, landlord_referent, opened):
    client = verified_client(landlord_referent)
    response = client.post(reverse("messaging:partner_case_coordination", args=[opened.pk]))
    assert response.status_code == 404
    assert not Conversation.objects.filter(case=opened).exists()
