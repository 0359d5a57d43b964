"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def persistent_secret(filename, factory):
    """A development secret generated once and kept under var/ so restarts keep sessions and data."""
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(factory())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "portal",
    "home",
    "casework",
    "appointments",
    "casework.evaluation",
    "messaging",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "channels",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors without a session get public pages from the cache (home/cache.py).
    "home.cache.AnonymousPageCacheMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionLifetimeMiddleware",
    "portal.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Flash messages live in the session: the "messages" cookie would otherwise carry names in clear.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every atomic() takes the write lock at once: no "database is locked" on upgrade (docs/stack-notes.md, SQLite).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CHANNEL_LAYER_BACKEND = "portal.layers.PubSubChannelLayer"
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Publish/subscribe: one PUBLISH per event, pushed to each process (the list-based layer serialises
            # every receive through several Redis round trips: docs/messaging.md). It delivers at most once;
            # the database is the source of truth and messaging/watch.py hands sockets what it loses.
            "BACKEND": CHANNEL_LAYER_BACKEND,
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "portal"},
        }
    }
    CACHES = {
        "default": {
            # An error is a miss (portal/resilience.py): Redis holds copies and hints, never data.
            "BACKEND": "portal.resilience.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "KEY_FUNCTION": "portal.net.cache_key",
            # A hung Redis costs a quarter of a second, then the breaker skips it for a few seconds.
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_FUNCTION": "portal.net.cache_key"}
    }

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after_login"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: login by e-mail or by a verified mobile number (portal/accounts.py's phone methods, input read by
# portal/phones.py), no open sign-up (households come in through an invitation, portal/invitations.py).
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Signup is closed (adapter.is_open_for_signup); e-mail stays the required signup field so that allauth's
# account.W001 (no login method required at signup) does not fire. Accounts are made by portal/invitations.py.
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]  # "phone": allauth mounts its phone pages
# « Recevoir un code »: a one-time code by SMS or e-mail, households only (portal.accounts.RequestLoginCodeForm).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Not "mandatory": phone-only household accounts (issue 17) would be locked out.
ACCOUNT_EMAIL_VERIFICATION = "none"
# A new address replaces the old one only once verified (the link is sent to the new address).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {
    "add_email": "portal.accounts.AddEmailForm",
    "login": "portal.accounts.LoginForm",
    "request_login_code": "portal.accounts.RequestLoginCodeForm",
}
ACCOUNT_ADAPTER = "portal.accounts.PortalAccountAdapter"
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    # SMS cost money and can be used to harass a number: per number (key) and per client (ip, portal/net.py).
    "request_login_code": "10/h/ip,3/15m/key",
    "verify_phone": "1/30s/key,5/h/key,10/h/ip",
    "change_phone": "1/m/user,5/d/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Espace logement] "
USERSESSIONS_TRACK_ACTIVITY = True
# "Fermer mes autres sessions" ends them through portal.sessions.end_session (their sockets close too).
USERSESSIONS_ADAPTER = "portal.sessions.PortalUserSessionsAdapter"

# Sessions: every session ends after 12 hours, a staff session after 30 idle minutes.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_MAX_AGE_SECONDS = 12 * 3600
STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

OTP_TOTP_ISSUER = "Prévenir l'impayé"

# French only (docs/architecture.md, « Français seulement »): no catalogue of our own, no LocaleMiddleware;
# USE_I18N stays on for Django's, allauth's and Wagtail's French catalogues.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Encrypted household files live outside the static and media roots, served only through views.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Encryption at rest: comma-separated Fernet keys, the first one encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
# Discreet on every channel (docs/rules.md § 4): neither the sender nor the subject says "impayé".
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@espace-logement.example")
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Video appointments: the room service (a self-hosted Jitsi Meet, for example « https://visio.example.org »). Empty:
# the video place is offered nowhere (appointments.video).
PORTAL_VIDEO_BASE_URL = os.environ.get("PORTAL_VIDEO_BASE_URL", "")

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Only the Wagtail admin gets inline scripts and styles (docs/stack-notes.md, CSP).
CSP_LOOSE_PATH_PREFIXES = ("/admin/",)

# Wagtail.
WAGTAIL_SITE_NAME = "Prévenir l'impayé"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_FRONTEND_LOGIN_URL = "/comptes/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if USING_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
# ClamAV's daemon socket: uploads are scanned before they are stored (portal/malware.py). Empty: « non analysé ».
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")
CLAMAV_TIMEOUT = 30

WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents editors may upload: none that a browser would run (no svg, html, js). Only PDFs open in the browser
# (under Wagtail's own `default-src 'none'` policy); every other type is downloaded as an attachment.
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "png", "jpg"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]

# Background work: django-tasks, database backend in production, immediate elsewhere.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The client's address behind the reverse proxy (portal/net.py): the number of proxies that append to
# X-Forwarded-For, or a header the proxy overwrites (e.g. X-Real-IP). Neither: the peer's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Messaging limits (a setting so that volume tests may raise them).
MESSAGE_MAX_LENGTH = 5000
MESSAGE_BURST_LIMIT = 20
MESSAGE_BURST_WINDOW_SECONDS = 10
# How often each app process checks the channel layer and gives open sockets what it lost (messaging/watch.py).
MESSAGING_WATCH_SECONDS = 2
# A websocket client that stops reading (portal/ws_flow.py): once the transport's buffer is full, how much more it
# may be sent, and for how long, before it is closed (a setting so that tests may lower them).
WEBSOCKET_MAX_UNREAD_BYTES = 1024 * 1024
WEBSOCKET_MAX_STALL_SECONDS = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Task runs and page edits are recorded in the database already; the console keeps warnings.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
