"""No plaintext of planted confidential notes in any table, log or e-mail once committed (docs/rules.md § 4, encryption at rest)."""

import logging

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import Diagnostic
from portal import drafts
from tests.casework.factories import CaseFactory, ProgrammeFactory

MARKERS = {
    "diagnostic": "PLANTE-DIAG-ZX81",
    "family": "PLANTE-RECIT-ZX82",
    "income": "PLANTE-RESSOURCE-ZX83",
    "note": "PLANTE-NOTE-ZX84",
    "attempt": "PLANTE-TENTATIVE-ZX85",
    "draft": "PLANTE-BROUILLON-ZX86",
    "minutes": "PLANTE-BILAN-ZX87",
}


def dump_everything():
    """Every row of every table, as text: SQLite's dump after a WAL checkpoint, or a SELECT * per table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return "\n".join(connection.connection.iterdump())
        chunks = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks.extend(repr(row) for row in cursor.fetchall())
        return "\n".join(chunks)


@pytest.mark.django_db(transaction=True)
def test_planted_notes_never_stored_or_logged_in_clear(association, landlord, worker, verified_client, caplog):
    caplog.set_level(logging.DEBUG)
    case = CaseFactory(programme=ProgrammeFactory(association=association, landlord=landlord))
    client = verified_client(worker)
    client.post(
        reverse("casework:log_attempt", args=[case.pk]),
        {
            "made_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "outcome": "reached",
            "note": MARKERS["attempt"],
        },
    )
    client.post(
        reverse("casework:diagnostic", args=[case.pk]),
        {
            "notes": MARKERS["diagnostic"],
            "family_account": MARKERS["family"],
            "origins": ["health"],
            "income_0_label": MARKERS["income"],
            "income_0_amount": "900",
        },
    )
    client.post(reverse("casework:add_note", args=[case.pk]), {"body": MARKERS["note"]})
    client.post(reverse("casework:add_note", args=[case.pk]), {"body": MARKERS["draft"], "save_draft": "1"})
    client.post(
        reverse("casework:review_new", args=[case.pk]),
        {"next_steps": MARKERS["minutes"], "participants_landlord": "on"},
    )
    # The data is there, readable through the application…
    diagnostic = Diagnostic.objects.get(case=case)
    assert diagnostic.notes == MARKERS["diagnostic"] and diagnostic.income_lines[0]["label"] == MARKERS["income"]
    assert drafts.load(worker, f"note-{case.pk}") == MARKERS["draft"]
    assert case.reviews.get().next_steps == MARKERS["minutes"]
    # …and nowhere in clear: not in any table, log line or e-mail.
    dump = dump_everything()
    assert "PLANTE-" not in dump
    assert len(dump) > 10_000  # the dump is real
    assert "PLANTE-" not in caplog.text
    assert all("PLANTE-" not in m.body and "PLANTE-" not in m.subject for m in mail.outbox)
