"""The confidentiality promise: one source (casework/visibility.py), the same words in docs/rules.md."""

from pathlib import Path

from django.conf import settings

from casework import visibility


def test_docs_rules_block_is_the_rendering_of_the_code():
    text = (Path(settings.BASE_DIR) / "docs" / "rules.md").read_text(encoding="utf-8")
    assert visibility.doc_block(text) == visibility.render_doc_block()


def test_markdown_table_has_one_row_per_longest_list():
    table = visibility.render_markdown_table().splitlines()
    rows = max(len(visibility.LANDLORD_RECEIVES), len(visibility.LANDLORD_NEVER_RECEIVES))
    assert len(table) == 2 + rows
    assert table[0] == f"| {visibility.RECEIVES_HEADING} | {visibility.NEVER_HEADING} |"


def test_the_promise_names_what_the_issue_lists():
    receives = " ".join(visibility.LANDLORD_RECEIVES)
    never = " ".join(visibility.LANDLORD_NEVER_RECEIVES)
    for words in ("signalement", "le ménage s'est manifesté", "contact", "date", "un mois", "comptes rendus", "dette"):
        assert words in receives, words
    for words in ("entretiens", "diagnostic", "budget", "messages", "carnet de route", "relais", "documents"):
        assert words in never, words


def test_doc_block_absent_is_none():
    assert visibility.doc_block("# Règles\n") is None
