"""The call-back form: validation keeps what was typed, spam guards, encryption, the association's list, purge."""

import datetime
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from casework.call_backs import purge_contact_requests
from casework.enums import ContactRequestStatus
from casework.models import CONTACT_REQUEST_RETENTION_MONTHS, ContactRequest
from portal.calendar import add_months_to_instant
from portal.enums import OrganisationKind, Role
from tests.home.factories import ContactRequestFactory, make_home, publish
from tests.portal.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/demande-de-rappel/"
VALID = {
    "name": "Samia",
    "channel": "phone",
    "phone": "06 12 34 56 78",
    "email": "",
    "preferred_times": "le soir après 18 h",
    "message": "Je suis en retard de deux loyers MARQUEUR-CONFIDENTIEL",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def association(db):
    return OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association du site", email="asso@test.example")


@pytest.fixture
def contact_url(association):
    from home.models import ContactPage

    home = make_home(association)
    return publish(home, ContactPage(title="Contact", slug="contact")).url


def test_contact_page_is_cached_and_needs_no_cookie(contact_url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    first = client.get(contact_url)
    assert first["X-Page-Cache"] == "miss" and not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert client.get(contact_url)["X-Page-Cache"] == "hit"
    # Posting works without any CSRF cookie or token.
    assert client.post(SUBMIT_URL, VALID).status_code == 302


def test_submit_without_contact_page_is_404(client):
    assert client.post(SUBMIT_URL, VALID).status_code == 404


def test_valid_request_is_stored_encrypted_and_confirmed(client, contact_url, association):
    response = client.post(SUBMIT_URL, VALID)
    assert response.status_code == 302 and response["Location"].endswith("/contact/merci/")
    contact_request = ContactRequest.objects.get()
    assert contact_request.association == association
    assert contact_request.contact == "06 12 34 56 78"
    assert contact_request.status == ContactRequestStatus.NEW
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact, preferred_times, message FROM home_contactrequest")
        stored = " ".join(cursor.fetchone())
    assert "MARQUEUR-CONFIDENTIEL" not in stored and "Samia" not in stored
    thanks = client.get(response["Location"]).content.decode()
    assert "L'association vous rappellera dans les deux jours ouvrés" in thanks
    # The association is alerted without any name or content.
    assert len(mail.outbox) == 1
    assert "Samia" not in mail.outbox[0].body and "MARQUEUR" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Indiquez votre nom ou votre prénom"),
        ({"phone": ""}, "phone", "Indiquez votre numéro de téléphone"),
        ({"phone": "12"}, "phone", "Ce numéro ne semble pas complet"),
        ({"channel": "email", "email": ""}, "email", "Indiquez votre adresse e-mail"),
        ({"channel": "email", "email": "pas-une-adresse"}, "email", "Cette adresse e-mail n'est pas valide"),
        ({"consent": ""}, "consent", "Cochez cette case"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_nothing_is_lost(client, contact_url, change, field, message):
    data = {**VALID, **change}
    response = client.post(SUBMIT_URL, data)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "le soir après 18 h" in html and "MARQUEUR-CONFIDENTIEL" in html
    assert not ContactRequest.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(client, contact_url):
    response = client.post(SUBMIT_URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactRequest.objects.exists()


def test_rate_limit_keeps_what_was_typed(client, contact_url):
    for _ in range(3):
        assert client.post(SUBMIT_URL, VALID).status_code == 302
    response = client.post(SUBMIT_URL, VALID)
    assert response.status_code == 200
    html = response.content.decode()
    assert "plusieurs demandes en peu de temps" in html and "MARQUEUR-CONFIDENTIEL" in html
    assert ContactRequest.objects.count() == 3


def test_association_members_see_their_requests(verified_client, association):
    worker = MembershipFactory(organisation=association, role=Role.WORKER).user
    mine = ContactRequestFactory(association=association, message="Rappelez-moi")
    other = ContactRequestFactory(association=OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Autre"))
    client = verified_client(worker)
    html = client.get("/partenaires/demandes-de-contact/").content.decode()
    assert f"demande-{mine.pk}" in html and "Rappelez-moi" in html
    assert f"demande-{other.pk}" not in html
    # Partner home panel.
    assert "1 nouvelle demande" in client.get("/partenaires/").content.decode()
    # Marking as handled; another association's request is out of scope.
    assert client.post(f"/partenaires/demandes-de-contact/{mine.pk}/traitee/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == ContactRequestStatus.HANDLED and mine.handled_by == worker
    assert client.post(f"/partenaires/demandes-de-contact/{other.pk}/traitee/").status_code == 404


@pytest.mark.parametrize("fixture", ["landlord_referent", "household_user"])
def test_others_get_404(request, verified_client, association, fixture):
    user = request.getfixturevalue(fixture)
    ContactRequestFactory(association=association)
    assert verified_client(user).get("/partenaires/demandes-de-contact/").status_code == 404


def test_editors_get_404(verified_client, association):
    from django.contrib.auth.models import Group

    from tests.portal.factories import UserFactory

    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    assert verified_client(editor).get("/partenaires/demandes-de-contact/").status_code == 404


@pytest.mark.parametrize(
    "sent_at,age,purged",
    [
        (datetime.datetime(2025, 3, 10, 9, 30), datetime.timedelta(0), False),
        (datetime.datetime(2025, 3, 10, 9, 30), datetime.timedelta(microseconds=1), True),
        # 12 months after 10/03/2027 is 10/03/2028: 365 days after it fell on 09/03/2028 (29/02/2028 between).
        (datetime.datetime(2027, 3, 10, 9, 30), datetime.timedelta(days=-1, microseconds=1), False),
    ],
    ids=["exactly-12-months-old", "a-microsecond-older", "365-days-across-a-29-february"],
)
def test_a_request_exactly_12_months_old_is_kept_and_goes_the_next_instant(association, sent_at, age, purged):
    sent_at = timezone.make_aware(sent_at)
    with time_machine.travel(sent_at, tick=False):
        request = ContactRequestFactory(association=association)
    with time_machine.travel(add_months_to_instant(sent_at, CONTACT_REQUEST_RETENTION_MONTHS) + age, tick=False):
        assert purge_contact_requests() == (1 if purged else 0)
    assert ContactRequest.objects.filter(pk=request.pk).exists() is not purged


def test_purge_deletes_requests_without_case_after_12_months(association):
    old = ContactRequestFactory(association=association)
    handled_old = ContactRequestFactory(association=association, status=ContactRequestStatus.HANDLED)
    recent = ContactRequestFactory(association=association)
    ContactRequest.objects.filter(pk__in=[old.pk, handled_old.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert purge_contact_requests() == 2
    assert list(ContactRequest.objects.all()) == [recent]
    call_command("purge_contact_requests")  # idempotent
    assert ContactRequest.objects.count() == 1
