"""The live SMS count (static/js/portal.js) says exactly what the server's rule says (portal.sms.describe)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from portal import sms

pytestmark = pytest.mark.browser

TEXTS = [
    "",
    "Bonjour",
    "a" * 160,  # one GSM-7 SMS, at the limit
    "a" * 161,  # two parts of 153
    "Ça coûte cher",  # « û » is outside GSM-7: UCS-2
    "ê" + "a" * 69,  # 70: one UCS-2 SMS
    "ê" + "a" * 70,  # 71: two parts of 67
    "Prix : 10 €" + "a" * 150,  # « € » counts two septets: 162 → two parts
    "Rendez-vous à l'association {[~]}",
    "Merci 🙂",  # outside the basic plane: two UTF-16 units
]


def test_boundaries_of_the_servers_rule():
    assert sms.segments("a" * 160) == 1 and sms.segments("a" * 161) == 2
    assert sms.segments("ê" * 70) == 1 and sms.segments("ê" * 71) == 2
    assert sms.segments("€" * 80) == 1 and sms.segments("€" * 81) == 2
    assert sms.segments("a" * 306) == 2 and sms.segments("a" * 307) == 3
    assert sms.describe("Tête") == "4 caractères : 1 SMS. Le caractère « ê » fait passer à 70 caractères par SMS."


def test_the_browser_and_the_server_agree(page):
    page.set_content("<html><body></body></html>")
    page.evaluate(
        """rule => { const s = document.createElement('script'); s.type = 'application/json';
        s.id = 'sms-segment-rule'; s.textContent = rule; document.body.appendChild(s); }""",
        json.dumps(sms.SEGMENT_RULE),
    )
    page.add_script_tag(content=(Path(settings.BASE_DIR) / "static/js/portal.js").read_text())
    for text in TEXTS:
        assert page.evaluate("t => window.portalSmsDescribe(t)", text) == sms.describe(text), text
