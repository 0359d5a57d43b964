"""A field in error points to its message: every aria-describedby names an element of the page, once."""

from html.parser import HTMLParser

import pytest

from tests.home.test_contact import (
    SUBMIT_URL,
    VALID,
    contact_url,  # noqa: F401 — the fixture
)

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.described_by = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by.append((attrs.get("name") or tag, attrs["aria-describedby"].split()))


def broken_descriptions(html):
    parser = _Ids()
    parser.feed(html)
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    missing = [(name, ref) for name, refs in parser.described_by for ref in refs if ref not in parser.ids]
    return missing, duplicates


def test_login_errors_are_described_by_their_messages(client):
    response = client.post("/comptes/login/", {"login": "", "password": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert broken_descriptions(html) == ([], set())


def test_contact_form_errors_are_described_by_their_messages(client, contact_url):  # noqa: F811
    response = client.post(SUBMIT_URL, {**VALID, "phone": "12", "name": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert broken_descriptions(html) == ([], set())
