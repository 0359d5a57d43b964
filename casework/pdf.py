"""PDFs from templates with WeasyPrint; the URL fetcher reads only the portal's own static files.

The PDF responses of the letter, the carnet de route and the review minutes, shared by every party's views.
"""

import logging

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from portal import audit
from portal.links import absolute

PDF_BASE_URL = "https://portail.invalid/"
# WeasyPrint reports every rendering step at INFO: keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """No network, no file:// — only files under STATIC_URL, found by the staticfiles finders."""

        def fetch(self, url, headers=None):
            prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
            if not url.startswith(prefix):
                raise ValueError(f"resource refused outside the portal's static files: {url[:80]}")
            relative = url[len(prefix) :].split("?")[0]
            if ".." in relative.split("/"):
                raise ValueError("path traversal refused")
            path = finders.find(relative)
            if not path:
                raise ValueError(f"static file not found: {relative}")
            with open(path, "rb") as handle:
                data = handle.read()
            content_type = "text/css" if relative.endswith(".css") else "application/octet-stream"
            if relative.endswith(".svg"):
                content_type = "image/svg+xml"
            return URLFetcherResponse(url, data, {"Content-Type": content_type})

    return StaticFilesFetcher


def render_pdf(template, context):
    from weasyprint import HTML  # imported late: it is slow to import and chatty at INFO

    html = render_to_string(template, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher_class()()).write_pdf()


def pdf_response(template, context, filename):
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def qr_svg(data):
    """An inline SVG QR code (no XML declaration: it sits inside the HTML)."""
    return segno.make(data, error="m").svg_inline(scale=4, border=2)


def invitation_url(invitation):
    return absolute("portal:invitation_redeem_code", invitation.code)


def letter_response(request, case):
    invitation = case.invitation
    if invitation is None or not invitation.is_usable:
        raise Http404
    audit.record(request, "case.letter_printed", case, subject=case)
    url = invitation_url(invitation)
    return pdf_response(
        "casework/pdf/letter.html",
        {
            "case": case,
            "programme": case.programme,
            "association": case.programme.association,
            "landlord": case.programme.landlord,
            "tenancy": case.referral.tenancy,
            "invitation": invitation,
            "invitation_url": url,
            "redeem_url": absolute("portal:invitation_redeem"),
            "qr": qr_svg(url),
            "today": timezone.localdate(),
        },
        f"courrier-{case.pk}.pdf",
    )


def roadmap_pdf_response(request, case, actions):
    audit.record(request, "roadmap.pdf", case, subject=case)
    return pdf_response(
        "casework/pdf/roadmap.html",
        {"case": case, "actions": actions, "association": case.programme.association, "today": timezone.localdate()},
        f"carnet-de-route-{case.pk}.pdf",
    )


def review_pdf_response(request, review, *, for_household=False):
    """The minutes as PDF, for every reader; the household's copy adds its comments and the association's answers."""
    audit.record(request, "review.pdf", review, subject=review.case)
    return pdf_response(
        "casework/pdf/review.html",
        {
            "review": review,
            "case": review.case,
            "participants": list(review.participants.all()),
            "association": review.case.programme.association,
            "for_household": for_household,
            "comments": list(review.comments.filter(author=request.user)) if for_household else [],
        },
        f"bilan-{review.pk}.pdf",
    )
