"""Settings for every environment, read from environment variables.

Defaults give the embedded set-up that `make run` needs (SQLite, Celery tasks in process,
e-mail on the console); `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis.
`.env.example` lists every variable; a `.env` file (see ENV_FILE) supplies missing ones.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    load_env_file,
    parse_database_url,
    redis_url_for_test_worker,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# Local development's `.env` (written by `make run`); ENV_FILE= (empty) reads none, as the
# test suite does, so that a developer's .env never changes what the tests run with.
ENV_FILE = env_str("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    load_env_file(ENV_FILE)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "rules",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "sso",
    "maturity",
    "assessments",
    "rounds",
    "plans",
    "dashboards",
    "reports",
    "api",
    "webhooks",
    "auditlog",
    "audit",
    "transfer",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response to a logged-in user and on downloads.
    "config.cache_control.PrivateNoStoreMiddleware",
    # Keeps the language someone switches to for their e-mails (accounts/middleware.py).
    "accounts.middleware.LanguageSwitchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who changed what, from where: the audit log's actor and client address (audit/).
    "audit.recording.AuditMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organisations",
            ],
        },
    },
]

# Database: SQLite file in the project by default; PostgreSQL (psycopg 3) by URL.
DATABASE_URL = env_str("DATABASE_URL", "sqlite:///db.sqlite3")
DATABASES = {"default": parse_database_url(DATABASE_URL, BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and Django cache. Without it, tasks run in process.
REDIS_URL = env_str("REDIS_URL")
# pytest-xdist names each parallel test process (gw0, gw1, …): each gets its own database.
REDIS_URL = redis_url_for_test_worker(REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maturity",
            # A Redis that does not answer costs a request seconds, not a hang; the
            # dashboards then compute their figures without the cache.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. The time limits stay far below Redis' visibility timeout, so that a long task
# is never handed to a second worker while the first still runs it.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Without socket timeouts, ordering a report waits for ever on a Redis that accepts
# connections but does not answer; with them, and a short publish retry, the order fails
# within seconds and the report says the queue is unavailable.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 3,
    "socket_timeout": 3,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 100)
CELERY_TIMEZONE = env_str("TIME_ZONE", "Europe/Berlin")
# PDF reports take seconds to minutes: they have a queue of their own, so that e-mails and
# other short tasks never wait behind them. A worker started without -Q reads both queues.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {"celery": {}, "reports": {}}
CELERY_TASK_ROUTES = {"reports.tasks.build_report": {"queue": "reports"}}
if CELERY_TASK_TIME_LIMIT >= CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must stay below Redis' visibility timeout")

# Authentication: e-mail is the login; django-axes throttles failed logins.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind N reverse proxies the client's address is the N-th from the right in
# X-Forwarded-For (each proxy appends the address it was reached from); anything further
# left came from the client and is not trusted. 0: REMOTE_ADDR. See accounts/throttling.py.
REVERSE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# E-mails one person can make the site send, per hour; 0: no limit. Invitations are counted
# in the database (their rows), password resets in the cache (Redis with REDIS_URL) with
# django-ratelimit, per address asked for and per client address (see accounts/throttling.py).
INVITATIONS_PER_SENDER_PER_HOUR = env_int("INVITATIONS_PER_SENDER_PER_HOUR", 20)
INVITATIONS_PER_ADDRESS_PER_HOUR = env_int("INVITATIONS_PER_ADDRESS_PER_HOUR", 3)
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 3)
PASSWORD_RESETS_PER_CLIENT_PER_HOUR = env_int("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", 10)
# A count the cache cannot give lets the request through (as a failing cache does, see
# accounts/throttling.py): while Redis is down, password resets keep working.
RATELIMIT_FAIL_OPEN = True
# Seconds the organisation dashboard's figures stay cached (in Redis when REDIS_URL is set);
# submitting or reopening an assessment or changing a target clears them. 0: no cache.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# PDF reports older than this are removed, daily by Celery beat and by `cleanup_reports`.
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
# Reports queued or being built at once: per person, and per organisation (a further order
# is refused with a message; ordering one that is already waiting returns that one).
REPORT_PENDING_PER_USER = env_int("REPORT_PENDING_PER_USER", 3)
REPORT_PENDING_PER_ORGANISATION = env_int("REPORT_PENDING_PER_ORGANISATION", 10)
# Only for fault tests: each report waits this long before rendering. Keep it 0.
REPORT_SLOWDOWN_SECONDS = env_int("REPORT_SLOWDOWN_SECONDS", 0)
# Rounds: invitations on the opening day, reminders, notes to facilitators and deadlines,
# every 15 minutes (rounds/jobs.py; `manage.py run_round_jobs` runs them once).
CELERY_BEAT_SCHEDULE = {
    "cleanup-reports": {"task": "reports.tasks.cleanup_reports", "schedule": 24 * 60 * 60},
    # Rounds: invitations on the opening date, reminders, notes, deadlines.
    "round-jobs": {
        "task": "rounds.tasks.run_round_jobs",
        "schedule": env_int("ROUND_JOBS_SECONDS", 15 * 60),
    },
    # Audit log: entries older than AUDIT_RETENTION_DAYS are deleted once a day.
    "audit-retention": {"task": "audit.tasks.delete_old_entries", "schedule": 24 * 60 * 60},
    # Webhooks: deliveries due (retries, and first attempts a broker outage left behind).
    "webhook-deliveries": {"task": "webhooks.tasks.send_due", "schedule": 60},
    # Plans: each owner's weekly digest of open and overdue actions (plans/digests.py;
    # `manage.py send_action_digests` sends this week's once, for example from cron).
    "action-digests": {
        "task": "plans.tasks.send_digests",
        "schedule": crontab(
            day_of_week=env_int("DIGEST_WEEKDAY", 1), hour=env_int("DIGEST_HOUR", 7), minute=0
        ),
    },
}

# Webhooks (webhooks/addresses.py): endpoints must be https:// unless DEBUG or
# WEBHOOKS_ALLOW_HTTP; addresses in private, loopback, link-local, multicast or reserved
# networks are refused unless WEBHOOKS_ALLOW_PRIVATE (the tests' receiver on 127.0.0.1).
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", False)
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)

# Single sign-on with OpenID Connect (sso/, docs/security.md). Organisations configure their
# own provider under Settings → Sign-in; SSO_ISSUER, SSO_CLIENT_ID and SSO_CLIENT_SECRET add
# one for the whole site ("Sign in with SSO_NAME"), whose people join SSO_ORGANISATION (a
# slug; empty: no membership) with SSO_DEFAULT_ROLE when their domain is in
# SSO_ALLOWED_DOMAINS (empty: any verified address of that provider). Client secrets are
# stored encrypted with SSO_ENCRYPTION_KEY (any string; empty: derived from SECRET_KEY, so
# that changing SECRET_KEY means entering the secrets again). Issuers must be https://
# unless DEBUG or SSO_ALLOW_HTTP (the tests' provider on 127.0.0.1).
SSO_ISSUER = env_str("SSO_ISSUER")
SSO_CLIENT_ID = env_str("SSO_CLIENT_ID")
SSO_CLIENT_SECRET = env_str("SSO_CLIENT_SECRET")
SSO_NAME = env_str("SSO_NAME", "single sign-on")
SSO_ALLOWED_DOMAINS = env_list("SSO_ALLOWED_DOMAINS", [])
SSO_ORGANISATION = env_str("SSO_ORGANISATION")
SSO_DEFAULT_ROLE = env_str("SSO_DEFAULT_ROLE", "member")
SSO_ENCRYPTION_KEY = env_str("SSO_ENCRYPTION_KEY")
SSO_ALLOW_HTTP = env_bool("SSO_ALLOW_HTTP", False)
# Seconds a provider's discovery document (/.well-known/openid-configuration) stays cached.
SSO_DISCOVERY_CACHE_SECONDS = env_int("SSO_DISCOVERY_CACHE_SECONDS", 3600)
# mozilla-django-oidc: its start and callback views are used per provider (sso/views.py);
# these are its settings that hold for every provider.
OIDC_RP_SCOPES = "openid email profile"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"

# A session ends after SESSION_IDLE_MINUTES without a request: a request saves the session,
# and so moves its expiry on, when the last save is SESSION_REFRESH_SECONDS old
# (config/sessions.py), not on every request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_SAVE_EVERY_REQUEST = False

# HTTPS (production, see docker-compose.yml): plain HTTP is redirected, browsers are told to
# use HTTPS only (HSTS), and cookies travel over HTTPS only. /healthz stays reachable over
# plain HTTP for the container's health check. Off for `make run` on http://127.0.0.1.
HTTPS = env_bool("HTTPS", False)
if env_bool("BEHIND_HTTPS_PROXY", False):
    # The proxy terminates TLS and must set (not pass on) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own files: no inline script or style, no eval, no framing (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Languages: the browser's language is the default; the user can switch.
# The REST API (api/, docs/api.md): an organisation's tokens or the browser's session (with
# CSRF); errors as problem details; requests per token (or person) and minute limited, counted
# in the cache (Redis when there is one).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ApiAccess"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerCaller"],
    "DEFAULT_THROTTLE_RATES": {"caller": env_str("API_RATE", "600/min")},
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Maturity Assessments API",
    "DESCRIPTION": "Teams, models, assessments, rounds, plans and common gaps of an "
    "organisation. Authenticate with `Authorization: Bearer <token>` (Settings → API).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI and Redoc from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets whose field names repeat across the API ("state", "status").
    "ENUM_NAME_OVERRIDES": {
        "RoundStateEnum": "rounds.models.Round.Status",
        "AssessmentStateEnum": "assessments.models.Assessment.State",
        "ActionStatusEnum": "plans.models.Action.Status",
        "ActionStatusFilterEnum": "api.serializers.plans.STATUS_FILTER",
        "ModelStatusEnum": "maturity.models.MaturityModel.Status",
    },
}

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"  # Never served publicly: files go out through views that check access.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}

# E-mail: the console by default; SMTP once EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maturity Assessments <noreply@localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; keep its warnings and errors.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Where the site is reached: the fallback for links in e-mails sent without a request (an
# invitation sent from a page links to that request's address, see accounts/emails.py).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Audit log (audit/, docs/security.md): django-auditlog writes into audit.Entry, which knows
# its organisation; changes are kept as text, a related object by its name as it was then;
# entries older than this many days are deleted.
AUDITLOG_LOGENTRY_MODEL = "audit.Entry"
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
# django-auditlog's own migrations create its LogEntry table even when audit.Entry replaces
# it (they do not mark the model swappable); that empty table's foreign key to users stopped
# PostgreSQL from truncating them between tests. Unmigrated, the swapped model gets no table.
MIGRATION_MODULES = {"auditlog": None}
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
