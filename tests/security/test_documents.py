"""Documents that cannot carry script: Wagtail's allowed extensions, PDFs alone inline, development's /media/
serving only images (nosniff, sandboxed)."""

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory, override_settings

from portal.views import media_image


def test_only_office_documents_and_images_are_accepted():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == {"pdf", "odt", "ods", "docx", "xlsx", "png", "jpg"}
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]


@pytest.mark.parametrize("path", ["documents/x.js", "documents/x.html", "private/a.pdf", "images/../documents/x.js"])
def test_dev_media_serves_nothing_but_images(tmp_path, path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "x.js").write_text("alert(1)")
    with override_settings(MEDIA_ROOT=tmp_path), pytest.raises(Http404):
        media_image(RequestFactory().get("/media/" + path), path)


def test_dev_media_image_is_never_sniffed_and_sandboxed(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    with override_settings(MEDIA_ROOT=tmp_path):
        response = media_image(RequestFactory().get("/media/images/a.png"), "images/a.png")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    response.close()  # a FileResponse keeps its file open until closed
