"""Cross-cutting guarantees: encryption and key rotation, deny by default, health, sessions, drafts, deployment checks."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains

from portal import drafts
from portal.crypto import EncryptedFileStorage, encrypted_fields
from portal.middleware import LAST_SEEN_KEY, SESSION_STARTED_KEY
from portal.models import Draft, Invitation, Membership
from tests.portal.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_encrypted_field_never_stores_plaintext():
    user = UserFactory()
    drafts.save(user, "note", "MARQUEUR-SECRET-42")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM portal_draft")
        (raw,) = cursor.fetchone()
    assert "MARQUEUR-SECRET-42" not in raw
    assert drafts.load(user, "note") == "MARQUEUR-SECRET-42"


def test_registry_lists_every_encrypted_field():
    labels = {f"{model._meta.label}.{field.name}" for model, field in encrypted_fields()}
    assert {"portal.Draft.body", "portal.Invitation.code"} <= labels


@pytest.mark.django_db
def test_key_rotation_add_rotate_remove(settings, tmp_path):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    user = UserFactory()
    drafts.save(user, "note", "texte confidentiel")
    storage = EncryptedFileStorage("rotation-test")
    name = storage.save("piece.pdf", ContentFile(b"%PDF-1.4 contenu"))
    assert b"contenu" not in Path(storage.path(name)).read_bytes()

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    storage.rotate(name)  # files of registered fields are rotated by the command; this one is ad hoc

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything still decrypts
    assert Draft.objects.get(user=user).body == "texte confidentiel"
    assert storage.open(name).read() == b"%PDF-1.4 contenu"
    assert Invitation.objects.count() == 0 or all(i.code for i in Invitation.objects.all())


@pytest.mark.django_db
def test_encrypted_storage_has_no_public_url():
    storage = EncryptedFileStorage("x")
    with pytest.raises(ValueError):
        storage.url("a.pdf")


@pytest.mark.django_db
def test_deny_by_default(client):
    for path in ["/partenaires/", "/espace/", "/comptes/preferences/", "/apres-connexion/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("account_login")), path


@pytest.mark.django_db
def test_household_cannot_enter_partner_area_and_staff_cannot_enter_household_space(
    client, household_user, verified_client, worker
):
    client.force_login(household_user)
    assert client.get("/partenaires/").status_code == 404
    client.logout()
    staff = verified_client(worker)
    assert staff.get("/espace/").status_code == 404


@pytest.mark.django_db
def test_health_up(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "channel_layer": "ok"}


@pytest.mark.django_db
def test_health_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "portal.resilience.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["cache"] == "indisponible" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_health_down_when_channel_layer_unreachable(client, settings):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": settings.CHANNEL_LAYER_BACKEND, "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/sante/")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "indisponible"


@pytest.mark.django_db
def test_health_down_when_database_unreachable(client, monkeypatch):
    from portal import views

    class BrokenConnection:
        def cursor(self):
            raise views.connection.OperationalError if hasattr(views.connection, "OperationalError") else RuntimeError

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == "indisponible"


@pytest.mark.django_db
def test_staff_session_expires_after_30_idle_minutes(verified_client, worker):
    client = verified_client(worker)
    assert client.get("/partenaires/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/partenaires/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_household_session_survives_idle_but_not_twelve_hours(client, household_user):
    client.force_login(household_user)
    client.get("/espace/")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 3 * 3600
    session.save()
    assert client.get("/espace/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 13 * 3600
    session.save()
    assert client.get("/espace/").status_code == 302


@pytest.mark.django_db
def test_draft_autosave_endpoint_keeps_text_encrypted(verified_client, worker):
    client = verified_client(worker)
    response = client.post(reverse("portal:save_draft", args=["note-dossier-1"]), {"body": "Brouillon en cours"})
    assert response.status_code == 200
    assert drafts.load(worker, "note-dossier-1") == "Brouillon en cours"
    # Never in the session either.
    assert "Brouillon en cours" not in str(dict(client.session))


@pytest.mark.django_db
def test_deactivating_user_ends_sessions(verified_client, worker):
    from allauth.usersessions.models import UserSession

    client = verified_client(worker)
    client.get("/partenaires/")
    assert UserSession.objects.filter(user=worker).exists()
    worker.is_active = False
    worker.save()
    assert not UserSession.objects.filter(user=worker).exists()
    assert client.get("/partenaires/").status_code == 302


@pytest.mark.django_db
def test_preferences_form_keeps_input_on_error(client, household_user):
    client.force_login(household_user)
    response = client.post(
        reverse("portal:account_settings"),
        {"first_name": "Samira", "phone": "06 00", "message_notifications": "jamais-valide"},
    )
    assertContains(response, "Samira")
    assertContains(response, "Sélectionnez un choix valide")


@pytest.mark.django_db
def test_security_headers_on_public_and_partner_pages(client, verified_client, worker):
    response = client.get("/comptes/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    staff = verified_client(worker)
    assert "unsafe-inline" not in staff.get("/partenaires/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_alone_gets_a_looser_policy(verified_client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = verified_client(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_demo_otp_prints_a_code(settings):
    call_command("load_demo")
    counts = (Membership.objects.count(),)
    call_command("load_demo")
    assert (Membership.objects.count(),) == counts
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_otp", "travailleur@demo.example", stdout=out)
    assert len(out.getvalue().strip()) == 6 and out.getvalue().strip().isdigit()


@pytest.mark.django_db
def test_demo_otp_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_otp", "travailleur@demo.example")


def test_check_deploy_reports_no_warning():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60 + "-Az9!kq",
        "ALLOWED_HOSTS": "portail.example.org",
        "DATABASE_URL": "sqlite:////tmp/portal-check-deploy.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.redis
@pytest.mark.django_db
def test_health_with_the_real_redis_layer_and_cache(client, settings):
    from channels.layers import channel_layers
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": settings.CHANNEL_LAYER_BACKEND, "CONFIG": {"hosts": [os.environ["REDIS_URL"]]}}
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/sante/")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 200
    assert response.json()["channel_layer"] == "ok"
    # With REDIS_URL set, the cache behind allauth's rate limits is Redis: shared by every app process.
    assert isinstance(caches["default"], RedisCache)


@pytest.mark.postgres
@pytest.mark.django_db
def test_encrypted_text_is_opaque_in_postgres():
    user = UserFactory()
    drafts.save(user, "k", "MARQUEUR-PG-77")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_draft WHERE body LIKE %s", ["%MARQUEUR-PG-77%"])
        assert cursor.fetchone()[0] == 0
