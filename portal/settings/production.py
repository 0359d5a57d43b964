"""Production settings: every secret and service comes from the environment, and nothing falls back silently.

Without DATABASE_URL the portal would run on a SQLite file; without REDIS_URL on per-process memory (rate limits
counted per worker, websockets not shared between processes). Both, the secret and the encryption keys are
required: the process refuses to start instead.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, SECRET_KEY

REQUIRED = {
    "SECRET_KEY": SECRET_KEY,
    "FIELD_ENCRYPTION_KEYS": FIELD_ENCRYPTION_KEYS,
    "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    "REDIS_URL": os.environ.get("REDIS_URL", ""),
}
missing = [name for name, value in REQUIRED.items() if not value]
if missing:
    raise ImproperlyConfigured(f"Production settings need {', '.join(missing)} in the environment.")

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
