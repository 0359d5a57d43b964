"""Development settings: the embedded default (SQLite, in-memory layer, console e-mail)."""

import os
import secrets

from cryptography.fernet import Fernet

from .base import *  # noqa: F403
from .base import env_list, persistent_secret

DEBUG = True
SECRET_KEY = SECRET_KEY or persistent_secret("secret_key", lambda: secrets.token_urlsafe(50))  # noqa: F405
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [  # noqa: F405
    persistent_secret("field_encryption_key", lambda: Fernet.generate_key().decode())
]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")  # noqa: F405
# SMS kept encrypted in the outbox and printed; `manage.py demo_sms PHONE` shows the last one sent to a number.
APPOINTMENTS_SMS_BACKEND = os.environ.get("APPOINTMENTS_SMS_BACKEND", "portal.sms.OutboxBackend")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
