"""Sammachip settings: one file, read from the environment (every variable is in .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAMMACHIP_VAR_DIR") or BASE_DIR / "var")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():  # unset, or left empty as in .env.example: the default
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# A development key only; production must set DJANGO_SECRET_KEY (`check --deploy` refuses this one: W009
# knows the django-insecure- prefix).
OWN_SECRET_KEY = bool(os.environ.get("DJANGO_SECRET_KEY"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-dev-only-change-me-" + "x" * 32
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    # Before django.contrib.auth: its changepassword command also ends the person's tokens and sessions.
    "sammachip.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_linear_migrations",
    "ninja",  # the API docs page then loads Swagger UI from our static files, not from a CDN
    "sammachip.core",
    "sammachip.line",
    "sammachip.places",
    "sammachip.households",
    "sammachip.plans",
    "sammachip.groups",
    "sammachip.bookkeeping",
    "sammachip.meetings",
    "sammachip.market",
    "sammachip.privacy",
    "sammachip.visits",
    "sammachip.search",
    "sammachip.onboarding",
    "sammachip.offline",
    "sammachip.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (a members' list: 13 KB → 3 KB); Django pads each with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "sammachip.core.middleware.PrivateAnswersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "sammachip.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "sammachip.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sammachip.core.middleware.OfflineCopyMiddleware",
    "sammachip.core.submissions.SubmissionKeyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sammachip.core.context_processors.navigation",
            ],
            # thai: the date and money filters; submissions: {% csrf_token %} adds the form's one-time key
            "builtins": ["sammachip.core.templatetags.thai", "sammachip.core.submissions"],
        },
    }
]

# Inputs, selects and text areas drawn in Python, the same HTML as Django's widget templates, a third of the
# cost of a page with a member list (sammachip/core/formrender.py).
FORM_RENDERER = "sammachip.core.formrender.PlainWidgets"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
        "DATABASE_PREPARED", "1"
    ) not in ("0", "false", "no"):
        # Parameters sent apart from the statement, so a statement run again on the same connection has the
        # same text: psycopg prepares it at its second run and PostgreSQL plans it once instead of every time.
        # Planning a group page's joins cost more than running them (the group with its places 0.76 ms to
        # plan, 0.16 ms to run). DATABASE_PREPARED=0 turns it off (a pooler in transaction mode before
        # PgBouncer 1.21 cannot keep prepared statements).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH") or str(VAR_DIR / "sammachip.sqlite3"),
            # Keep the connection between requests: opening one and running the PRAGMAs costs more than a page's queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # Tests use a file too (not shared-cache memory, which locks whole tables), so concurrent
            # requests in the tests meet the same locking as production.
            "TEST": {
                "NAME": os.environ.get("SQLITE_TEST_PATH") or str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["sammachip.accounts.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("SAMMACHIP_FAST_HASHER", False):
    # Tests only: Argon2 is deliberately slow; the test settings flip this to keep the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sammachip" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True
WHITENOISE_KEEP_ONLY_HASHED_FILES = (
    True  # the plain names are found in the apps (above); half the copies to make
)
# Hashed, gzip- and brotli-compressed copies made by collectstatic, cached for ten years (sammachip/core/staticstorage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "sammachip.core.staticstorage.CompressedManifestStorage"},
}

SESSION_ENGINE = "sammachip.accounts.sessions"
# Everyone is signed out this many hours after signing in (shown on the sign-in page).
SAMMACHIP_SESSION_HOURS = int(os.environ.get("SAMMACHIP_SESSION_HOURS", "12"))
SESSION_COOKIE_AGE = SAMMACHIP_SESSION_HOURS * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS: redirect plain HTTP, send cookies only over HTTPS, tell browsers to use HTTPS for a year, and
# trust the proxy's X-Forwarded-Proto. On by default on a production server — DEBUG off with a secret key of
# its own (.env.example), or with trusted origins set; DJANGO_HTTPS=0 turns it off (a pilot on a closed LAN,
# which `check --deploy` then warns about).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG and (OWN_SECRET_KEY or bool(CSRF_TRUSTED_ORIGINS)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# A group needs at least this many current members to count its กลุ่ม as complete (5 ก).
SAMMACHIP_MIN_MEMBERS = int(os.environ.get("SAMMACHIP_MIN_MEMBERS", "7"))
# How long the answer to a form or API create is kept against its one-time key (sammachip.core.submissions).
SAMMACHIP_SUBMISSION_DAYS = int(os.environ.get("SAMMACHIP_SUBMISSION_DAYS", "90"))
# The reverse proxy's header that carries the client's address (e.g. X-Forwarded-For, or X-Real-IP), and how
# many proxies in front of the app write to it; empty: REMOTE_ADDR (no proxy). Used by the limits on sign-in
# attempts and public orders (sammachip.core.addresses); see docs/deployment.md.
SAMMACHIP_TRUSTED_PROXY_HEADER = os.environ.get("SAMMACHIP_TRUSTED_PROXY_HEADER", "").strip()
SAMMACHIP_TRUSTED_PROXY_COUNT = int(os.environ.get("SAMMACHIP_TRUSTED_PROXY_COUNT", "1"))
# An API token works this many days after it is made; then its owner makes a new one.
SAMMACHIP_API_TOKEN_DAYS = int(os.environ.get("SAMMACHIP_API_TOKEN_DAYS", "90"))
# `sammachip backup` writes its encrypted archives here; the key that opens them is kept apart, in its own file
# (made mode 0600 on first use; never inside the backup folder). Production: a key file outside the data
# directory, e.g. /etc/sammachip/backup.key, and a copy of it off the machine (docs/operations.md).
SAMMACHIP_BACKUP_DIR = Path(os.environ.get("SAMMACHIP_BACKUP_DIR") or VAR_DIR / "backups")
SAMMACHIP_BACKUP_KEY_FILE = Path(
    os.environ.get("SAMMACHIP_BACKUP_KEY_FILE") or VAR_DIR / "keys" / "backup.key"
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
}

# A LINE Official Account's Messaging API (sammachip.line): empty secret or token means LINE is not used.
SAMMACHIP_LINE_CHANNEL_SECRET = os.environ.get("SAMMACHIP_LINE_CHANNEL_SECRET", "")
SAMMACHIP_LINE_CHANNEL_TOKEN = os.environ.get("SAMMACHIP_LINE_CHANNEL_TOKEN", "")
SAMMACHIP_LINE_API_BASE = os.environ.get("SAMMACHIP_LINE_API_BASE", "").strip() or "https://api.line.me"

# Mail for `sammachip remind --email`: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sammachip@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
