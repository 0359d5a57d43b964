"""WSGI entry point, for serving HTTP from WSGI workers (see docs/deployment.md)."""

import os

from django.core.wsgi import get_wsgi_application

# Served by a process manager: production unless told otherwise (make run passes the development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()
