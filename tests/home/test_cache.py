"""The anonymous page cache: hits, invalidation on publish/unpublish/move, never for signed-in users or previews."""

import pytest
from django.conf import settings

from home.models import GuidePage
from tests.home.factories import site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    return site_tree()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_view_is_a_hit_without_cookie(client, pages):
    url = pages["guide"].url
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies  # no CSRF or session cookie: the page is cacheable
    assert get(client, url)["X-Page-Cache"] == "hit"


def test_publish_invalidates(client, pages):
    guide = pages["guide"]
    get(client, guide.url)
    guide.title = "Titre mis à jour"
    guide.save_revision().publish()
    response = get(client, guide.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Titre mis à jour" in response.content.decode()


def test_publish_of_a_child_refreshes_its_index(client, pages):
    index_url = pages["guide_index"].url
    get(client, index_url)
    from tests.home.factories import guide

    guide(pages["guide_index"], slug="nouveau", title="Nouveau guide")
    assert "Nouveau guide" in get(client, index_url).content.decode()


def test_unpublish_invalidates(client, pages):
    guide = pages["guide"]
    get(client, guide.url)
    guide.unpublish()
    assert client.get(guide.url).status_code == 404


def test_move_invalidates(client, pages):
    guide = pages["guide"]
    old_url = guide.url
    get(client, old_url)
    get(client, pages["aid_index"].url)
    other_index = pages["guide_index"].add_sibling(
        instance=type(pages["guide_index"])(title="Autres guides", slug="autres")
    )
    other_index.save_revision().publish()
    get(client, old_url)
    guide.move(other_index, pos="last-child")
    new_url = GuidePage.objects.get(pk=guide.pk).url
    # The cached old address is gone: Wagtail now answers it with a redirect to the new one.
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == new_url
    assert get(client, new_url)["X-Page-Cache"] == "miss"


def test_signed_in_users_are_never_served_from_cache(client, pages, household_user):
    url = pages["guide"].url
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    client.force_login(household_user)
    response = get(client, url)
    assert "X-Page-Cache" not in response
    assert "Se déconnecter" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME in client.cookies


def test_a_signed_in_view_is_not_stored(client, pages, household_user):
    url = pages["guide"].url
    client.force_login(household_user)
    get(client, url)
    client.logout()
    client.cookies.clear()
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_preview_is_never_cached(client, pages, verified_client):
    from portal.models import User

    admin = User.objects.create_superuser(email="admin@test.example", password="x" * 12)
    staff = verified_client(admin)
    guide = pages["guide"]
    response = staff.get(f"/admin/pages/{guide.pk}/edit/preview/")
    assert "X-Page-Cache" not in response


def test_contact_confirmation_is_cached_too(client, pages):
    url = pages["contact"].url + "merci/"
    assert get(client, url)["X-Page-Cache"] == "miss"
    assert get(client, url)["X-Page-Cache"] == "hit"


def test_site_settings_change_invalidates(client, pages):
    from home.models import SiteSettings

    url = pages["home"].url
    get(client, url)
    site_settings = SiteSettings.objects.get()
    site_settings.helpline_number = "0 800 000 001"
    site_settings.save()
    assert "0 800 000 001" in get(client, url).content.decode()


def test_clear_page_cache_command_after_a_deployment(client, pages):
    from django.core.management import call_command

    url = pages["guide"].url
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    call_command("clear_page_cache")
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_a_cache_error_serves_the_page_uncached(client, pages, settings):
    url = pages["guide"].url
    settings.CACHES = {
        "default": {"BACKEND": "portal.resilience.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"  # served, and not from the cache
