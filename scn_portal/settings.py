"""Settings for SCN Portal, read from the environment.

Everything lives in this one module and is switched by environment variables
(see README.md, "Configuration"). With no environment at all the portal runs in
development mode on a SQLite file with Celery tasks executed eagerly in-process.
With ``DJANGO_DEBUG`` off it is in production mode and refuses to start unless
the variables a production site needs are set.
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _required(name: str) -> str:
    """A variable production cannot run without: stop with one clear line if it is unset."""
    value = env.str(name, default="").strip()
    if not value:
        sys.stderr.write(
            f"Configuration error: {name} must be set when DJANGO_DEBUG is off "
            "(production mode); see README.md, Configuration.\n"
        )
        raise SystemExit(2)
    return value


DEBUG = env.bool("DJANGO_DEBUG", default=True)
PRODUCTION = not DEBUG

# --- Core -----------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
    if not ALLOWED_HOSTS:
        sys.stderr.write(
            "Configuration error: ALLOWED_HOSTS names no host; give the portal's host names, "
            "separated by commas.\n"
        )
        raise SystemExit(2)
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies in front of the portal: the audit trail records the client's address
# from X-Forwarded-For only when this says how many hops to trust (0: REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin
    "modeltranslation",
    "scn_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, by task
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widgets' templates, for FORM_RENDERER
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_celery_beat",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API's documentation page, served by the portal
    "corsheaders",
    "djmoney",
    "rules.apps.AutodiscoverRulesConfig",
    # Platform pieces shared by every app
    "scn_portal.accounts",
    "scn_portal.web",
    "scn_portal.ops",
    "scn_portal.privacy",
    "scn_portal.workqueue",
    "scn_portal.reports",
    "scn_portal.reminders",
    "scn_portal.audit",
    "scn_portal.mel",
    # The network's apps; members is the ground floor
    "members",
    "governance",
    "hubs",
    "funding",
    "resources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "scn_portal.uploads.RequestBodyLimitMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware; the API only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scn_portal.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "scn_portal.accounts.middleware.SessionTimeoutMiddleware",
    "scn_portal.accounts.middleware.SecondFactorMiddleware",
    "scn_portal.accounts.middleware.PrivacyHeadersMiddleware",
    "scn_portal.accounts.refusals.RefusalLogMiddleware",
    "scn_portal.workqueue.keeping.FreshAfterOwnChanges",
]

ROOT_URLCONF = "scn_portal.urls"
WSGI_APPLICATION = "scn_portal.wsgi.application"
ASGI_APPLICATION = "scn_portal.asgi.application"

FORM_RENDERER = "scn_portal.web.forms.PortalFormRenderer"

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
                "scn_portal.web.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer (runserver beside a test or a worker) instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    postgresql = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if postgresql and env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Parameters bound by the server, statements sent five times prepared, bulk
        # writes split under PostgreSQL's 65,535 parameters (``scn_portal.postgresql``).
        # Not behind a pooler that shares connections between transactions (PgBouncer's
        # transaction mode): set DATABASE_PREPARED_STATEMENTS=0 there.
        DATABASES["default"]["ENGINE"] = "scn_portal.postgresql"
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits live here) ------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "scn_portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "scn",
        }
    }
    # A signed-in page reads its session from Redis rather than the database; every write
    # and every ending (sign-out, "sign out everywhere", deactivation) goes to both.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are rendered once for every anonymous visitor (``scn_portal.web.page_cache``)
# and rendered anew after any change to a model of these apps, or after this many seconds
# (0 turns the page cache off).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
PUBLIC_PAGE_APPS = ["members", "governance", "hubs", "funding", "resources", "mel"]
# Each staff member's admin menu (the index and every page's sidebar) is kept this many
# seconds per language by each web process (0: built on every page).
ADMIN_MENU_CACHE_SECONDS = env.int("ADMIN_MENU_CACHE_SECONDS", default=60)
# Each person's permissions are kept this many seconds by each web process, asked again at
# once after any change of groups or permissions (``scn_portal.accounts.grants``; 0: asked
# on every page; ``scn_portal.accounts.permissions``).
PERMISSIONS_CACHE_SECONDS = env.int("PERMISSIONS_CACHE_SECONDS", default=60)
# The guiding-principle versions in force and the disputed territories listed, as a city's
# pages show them, are kept this many seconds by each web process, read again at once after
# any change (``members.in_force``; 0: read on every page).
IN_FORCE_CACHE_SECONDS = env.int("IN_FORCE_CACHE_SECONDS", default=300)
# The count of a filtered admin list is kept this many seconds for the version of the
# public apps' data (``scn_portal.web.admin_lists.kept_count``; 0: counted on every page).
ADMIN_COUNT_CACHE_SECONDS = env.int("ADMIN_COUNT_CACHE_SECONDS", default=120)
# Each person's staff work queue is kept this many seconds in the shared cache, counted
# again at once after any form they send and on "Count again"
# (``scn_portal.workqueue.keeping``; 0: counted on every visit).
WORKQUEUE_CACHE_SECONDS = env.int("WORKQUEUE_CACHE_SECONDS", default=30)

# A web process moves what it holds out of the garbage collector's reach once loaded and
# again after this many requests (``scn_portal.long_lived``; 0: never).
WEB_GC_FREEZE_AFTER_REQUESTS = env.int("WEB_GC_FREEZE_AFTER_REQUESTS", default=100)

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SCN Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "scn_portal.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "scn_portal.accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SCN Portal"
MFA_RECOVERY_CODE_COUNT = 10

# Staff reach the admin and every staff page only after setting up a second factor. On
# by default in production; the demo (make run) turns it off so the printed logins work.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=PRODUCTION)
# ISC members (and staff) need one too before the ISC's papers and draft minutes.
ISC_REQUIRES_MFA = env.bool("ISC_REQUIRES_MFA", default=PRODUCTION)

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "en"
# Where a language's dates need more than Django gives (Arabic: see the module).
FORMAT_MODULE_PATH = ["scn_portal.formats"]
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
# Uploaded files are private: they live outside the static path and are only
# served through permission-checked views (never by URL).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# A prefix no route serves: Django needs a string here, files never go out by URL.
MEDIA_URL = "/private-media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# A request body larger than this is refused before it is read (413), from its
# Content-Length: the largest upload of the portal is a 5 MB letter. The admin, where
# staff add meeting papers of up to 20 MB each, allows more.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=8 * 1024 * 1024)
MAX_ADMIN_REQUEST_BODY_BYTES = env.int("MAX_ADMIN_REQUEST_BODY_BYTES", default=100 * 1024 * 1024)

# --- Email --------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SCN Portal <no-reply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))

# --- Celery -------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker, tasks run eagerly in-process: a newcomer needs no server.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down so a page can say so instead of hanging.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Reports and reminders --------------------------------------------------

# Reports and certificates one person may ask for in an hour (each costs seconds of a worker).
REPORTS_PER_PERSON_PER_HOUR = env.int("REPORTS_PER_PERSON_PER_HOUR", default=10)
# Invitations to an activity one task emails before it queues the next batch.
ACTIVITY_INVITATION_BATCH = env.int("ACTIVITY_INVITATION_BATCH", default=100)
REPORT_FONT_FAMILY = env.str("REPORT_FONT_FAMILY", default="Amiri, 'DejaVu Sans', sans-serif")
# The IATI identifier of the organisation that publishes the network's IATI file (its
# registered reference, e.g. a charity number prefixed by the registry's code).
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="XI-IATI-SCN")
# Membership fees are only being explored: no invoice is issued unless this is switched on.
MEMBERSHIP_FEES_ENABLED = env.bool("MEMBERSHIP_FEES_ENABLED", default=False)
UNVERIFIED_EMAIL_REMINDER_AFTER_DAYS = env.int("UNVERIFIED_EMAIL_REMINDER_AFTER_DAYS", default=3)

# --- Member portal --------------------------------------------------------------

# How many colleagues a city's officials may invite in 24 hours (README: "Configuration").
INVITATIONS_PER_CITY_PER_DAY = env.int("INVITATIONS_PER_CITY_PER_DAY", default=20)
# ...and how many one account may send, whatever the city.
INVITATIONS_PER_ACCOUNT_PER_DAY = env.int("INVITATIONS_PER_ACCOUNT_PER_DAY", default=20)

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Personal data of applicants that were never approved is erased this many days after
# the application's last activity (README: "Personal data").
APPLICANT_RETENTION_DAYS = env.int("APPLICANT_RETENTION_DAYS", default=730)
# Invitations to colleagues (an address of someone who may never join) are deleted after this.
INVITATION_RETENTION_DAYS = env.int("INVITATION_RETENTION_DAYS", default=90)

# A session ends after SESSION_IDLE_TIMEOUT seconds without a request, and in any case
# SESSION_COOKIE_AGE seconds after sign-in (the absolute lifetime).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=60 * 60 * 2)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The container health check asks over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every CSS, JS and font file is served by the portal itself: nothing remote.
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

# --- The public read API (resources.api) -------------------------------------

REST_FRAMEWORK = {
    # Read-only, for anonymous clients: no session, so no CSRF and nothing private.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="300/minute")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Strong Cities Network — public API",
    "DESCRIPTION": (
        "Read-only data of the Strong Cities Network: listed member cities, published "
        "public resources, the ISC's current members, published minutes, upcoming public "
        "activities and the funding transparency figures."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ResourceKindEnum": "resources.models.Resource.Kind",
        "CityKindEnum": "members.models.LocalGovernment.Kind",
        "ActivityStatusEnum": "hubs.models.Activity.Status",
        "ActivityAudienceEnum": "hubs.models.Activity.Audience",
    },
}
# Any site may read the API from the browser; nothing else is shared across origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# --- Logging ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"secret_paths": {"()": "scn_portal.accounts.log_filters.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own records go to the console above once (its default handlers dropped).
        "django": {"handlers": [], "level": "INFO"},
        "scn_portal.security": {"level": "INFO"},
        # Paths of 4xx answers and of dev-server requests: feed tokens and reset keys masked.
        "django.request": {"filters": ["secret_paths"], "propagate": True},
        "django.server": {"filters": ["secret_paths"], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
