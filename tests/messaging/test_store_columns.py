"""The message store's hand-written INSERT writes every column of Message: a field added to the model is never
silently left out (its default would otherwise be lost, or the INSERT fail on PostgreSQL only)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging.models import Message
from messaging.services import insert_message
from portal.enums import Party

pytestmark = pytest.mark.django_db


def test_the_insert_names_every_concrete_column_of_message(conversation, worker):
    with CaptureQueriesContext(connection) as queries:
        message = insert_message(conversation, 1, "cle-1", worker, Party.ASSOCIATION, "Bonjour", timezone.now())
    insert = next(q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    named = re.search(r"\(([^)]*)\)", insert).group(1)
    columns = {name.strip().strip('"') for name in named.split(",")}
    expected = {field.column for field in Message._meta.concrete_fields if not field.primary_key}
    assert columns == expected
    stored = Message.objects.get(pk=message.pk)
    assert (stored.seq, stored.client_key, stored.author, stored.side, stored.body) == (
        1,
        "cle-1",
        worker,
        Party.ASSOCIATION,
        "Bonjour",
    )
