"""Wagtail's live preview works under the portal's CSP: the editor sees the page's title inside the preview
panel's iframe (the preview is served with frame-ancestors 'self', the public page with 'none')."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from home import demo
from home.models import HomePage
from portal import demo as portal_demo
from tests.conftest import verify_client
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_sees_the_page_in_the_preview_panel(page, live_server, context):
    portal_demo.load()
    demo.load()  # a transactional test starts without Wagtail's root page: the demo site builds the tree
    home = HomePage.objects.get()
    editor = UserFactory(is_superuser=True, is_staff=True)
    client = verify_client(Client(), editor)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("body")).to_contain_text(home.title, timeout=20_000)
