"""Wagtail's live preview is a dummy request on the page's public path, shown in the admin's iframe: it and the
admin may be framed by the portal itself ('self', replaced rather than merged), public pages by nobody."""

import pytest

from tests.home.factories import make_home


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(d for d in policy.split(";") if d.strip().startswith("frame-ancestors")).split()[1:]


@pytest.mark.django_db
def test_public_pages_refuse_every_frame_and_the_admin_allows_itself(client):
    assert frame_ancestors(client.get("/sante/")) == ["'none'"]
    assert frame_ancestors(client.get("/admin/login/")) == ["'self'"]


@pytest.mark.django_db
def test_a_preview_may_be_framed_by_the_portal():
    home = make_home()
    response = home.make_preview_request()
    assert response.status_code == 200
    assert frame_ancestors(response) == ["'self'"]
