"""Full addresses from URL names, on the portal's public host (settings.PORTAL_BASE_URL).

Letters, e-mails, SMS, PDFs and QR codes carry full addresses: `absolute()` is the one place that joins the host and a
path, and the path always comes from reverse() (docs/architecture.md § 6, stable addresses). It lives apart from the
URLconf so that modules the URLconf imports can use it; portal.urls re-exports it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def absolute(name, *args, query=""):
    """`absolute("casework:case_detail", 12)` → "https://…/partenaires/dossiers/12/"; `query` is appended after "?"."""
    address = settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)
    return f"{address}?{query}" if query else address


def with_next(path, going):
    """`path` carrying where the person was going (`?next=`, read back by allauth's get_next_redirect_url), or `path`
    alone when `going` is empty."""
    return f"{path}?{urlencode({'next': going})}" if going else path
