"""Cross-cutting middleware: a CSP loosened only for the Wagtail admin, session lifetimes.

The second factor's middleware lives with its rule, in portal/second_factor.py."""

import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from portal.sessions import LAST_SEEN_KEY, SESSION_STARTED_KEY, lifetime_exceeded


class PortalCSPMiddleware(CSPMiddleware):
    """Strict CSP everywhere; the Wagtail admin alone gets 'unsafe-inline' (it needs inline code).

    The admin and Wagtail's previews may be framed by the portal itself: a preview is a dummy request on the page's
    public path (`request.is_dummy`), shown in the admin's preview panel. Their `frame-ancestors` is *replaced* by
    'self' (an update would merge it into the contradictory `'none' 'self'`).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        is_admin = request.path.startswith(settings.CSP_LOOSE_PATH_PREFIXES)
        if is_admin:
            update = dict(parts.update or {})
            update["script-src"] = ["'unsafe-inline'", "'unsafe-eval'"]
            update["style-src"] = ["'unsafe-inline'"]
            parts.update = update
        if is_admin or getattr(request, "is_dummy", False):
            replace = dict(parts.replace or {})
            replace["frame-ancestors"] = ["'self'"]
            parts.replace = replace
        return parts


class SessionLifetimeMiddleware:
    """Every session ends 12 hours after sign-in; a staff session after 30 minutes without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            request.session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if lifetime_exceeded(user, request.session, now):
                logout(request)  # portal.accounts ends the session everywhere (its sockets too)
                messages.info(
                    request,
                    "Votre session a expiré. Reconnectez-vous : vos brouillons ont été conservés.",
                )
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
            # Writing the timestamp at most once a minute keeps sessions from being saved on every request.
            if now - last_seen >= 60 or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
