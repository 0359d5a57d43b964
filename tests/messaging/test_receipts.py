"""Read receipts by side (messaging.services.receipts): right for each kind of reader, in one query whoever has read
(every catch-up frame carries them; a hundred pages catch up at once when live updates resume); receipts recorded
before they kept their side are still given by side."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import services
from messaging.enums import ConversationKind
from messaging.models import ReadReceipt
from messaging.services import post_message
from portal.enums import Party, Role
from tests.messaging.factories import conversation_of
from tests.portal.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def receipts_with_queries(conversation):
    with CaptureQueriesContext(connection) as queries:
        found = services.receipts(conversation)
    return found, len(queries)


def test_each_side_reads_as_far_as_its_furthest_reader(conversation, household_user, worker, association):
    for n in range(1, 6):
        post_message(conversation, household_user, f"message {n}", f"k-{n}")
    conversation.refresh_from_db()
    services.mark_read(conversation, household_user, 2)
    services.mark_read(conversation, worker, 4)
    colleague = MembershipFactory(organisation=association, role=Role.WORKER).user
    services.mark_read(conversation, colleague, 3)
    assert services.receipts(conversation) == {Party.HOUSEHOLD: 5, Party.ASSOCIATION: 4}


def test_five_readers_cost_the_queries_of_one(case, household_user, worker, landlord_referent, association):
    coordination = conversation_of(case, ConversationKind.COORDINATION)
    post_message(coordination, worker, "point d'étape", "k-1")
    coordination.refresh_from_db()
    _, one = receipts_with_queries(coordination)
    for reader in (landlord_referent, *(MembershipFactory(organisation=association).user for _ in range(3))):
        services.mark_read(coordination, reader, 1)
    found, five = receipts_with_queries(coordination)
    assert found == {Party.ASSOCIATION: 1, Party.LANDLORD: 1}
    assert five == one == 1  # the readers' roles are not read: each receipt keeps its side


def test_each_receipt_keeps_its_reader_s_side(case, conversation, household_user, worker, landlord_referent):
    coordination = conversation_of(case, ConversationKind.COORDINATION)
    post_message(conversation, household_user, "bonjour", "k-1")  # the author's own receipt
    post_message(coordination, worker, "point d'étape", "k-2")
    coordination.refresh_from_db()
    services.mark_read(coordination, landlord_referent, 1)
    sides = {(r.conversation_id, r.user_id): r.side for r in ReadReceipt.objects.all()}
    assert sides == {
        (conversation.pk, household_user.pk): Party.HOUSEHOLD,
        (coordination.pk, worker.pk): Party.ASSOCIATION,
        (coordination.pk, landlord_referent.pk): Party.LANDLORD,
    }


def test_receipts_recorded_before_they_kept_their_side_are_given_by_side(conversation, household_user, worker):
    for n in range(1, 4):
        post_message(conversation, worker, f"message {n}", f"k-{n}")
    conversation.refresh_from_db()
    services.mark_read(conversation, household_user, 2)
    ReadReceipt.objects.update(side="")  # as recorded before 30/11
    found, queries = receipts_with_queries(conversation)
    assert found == {Party.HOUSEHOLD: 2, Party.ASSOCIATION: 3}
    assert queries == 3  # the receipts, then the readers with their roles (and memberships)
    services.mark_read(conversation, household_user, 3)  # reading again records the side
    assert ReadReceipt.objects.get(user=household_user).side == Party.HOUSEHOLD
    assert services.receipts(conversation) == {Party.HOUSEHOLD: 3, Party.ASSOCIATION: 3}
