"""Settings for the ASEAN Smart Cities Knowledge Portal.

One module, configured by environment variables (see docs/configuration.md).
With no variables set it runs on a fresh machine: SQLite and an embedded
Celery broker under ``var/``, a local-memory cache.
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from portal.languages import LANGUAGES as PORTAL_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's own overrides; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key():
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    if env.str("SECRET_KEY", default=""):
        return env.str("SECRET_KEY")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "cities",
    "casestudies",
    "events",
    "translation",
    "notifications",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: locale admin with sync settings
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
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
    "django_filters",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_fennel",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PublicDataGZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/th/…); unprefixed URLs are English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.AtomicAdminWritesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.site_settings",
                "portal.context_processors.language",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server, worker and beat share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # A file, not memory, so the Celery worker a test starts can open the test database too.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-portal.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")


def _redis_db(url, offset):
    """The same Redis server, database number + offset (cache and broker stay apart)."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0) + offset
    return urlunsplit(parts._replace(path=f"/{db}"))


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_URL", default=_redis_db(REDIS_URL, 1)),
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/,
# so a fresh machine runs a worker and beat with nothing else installed.

CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    for sub in ("queue", "processed", "results"):
        (CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
# django-tasks' queue is "default"; Celery's own tasks share it, so one worker serves both.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Hands due outbox rows (e-mails, webhook deliveries) to workers: whatever a dead
    # worker or an unreachable broker left behind goes out from here.
    "sweep-outbox": {
        "task": "notifications.tasks.sweep",
        "schedule": env.int("NOTIFICATIONS_SWEEP_EVERY_SECONDS", default=60),
    },
    # Weekly digests: Monday 01:00 UTC unless NOTIFICATIONS_DIGEST_DAY / _HOUR say otherwise.
    "weekly-digests": {
        "task": "notifications.tasks.make_digests",
        "schedule": crontab(
            minute=0,
            hour=env.int("NOTIFICATIONS_DIGEST_HOUR", default=1),
            day_of_week=env.str("NOTIFICATIONS_DIGEST_DAY", default="mon"),
        ),
    },
    # Wagtail's "go live" / "expiry" dates only take effect when this runs.
    "publish-scheduled-pages": {
        "task": "portal.tasks.publish_scheduled_pages",
        "schedule": env.int("PUBLISH_SCHEDULED_EVERY_SECONDS", default=300),
    },
}

# Wagtail's own background tasks (search index, reference index, file deletion)
# go through django-tasks; django-tasks-fennel hands them to our Celery workers.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="portal.tasks_backend.OnCommitCeleryBackend"),
    }
}

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The ten content languages (portal/languages.py) are also the interface languages.
LANGUAGES = [(code, english) for code, english, _native in PORTAL_LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django ships no Filipino or Lao: describe them so get_language_info() and the
# language switcher know their names (our own catalogues in locale/ translate them).
LANG_INFO.update(
    {
        code: {"bidi": False, "code": code, "name": english, "name_local": native}
        for code, english, native in PORTAL_LANGUAGES
        if code not in LANG_INFO
    }
)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media files --------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Django serves uploads itself unless a web server or object storage does (production).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
    vars().update(EMAIL_CONFIG)
else:
    # Embedded default: each e-mail is a file under var/mail/, so `make run` shows what was sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ASEAN Smart Cities Portal <noreply@localhost>")

# --- Wagtail -----------------------------------------------------------------

WAGTAIL_SITE_NAME = "ASEAN Smart Cities Knowledge Portal"
# ASCII slugs: stable URLs that every feed, calendar and partner site can use as they are.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # Full-text search in the database: PostgreSQL's on PostgreSQL, FTS5 on SQLite.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# --- Translation ----------------------------------------------------------------
# Machine translation engine for the translation jobs (docs/translation.md):
# "deepl", "libretranslate", or empty for none (jobs then prepare the translation for
# human translators only). wagtail-localize's own backends, with our glossary around them.
TRANSLATION_ENGINE = env.str("TRANSLATION_ENGINE", default="")
TRANSLATION_ENGINE_URL = env.str("TRANSLATION_ENGINE_URL", default="")  # empty: the service's public address
TRANSLATION_ENGINE_KEY = env.str("TRANSLATION_ENGINE_KEY", default="")
TRANSLATION_ENGINE_TIMEOUT = env.int("TRANSLATION_ENGINE_TIMEOUT", default=30)
# The languages the engine translates into, in its own codes, when they differ from its
# documented list (a self-hosted LibreTranslate with other models installed).
TRANSLATION_ENGINE_LANGUAGES = env.list("TRANSLATION_ENGINE_LANGUAGES", default=[])
TRANSLATION_ENGINE_CLASSES = {
    "deepl": "translation.engines.DeepLEngine",
    "libretranslate": "translation.engines.LibreTranslateEngine",
}
if TRANSLATION_ENGINE:
    if TRANSLATION_ENGINE not in TRANSLATION_ENGINE_CLASSES:
        raise ImproperlyConfigured(
            f"TRANSLATION_ENGINE={TRANSLATION_ENGINE!r}: "
            f"use one of {', '.join(TRANSLATION_ENGINE_CLASSES)}, or leave it empty."
        )
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": TRANSLATION_ENGINE_CLASSES[TRANSLATION_ENGINE],
        "OPTIONS": {
            "API_URL": TRANSLATION_ENGINE_URL,
            "AUTH_KEY": TRANSLATION_ENGINE_KEY,  # DeepL's name for it
            "API_KEY": TRANSLATION_ENGINE_KEY,  # LibreTranslate's
            "LIBRETRANSLATE_URL": TRANSLATION_ENGINE_URL or "https://libretranslate.com",
            "TIMEOUT": TRANSLATION_ENGINE_TIMEOUT,
            "TARGET_LANGUAGES": TRANSLATION_ENGINE_LANGUAGES,
        },
    }
