"""Key rotation never overwrites a concurrent edit: rows are locked while rewritten (PostgreSQL), and an UPDATE only
applies to the value that was read."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import drafts
from portal.management.commands import rotate_encryption_keys
from portal.models import Draft
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def rotate(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_encryption_keys", stdout=io.StringIO())


def test_an_edit_made_while_a_row_is_rotated_is_kept(settings, monkeypatch):
    user = UserFactory()
    drafts.save(user, "note", "avant")
    real_rotate = rotate_encryption_keys.rotate_text

    def rotate_while_someone_edits(value):
        rotated = real_rotate(value)
        drafts.save(user, "note", "modifié pendant la rotation")  # the edit lands between read and write
        return rotated

    monkeypatch.setattr(rotate_encryption_keys, "rotate_text", rotate_while_someone_edits)
    rotate(settings)
    assert Draft.objects.get(user=user).body == "modifié pendant la rotation"


@pytest.mark.postgres
def test_rows_are_locked_while_rotated_on_postgresql(settings):
    drafts.save(UserFactory(), "note", "texte")
    with CaptureQueriesContext(connection) as queries:
        rotate(settings)
    selects = [q["sql"] for q in queries.captured_queries if '"portal_draft"' in q["sql"] and "SELECT" in q["sql"]]
    assert selects and all("FOR UPDATE" in sql for sql in selects)
