"""Every form of every page, sent empty and sent with hostile values, for the roles that fill forms: never a 500
(docs/rules.md § 11). The pages and their objects are the authorisation matrix's (tests/test_authorization_matrix.py);
each form is read from the page as a browser would (its action, its fields' names), so a form added later is
covered without a line here. An empty « Recevoir un code » answered 500 (allauth's view read a user the form had
never looked up)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.test_authorization_matrix import clients, every_url, matrix_world

# Who fills forms: a visitor, a household, the association's two roles, the landlord, a partner service, a funder,
# the platform's administrator (programmes and their first members).
ROLES = [
    "anonymous",
    "household_confirmed",
    "worker",
    "coordinator",
    "landlord_referent",
    "partner_contact",
    "funder",
    "administrator",
]
# Forms that end what the walk needs (the session, the account) or belong to Wagtail's own admin.
SKIPPED_ACTIONS = ("logout", "deconnexion", "supprimer", "suppression", "/admin/", "/django-admin/")
HOSTILE_VALUES = [
    "9" * 30,  # past every integer column
    "-1",
    "2026-02-30",  # a day that does not exist
    "<script>alert(1)</script>' OR 1=1 --",
    "x" * 20_000,
]


class Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their fields (with a choice's first value)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            if attrs.get("type") not in ("file", "submit", "button"):
                self.current["fields"].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def post_forms_of(response, url):
    parser = Forms()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    for form in parser.forms:
        action = urljoin(url, form["action"]) if form["action"] else url
        if urlsplit(action).netloc not in ("", "testserver") or any(skip in action for skip in SKIPPED_ACTIONS):
            continue
        yield urlsplit(action)._replace(scheme="", netloc="").geturl(), form["fields"]


def payloads(fields):
    yield {}
    for value in HOSTILE_VALUES:
        yield {name: value for name in fields if name != "csrfmiddlewaretoken"}


@pytest.mark.django_db
def test_every_form_sent_empty_or_hostile_answers_without_a_server_error(settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    world, rules = matrix_world()
    by_role = clients(world)
    failures, posted, seen = [], 0, set()
    for role in ROLES:
        client = by_role[role]
        for url, name, _rule in every_url(world, rules):
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            for action, fields in post_forms_of(response, url):
                key = (role, action, tuple(sorted(fields)))
                if key in seen:
                    continue
                seen.add(key)
                for data in payloads(fields):
                    posted += 1
                    try:
                        answer = client.post(action, data)
                    except Exception as error:  # noqa: BLE001 — the test client raises what the view raised
                        failures.append(f"{action} [{role}] ({name}) {sorted(data)[:4]}… : {error!r}")
                        break
                    if answer.status_code >= 500:
                        failures.append(f"{action} [{role}] ({name}) : {answer.status_code}")
                        break
    assert posted > 200
    assert not failures, f"{len(failures)} formulaire(s) en erreur sur {posted} envois :\n" + "\n".join(failures)
