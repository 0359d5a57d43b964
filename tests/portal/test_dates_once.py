"""A date is written by portal.formats only (`day`, `moment`, `in_words`; in templates |jour, |moment, |en_lettres):
« 30/11/2026 » and « 30/11/2026 à 14:05 » the same on every page, e-mail, SMS and PDF."""

import re
from pathlib import Path

from django.conf import settings

from tests.portal.test_template_amounts import _template_files

ROOT = Path(settings.BASE_DIR)
APPS = ("portal", "casework", "messaging", "appointments", "home")
# Reading dates typed by people or files is not writing them; `formats` is the one writer.
READERS = {"portal/formats.py", "casework/imports.py"}
TEMPLATE_DATE = re.compile(r"\|\s*date\s*:\s*[\"'](?!Y-m-d)[^\"']*[dj]/[mn]")
PYTHON_DATE = re.compile(r"%d/%m")


def template_offences(text, name="t.html"):
    return [f"{name}: {match.group(0)}" for match in TEMPLATE_DATE.finditer(text)]


def python_offences(text, name="m.py"):
    return [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if PYTHON_DATE.search(line)]


def test_the_checks_see_what_they_forbid():
    assert template_offences('{{ a|date:"d/m/Y" }} {{ b|date:"d/m/Y H:i" }} {{ c|date:"j/n" }}') != []
    assert len(template_offences('{{ a|date:"d/m/Y" }} {{ b|date:"d/m" }}')) == 2
    assert template_offences("{{ a|jour }} {{ b|moment }} {{ c|date:'Y-m-d' }} {{ d|en_lettres:\"j F\" }}") == []
    assert python_offences('x = f"{when:%d/%m/%Y}"') != []
    assert python_offences("x = formats.day(when)") == []


def test_no_template_writes_a_date_itself():
    found = []
    for path in _template_files():
        found += template_offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_no_python_module_writes_a_date_itself():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if "migrations" in path.parts or name in READERS:
                continue
            found += python_offences(path.read_text(encoding="utf-8"), name)
    assert found == []
