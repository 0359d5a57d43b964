"""PDF documents of this app (evaluation report, household data export): self-contained HTML, no fetching."""

import logging

from django.template.loader import render_to_string

# WeasyPrint logs each rendering step at INFO: not worth a line per PDF in the portal's logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _refuse(url, *args, **kwargs):
    """Our PDF templates carry their style and charts inline: any outside resource is refused."""
    raise ValueError(f"resource refused in a PDF: {url[:80]}")


def render_pdf(template, context):
    from weasyprint import HTML  # imported on first use: it is slow to load and most requests never need it

    html = render_to_string(template, context)
    return HTML(string=html, base_url="https://portail.invalid/", url_fetcher=_refuse).write_pdf()
