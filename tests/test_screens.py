"""The README's screenshots exist: every docs/screens/*.png it links to is in the repository (`make screens`)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREEN = re.compile(r"docs/screens/[\w.-]+\.png")


def referenced_screens():
    return sorted(set(SCREEN.findall((REPO / "README.md").read_text())))


def test_the_readme_shows_screenshots():
    assert len(referenced_screens()) >= 15


def test_every_screenshot_the_readme_references_exists():
    missing = [name for name in referenced_screens() if not (REPO / name).is_file()]
    assert missing == []


def test_every_screenshot_is_a_png():
    for name in referenced_screens():
        assert (REPO / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
