"""Settings of bench/reach.py, for the bench and its `manage.py db_worker`: the test settings, with the database
task backend (not the immediate one), Twilio's backend pointed at the bench's fake provider on 127.0.0.1, and the
bench's throw-away database (BENCH_DB_NAME) once it exists."""

import os

from portal.settings.test import *  # noqa: F403
from portal.settings.test import DATABASES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
APPOINTMENTS_SMS_BACKEND = "portal.sms_twilio.TwilioBackend"
TWILIO_ACCOUNT_SID = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
TWILIO_AUTH_TOKEN = "jeton-du-banc"  # noqa: S105 - the fake provider's, nothing real
TWILIO_FROM = "+14155552345"
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "http://127.0.0.1:9")
FIELD_ENCRYPTION_KEYS = [os.environ.get("BENCH_FIELD_KEY", "x" * 43 + "=")]
if os.environ.get("BENCH_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BENCH_DB_NAME"]
    DATABASES["default"]["TEST"] = {"NAME": os.environ["BENCH_DB_NAME"]}
