"""Stillwaters settings, read from environment variables.

Debug mode is off unless DEBUG=1 says otherwise (`make run` and the test suite say so). With
DEBUG=1 and nothing else set the site runs for local development: SQLite in a file beside the
code, email printed to the console and Celery tasks run in-process, so no server is needed.
Production sets the variables documented in README.md.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")

LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ",".join(LOOPBACK_HOSTS) if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off.")


def _serves_only_this_machine(argv: list[str]) -> bool:
    """Whether this process answers only on loopback: never gunicorn (production's server), and
    `runserver` only on its default or a loopback address, with loopback host names."""
    program = argv[0] if argv else ""  # under `python -m gunicorn`, gunicorn's __main__.py
    if "gunicorn" in program or set(ALLOWED_HOSTS) - set(LOOPBACK_HOSTS):
        return False
    if "runserver" not in argv:
        return True
    after = argv[argv.index("runserver") + 1 :]
    address = next((arg for arg in after if not arg.startswith("-")), "127.0.0.1:8000")
    host = address.rsplit(":", 1)[0] if ":" in address else ""
    return address.isdigit() or host in ("127.0.0.1", "localhost", "[::1]")


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set it to a long random string."
        )
    # Anyone can read this key in the repository and forge a link signed with it, so it is
    # used only by a debug server nobody else can reach.
    if not _serves_only_this_machine(sys.argv):
        raise ImproperlyConfigured(
            "SECRET_KEY is required for a server other machines can reach, even with DEBUG on: "
            "set it to a long random string, or serve on 127.0.0.1 only."
        )
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105 (loopback debug server only)

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    # Django's admin, on the site that asks staff for a second factor (stillwaters/admin_site.py).
    "stillwaters.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "content",
    "bookings",
]

# bench/http_pages.py's reference page: a hello-world view at /bench/hello behind every middleware
# below, so each page's cost reads as a multiple of the framework's own. Never set in production.
BENCH_HELLO = envbool("BENCH_HELLO", "0")

MIDDLEWARE = [
    "stillwaters.middleware.RequestIdMiddleware",
    "stillwaters.per_request.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "stillwaters.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: marks request.user verified once a second-factor code was accepted.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "stillwaters.ratelimit.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "stillwaters.urls"
WSGI_APPLICATION = "stillwaters.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.practice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes SQLite's write lock when a transaction starts, so two bookings cannot both
    # read "free" and then both write; see bookings/scheduling/booking.py.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "stillwaters.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stillwaters",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-ca"
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Pictures staff upload (the About photo, article images), resized by content/images.py. In
# production the proxy serves MEDIA_ROOT at MEDIA_URL (README, Production); in development the
# app serves them itself, decided here once since the test runner turns DEBUG off.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
SERVE_MEDIA = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Stillwaters Healing & Massage <bookings@stillwaters.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
THERAPIST_EMAIL = env("THERAPIST_EMAIL", "taylor@stillwaters.example")

# The practice's public contact details, shown in the footer and in structured data.
PRACTICE = {
    "name": "Stillwaters Healing & Massage",
    "short_name": "Stillwaters",
    "therapist": "Taylor",
    "phone": env("PRACTICE_PHONE", "+1 905-555-0142"),
    "email": env("PRACTICE_EMAIL", "hello@stillwaters.example"),
    "base_city": "Brampton",
    "region": "ON",
}

# Celery: with no REDIS_URL, tasks run in-process as they are called.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Held bookings nobody confirmed: released a minute after their time runs out at most
    # (availability stops counting them the moment they expire).
    "release-expired-holds": {
        "task": "bookings.tasks.release_expired_holds",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Reminders are rows with a due time, scanned every minute; never ETA tasks, which Redis
    # delivers twice once they wait past its visibility timeout (README, Reminders).
    "dispatch-due-reminders": {
        "task": "bookings.tasks.dispatch_reminders",
        "schedule": 60.0,
        # A tick still queued when the next one is due adds nothing; drop it.
        "options": {"expires": 55},
    },
    # In CELERY_TIMEZONE, so half past six in Toronto whatever the season.
    "send-daily-agenda": {
        "task": "bookings.tasks.send_daily_agenda",
        "schedule": crontab(hour=6, minute=30),
    },
}

# Reminders (bookings/notifications/reminders.py). The lease must outlast the slowest SMTP send
# by far: a claimed reminder whose lease runs out is sent again by the next dispatch.
REMINDER_LEASE_SECONDS = envint("REMINDER_LEASE_SECONDS", "300")
# A reminder later than this (or than half its offset, if less) is skipped, not sent late.
REMINDER_TOO_LATE_MINUTES = envint("REMINDER_TOO_LATE_MINUTES", "60")
REMINDER_MAX_ATTEMPTS = envint("REMINDER_MAX_ATTEMPTS", "5")

# Logs go to stdout, one line each with the request id: JSON in production (LOG_FORMAT=json, the
# default with DEBUG off), plain text locally. They carry ids, never personal data.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "stillwaters.log.RequestIdFilter"},
        "redact_tokens": {"()": "stillwaters.log.RedactTokensFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "stillwaters.log.JsonLineFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id", "redact_tokens"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Django's sessions are staff sign-ins only (clients have their own cookie and table,
# bookings/clients/sessions.py), so this is the staff session: one working day, then the
# password and the code again.
SESSION_COOKIE_AGE = envint("STAFF_SESSION_SECONDS", str(8 * 60 * 60))

# Backups are encrypted with this Fernet key (stillwaters/backups.py); keep it apart from them.
BACKUP_ENCRYPTION_KEY = env("BACKUP_ENCRYPTION_KEY", "")

# Optional error reporting. Health information must never leave the site in an error report:
# stillwaters/error_reports.py keeps ids and the fault's location only.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    from stillwaters.error_reports import sentry_options

    sentry_sdk.init(**sentry_options(SENTRY_DSN, env("SENTRY_ENVIRONMENT", "production")))

# Content-Security-Policy: scripts only from this site or with the request's nonce, never
# inline. Inline style attributes stay allowed for Django admin's widgets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Admin login lockout (django-axes): five failures from one address and username lock that
# pair for an hour; every attempt is logged by axes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
PROXY_COUNT = envint("PROXY_COUNT", "0")  # trusted proxies in front of gunicorn
# A proxy on another machine, by address; one on this machine (127.0.0.1) is trusted already.
TRUSTED_PROXY_ADDRESSES = envlist("TRUSTED_PROXY_ADDRESSES", "")
AXES_CLIENT_IP_CALLABLE = "stillwaters.ratelimit.client_ip"

# The second factor for staff (stillwaters/two_factor.py). The issuer names the entry in the
# authenticator app. Nobody reads a device's secret key or its QR code back from the admin: a
# new phone gets a new key from `set_up_second_factor`.
OTP_TOTP_ISSUER = "Stillwaters"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Per-address request limits (stillwaters/ratelimit.py), counted in the cache (Redis in
# production, so every gunicorn worker and host shares the count): requests per window.
RATE_LIMITS = {
    "booking-submit": (envint("RATE_LIMIT_BOOKINGS", "20"), 60 * 10),
    "slots": (envint("RATE_LIMIT_SLOTS", "120"), 60),
    "manage": (envint("RATE_LIMIT_MANAGE", "30"), 60),
    # Sign-in links asked for: per network address, and per email (keyed by a hash of it).
    "sign-in": (envint("RATE_LIMIT_SIGN_IN", "10"), 60 * 10),
    "sign-in-email": (envint("RATE_LIMIT_SIGN_IN_EMAIL", "5"), 60 * 60),
    "email-links": (envint("RATE_LIMIT_EMAIL_LINKS", "30"), 60),
}
# Bookings awaiting email confirmation allowed at once per email and per network address, so
# holds cannot block Taylor's calendar. Counted in the database under the booking lock, so the
# count is exact across every worker and host.
PENDING_HOLDS_ALLOWED = envint("PENDING_HOLDS_ALLOWED", "2")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
