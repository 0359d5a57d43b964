"""The client's address behind a proxy (portal/net.py): proxies are trusted by count or header, never a visitor's
own header; limiters count each client separately; cache keys hold a hash, never an address."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from portal.models import AuditEvent
from portal.net import client_ip
from tests.portal.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def request_from(peer, forwarded=None, **headers):
    meta = {"REMOTE_ADDR": peer, **headers}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy configured: the header is anybody's
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the visitor's own header stays on the left
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),  # fewer hops than proxies: the header was not written by them
        (1, "pas-une-adresse", PROXY),
        (1, None, PROXY),
    ],
)
def test_client_ip_with_a_trusted_proxy_count(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request_from(PROXY, forwarded)) == expected


@pytest.mark.parametrize("header", ["X-Real-IP", "HTTP_X_REAL_IP"])
def test_client_ip_from_a_header_the_proxy_overwrites(settings, header):
    settings.CLIENT_IP_HEADER = header
    assert client_ip(request_from(PROXY, "6.6.6.6", HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from(PROXY, HTTP_X_REAL_IP="n'importe quoi")) == PROXY


def failed_login(client, email, forwarded):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "faux"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_two_clients_behind_the_proxy_are_limited_separately(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for n in range(3):
        failed_login(client, f"scan{n}@test.example", "6.6.6.6, 198.51.100.1")
    assert "Trop de tentatives" in failed_login(client, "scan9@test.example", "198.51.100.1").content.decode()
    # Another visitor behind the same proxy still signs in; a spoofed left-hand header changes nothing.
    assert "Trop de tentatives" in failed_login(client, "x@test.example", "198.51.100.2, 198.51.100.1").content.decode()
    user = UserFactory()
    MembershipFactory(user=user)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "mot-de-passe-de-test-2026"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=user, ip_address="198.51.100.2").exists()


def stored_cache_keys():
    """Every key the cache backend holds: local memory (SQLite runs) or Redis (with services)."""
    store = cache._cache
    if hasattr(store, "get_client"):
        return [key.decode() for key in store.get_client().keys("*")]
    return list(store.keys())


def test_cache_keys_hold_no_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    failed_login(client, "quelquun@test.example", "198.51.100.77")
    client.post(reverse("portal:invitation_redeem"), {"code": "ABCDEFGHJKMN"}, HTTP_X_FORWARDED_FOR="198.51.100.77")
    keys = stored_cache_keys()
    assert keys
    assert not [key for key in keys if "198.51.100.77" in key]
