"""French only (docs/architecture.md): whatever the browser asks for, pages and Django's own messages are French."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_no_locale_middleware_and_no_catalogue_of_our_own():
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert not getattr(settings, "LOCALE_PATHS", [])
    assert settings.USE_I18N and settings.LANGUAGE_CODE == "fr"


def test_an_english_browser_gets_french_pages_and_french_form_errors(client):
    response = client.post("/comptes/login/", {"login": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert 'placeholder="Adresse e-mail ou 06 12 34 56 78"' in html and "Email or phone" not in html
    assert 'for="id_password">Mot de passe</label>' in html and ">Password<" not in html
    assert "Champ requis." in html
    assert "Content-Language" not in response.headers or response.headers["Content-Language"] == "fr"