# Publishing a page in English queues its translation jobs (off during tests and demo loading).
TRANSLATE_ON_PUBLISH = env.bool("TRANSLATE_ON_PUBLISH", default=True)
# Segments sent in one engine request (DeepL accepts at most 50).
TRANSLATION_BATCH_SIZE = env.int("TRANSLATION_BATCH_SIZE", default=50)
# An engine error is retried after 30 s, 60 s, 120 s … until this many attempts have failed.
TRANSLATION_MAX_ATTEMPTS = env.int("TRANSLATION_MAX_ATTEMPTS", default=5)
TRANSLATION_RETRY_BASE_SECONDS = env.int("TRANSLATION_RETRY_BASE_SECONDS", default=30)
# Languages whose machine translations wait as drafts for a reviewer; the others are
# published at once with a "machine translated" notice.
TRANSLATION_DRAFT_LANGUAGES = env.list("TRANSLATION_DRAFT_LANGUAGES", default=[])
# "Translate this page" in the admin makes drafts; the translation job decides what is
# published (untranslated English must not go live under /th/).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Subscriptions -------------------------------------------------------------

# How long a confirmation link stays valid, and sign-ups allowed per client address per
# hour (a third of that per e-mail address).
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=7)
SUBSCRIPTION_SIGNUPS_PER_HOUR = env.int("SUBSCRIPTION_SIGNUPS_PER_HOUR", default=6)
# Delivery from the outbox (notifications/outbox.py): e-mails per batch, a pause between
# batches (the throttle), how long a worker's claim on a batch lasts, retries.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=200)
NOTIFICATIONS_BATCH_PAUSE_SECONDS = env.float("NOTIFICATIONS_BATCH_PAUSE_SECONDS", default=0)
NOTIFICATIONS_CLAIM_SECONDS = env.int("NOTIFICATIONS_CLAIM_SECONDS", default=300)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
# Secretariat notices go to the Secretariat group's members, and to this shared mailbox if set.
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="")
# Partner webhooks (notifications/webhooks.py).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
# A delivery is retried for this long; an endpoint failing for this long is disabled.
WEBHOOK_RETRY_FOR_SECONDS = env.int("WEBHOOK_RETRY_FOR_SECONDS", default=24 * 3600)
WEBHOOK_BATCH_SIZE = env.int("WEBHOOK_BATCH_SIZE", default=50)
# https only in production; loopback and private addresses refused unless allowed, so the
# portal cannot be used to probe the network it runs in.
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=not DEBUG)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)

# --- Accounts ----------------------------------------------------------------

# Delegates log in on the public site; editors and the secretariat through /admin/.
LOGIN_URL = "delegate_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/login/"
# Moderation e-mails go to the Secretariat group and the submitter, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# An edit made while a page is in review sends it back through review.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# --- Public API (DRF) ---------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The public API only reads; the form parsers are for wagtail-localize's translation
    # editor, whose DRF views take the segments a translator types as multipart PUTs.
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.api_access.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api_access.PartnerAwareThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "partner": env.str("API_PARTNER_RATE", default="1200/minute"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api_http.StablePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api_http.json_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,  # JSON only; and events have a `format` filter (in person, online …)
    # Proxies in front of the site: 0 means the client is REMOTE_ADDR and X-Forwarded-For
    # (which any client can send) is ignored when counting requests against the rate limit.
    "NUM_PROXIES": env.int(
        "NUM_PROXIES", default=0
    ),  # JSON only; and events have a `format` filter (in person, online …)
}
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)  # Cache-Control max-age of API responses
# Partners send their key in the header "X-Api-Key: <key>".
API_KEY_CUSTOM_HEADER = "HTTP_X_API_KEY"
SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Smart Cities Knowledge Portal API",
    "DESCRIPTION": (
        "Read-only access to the published case studies, cities, countries, events, event materials and "
        "focus areas of the ASEAN Smart Cities Network. Anonymous clients are rate-limited; partners with an "
        "API key (header `X-Api-Key`) get a higher limit. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["portal.api.only_public_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.document_errors"],
    # Anonymous access is allowed everywhere: the key is optional.
    "SECURITY": [{"PartnerKey": []}, {}],
}
# Public data, readable from any site's JavaScript; nothing but reads.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|feeds|embed|oembed)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since", "x-api-key", "authorization"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# --- Portal ------------------------------------------------------------------

# Map tiles: any XYZ tile server. Empty means no tiles: the map still shows the
# cities over a plain background (and the page lists them without JavaScript).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
LIBRARY_PAGE_SIZE = env.int("LIBRARY_PAGE_SIZE", default=12)
SEARCH_QUERY_MAX_LENGTH = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task and page action is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # fpdf2 subsetting fonts for the demo PDFs
    },
}
