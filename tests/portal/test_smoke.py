"""First pages answer."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_login_page_in_french(client):
    response = client.get("/comptes/login/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
