"""'Was this page useful?': anonymous, CSRF-exempt, honeypot and rate limit, shown to editors per page."""

import pytest
from django.test import Client

from home.models import PageFeedback
from home.wagtail_hooks import FeedbackSummaryPanel
from tests.home.factories import site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return site_tree()["guide"]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_cached_page_shows_a_form_without_csrf_token(client, page):
    html = client.get(page.url).content.decode()
    assert 'action="/avis/"' in html and "csrfmiddlewaretoken" not in html


def test_answer_without_javascript(csrf_client, page):
    response = csrf_client.post("/avis/", {"page": page.pk, "useful": "non", "comment": "Trop long", "website": ""})
    assert response.status_code == 200
    assert "Merci pour votre avis" in response.content.decode()
    feedback = PageFeedback.objects.get()
    assert feedback.page_id == page.pk and feedback.useful is False and feedback.comment == "Trop long"
    assert not response.cookies


def test_answer_with_javascript(csrf_client, page):
    response = csrf_client.post("/avis/", {"page": page.pk, "useful": "oui"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "message": "Merci pour votre avis."}
    assert PageFeedback.objects.get().useful is True


def test_missing_answer_keeps_the_comment(csrf_client, page):
    response = csrf_client.post("/avis/", {"page": page.pk, "comment": "Mon commentaire"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Répondez oui ou non" in html and "Mon commentaire" in html
    assert not PageFeedback.objects.exists()


def test_unknown_or_unpublished_page(csrf_client, page):
    assert csrf_client.post("/avis/", {"page": 999999, "useful": "oui"}).status_code == 404
    page.unpublish()
    assert csrf_client.post("/avis/", {"page": page.pk, "useful": "oui"}).status_code == 404


def test_honeypot_stores_nothing(csrf_client, page):
    response = csrf_client.post("/avis/", {"page": page.pk, "useful": "oui", "website": "spam"})
    assert response.status_code == 200 and not PageFeedback.objects.exists()


def test_rate_limit(csrf_client, page):
    for _ in range(20):
        csrf_client.post("/avis/", {"page": page.pk, "useful": "oui"}, HTTP_ACCEPT="application/json")
    response = csrf_client.post("/avis/", {"page": page.pk, "useful": "oui"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert PageFeedback.objects.count() == 20


def test_get_is_refused(client):
    assert client.get("/avis/").status_code == 405


def test_editors_see_feedback_per_page(page):
    PageFeedback.objects.create(page=page, useful=True)
    PageFeedback.objects.create(page=page, useful=False, comment="Pas clair")
    rows = list(FeedbackSummaryPanel().get_context_data({})["rows"])
    assert rows == [{"page_id": page.pk, "page__title": page.title, "yes": 1, "no": 1}]
