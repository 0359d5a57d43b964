"""The repository explains itself: its code and docs point to documents inside it, and those documents exist."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Founding documents kept outside the repository; what the code relies on was brought into docs/.
OUTSIDE_DOCUMENTS = re.compile(r"\b(design\.md|stack-facts\.md)\b")
DOC_POINTER = re.compile(r"\bdocs/[\w./-]+\.md\b")


def tracked_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [REPO / name for name in listed if name.endswith((".py", ".md", ".html", ".txt", ".toml", ".yaml"))]


def test_nothing_cites_a_document_outside_the_repository():
    citing = [
        f"{path.relative_to(REPO)}:{number}"
        for path in tracked_files()
        if path.exists() and path.name != "test_docs.py"
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE_DOCUMENTS.search(line)
    ]
    assert citing == []


def test_every_docs_pointer_leads_to_a_file():
    missing = sorted(
        {
            f"{path.relative_to(REPO)} → {pointer}"
            for path in tracked_files()
            if path.exists()
            for pointer in DOC_POINTER.findall(path.read_text(errors="replace"))
            if not (REPO / pointer).exists()
        }
    )
    assert missing == []


def test_rules_keep_the_visibility_block_markers():
    rules = (REPO / "docs" / "rules.md").read_text()
    start, end = rules.index("<!-- visibility:start -->"), rules.index("<!-- visibility:end -->")
    # The full table by role, then the promise to the household (generated, see tests/casework/test_visibility.py).
    assert start < end and "| donnée |" in rules[:start]
