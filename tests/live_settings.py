"""Settings of a daphne process started by a test (tests/live.py): the test process's database, keys and storage.

Everything that must match the test process comes from the environment the fixture sets.
"""

import os

from portal.settings.test import *  # noqa: F403
from portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["LIVE_DATABASE_NAME"]
DATABASES["default"].pop("TEST", None)
FIELD_ENCRYPTION_KEYS = os.environ["FIELD_ENCRYPTION_KEYS"].split(",")
PRIVATE_STORAGE_ROOT = os.environ["PRIVATE_STORAGE_ROOT"]
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", PRIVATE_STORAGE_ROOT + "-media")
for name, value in os.environ.items():
    # Volume tests may raise the message limits (LIVE_MESSAGE_BURST_LIMIT=1000…), others lower the websocket
    # bounds (LIVE_WEBSOCKET_MAX_STALL_SECONDS=2…).
    if name.startswith(("LIVE_MESSAGE_", "LIVE_WEBSOCKET_")):
        globals()[name.removeprefix("LIVE_")] = int(value)
# Static files straight from the app directories (no collectstatic in tests), as pytest-django's live_server does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if os.environ.get("LIVE_TASKS_DATABASE"):
    # As in production: tasks (e-mail notifications) are queued in the database for a worker.
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("LIVE_TIMING_LOG"):
    # Where each acknowledgement's and each watch round's time goes (messaging.timing, read by bench/faults.py).
    LOGGING["loggers"]["messaging.timing"] = {"level": "DEBUG"}  # noqa: F405
if os.environ.get("LIVE_SMS_BACKEND"):
    # The SMS bridge's browser test sends through Twilio's backend to a fake provider on 127.0.0.1.
    APPOINTMENTS_SMS_BACKEND = os.environ["LIVE_SMS_BACKEND"]
