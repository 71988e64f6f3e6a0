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

# PRODUCTION=1: a public deployment behind a TLS-terminating proxy. The variables below
# must then be set (no generated secret, no SQLite, no embedded broker), and the security
# settings further down default to their strict values (docs/deployment.md).
PRODUCTION = env.bool("PRODUCTION", default=False)
PRODUCTION_REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"]
if PRODUCTION:
    _missing = [name for name in PRODUCTION_REQUIRED if not env.str(name, default="").strip()]
    if _missing:
        raise ImproperlyConfigured(
            f"PRODUCTION is set but {', '.join(_missing)} {'is' if len(_missing) == 1 else 'are'} not: "
            "set them in the environment (see docs/deployment.md)."
        )
    if DEBUG:
        raise ImproperlyConfigured("PRODUCTION and DEBUG are both set: a public site must not run with DEBUG.")
    _key = env.str("SECRET_KEY")
    if len(_key) < 50 or len(set(_key)) < 5 or _key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )


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
    "exchange",
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
    "csp",
    "django_tasks",
    "django_tasks_fennel",
    # Accounts: login lock-out, two-factor authentication (TOTP and backup codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so every later middleware's and the view's log lines carry the request id.
    "portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PublicDataGZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Whole pages for anonymous visitors (portal/page_cache.py): after the middleware whose
    # headers every answer needs (request id, security, CSP), before those whose headers are
    # stored with the page (Vary, Content-Language, ETag) and the session.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/th/…); unprefixed URLs are English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the admin closed until the second factor is given.
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.AtomicAdminWritesMiddleware",
    # Last: turns a locked-out login attempt into the lock-out page (HTTP 429).
    "axes.middleware.AxesMiddleware",
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
    # Write-ahead log: readers (the web processes) no longer wait for a writer (the worker), and
    # a commit appends to the log instead of syncing the whole file; synchronous=NORMAL is
    # crash-safe in WAL mode (a power cut may lose the last commits). Production: PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
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
            # Django's RedisCache that misses instead of failing when Redis is down (portal/cache.py).
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": env.str("CACHE_URL", default=_redis_db(REDIS_URL, 1)),
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                # Short, so a dead or unanswering Redis costs a request a fraction of a second.
                "socket_connect_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.25),
                "socket_timeout": env.float("CACHE_TIMEOUT_SECONDS", default=0.25),
                # After a failure, Redis is left alone this long (and warned about once a minute).
                "down_for": env.float("CACHE_RETRY_AFTER_SECONDS", default=5),
                "warn_every": 60,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/,
# so a fresh machine runs a worker and beat with nothing else installed.

CELERY_DIR = VAR_DIR / "celery"
# An unreachable broker must not hold up the request that queues a task (portal/broker.py):
# connecting and publishing give up within about BROKER_TIMEOUT_SECONDS (+ two quick retries),
# the work waits in the database, and the sweepers below queue it when the broker is back.
BROKER_TIMEOUT_SECONDS = env.float("BROKER_TIMEOUT_SECONDS", default=1)
BROKER_RETRY_AFTER_SECONDS = env.float("BROKER_RETRY_AFTER_SECONDS", default=10)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": BROKER_TIMEOUT_SECONDS}  # Redis's; others ignore it
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    for sub in ("queue", "processed", "results"):
        (CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
        # kombu polls the folder once a second by default, taking one message a poll: jobs
        # behind Wagtail's own background tasks waited tens of seconds (bench/README.md).
        "polling_interval": env.float("BROKER_POLLING_SECONDS", default=0.1),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = 5 * BROKER_TIMEOUT_SECONDS
# The Redis result backend retries 20 times a second apart by default, and .delay() waits
# for it (it subscribes to the result): a publish would hang 20 s.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY}
# The workers' heartbeat task (portal/health.py) is not in an app's tasks module.
CELERY_IMPORTS = ["portal.health"]
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
# A sent translation job not started within this is sent again (its message was lost); a
# worker skips a copy whose job is finished or running.
TRANSLATION_REQUEUE_AFTER_SECONDS = env.int("TRANSLATION_REQUEUE_AFTER_SECONDS", default=3600)
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=3 * WORKER_HEARTBEAT_SECONDS)
# /readyz answers 503 only when one of these fails; the others make it "degraded" (200), see
# docs/operations.md. Any of database, cache, broker, worker.
READYZ_REQUIRED = env.list("READYZ_REQUIRED", default=["database"])
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
    # Freshness reminders (casestudies/freshness.py): daily, 02:00 UTC unless REVIEW_REMINDER_HOUR says otherwise.
    "review-reminders": {
        "task": "casestudies.tasks.send_review_reminders",
        "schedule": crontab(minute=0, hour=env.int("REVIEW_REMINDER_HOUR", default=2)),
    },
    # Wagtail's "go live" / "expiry" dates only take effect when this runs.
    "publish-scheduled-pages": {
        "task": "portal.tasks.publish_scheduled_pages",
        "schedule": env.int("PUBLISH_SCHEDULED_EVERY_SECONDS", default=300),
    },
    # Translation jobs nobody has (never queued: broker down; lost with Redis; dead worker).
    "sweep-translation-jobs": {
        "task": "translation.tasks.sweep_jobs",
        "schedule": env.int("TRANSLATION_SWEEP_EVERY_SECONDS", default=60),
    },
    # A worker notes the time: /readyz reports the workers stale after WORKER_HEARTBEAT_STALE_SECONDS.
    "worker-heartbeat": {
        "task": "portal.health.heartbeat",
        "schedule": WORKER_HEARTBEAT_SECONDS,
        "options": {"expires": WORKER_HEARTBEAT_SECONDS},  # a backlog of heartbeats says nothing
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
# Where `manage.py backup` (`make backup`) writes its tarballs (docs/operations.md).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
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
    # Full-text search in the database: PostgreSQL's on PostgreSQL, FTS5 on SQLite (Wagtail's
    # backend, with SQLite's ranking made linear in the matches: portal/search_backend.py).
    "default": {"BACKEND": "portal.search_backend"},
}
# Uploads are checked by content, not by name (portal/uploads.py, docs/security.md "Uploads").
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.DocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpeg", "jpg", "png", "webp"]  # never "svg": it can carry scripts
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("UPLOAD_MAX_IMAGE_MB", default=10) * 1024 * 1024
# Pixels (all frames) of one image: a 50-megapixel photo decodes to 200 MB per rendition.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=50_000_000)
# Publishing a page queues a job that makes its images' renditions (portal/renditions.py),
# so no visitor waits for a resize. Off for the tests, which switch it on where they need it.
RENDITIONS_ON_PUBLISH = env.bool("RENDITIONS_ON_PUBLISH", default=True)
WAGTAILDOCS_EXTENSIONS = [
    "csv", "doc", "docx", "key", "mp4", "odp", "ods", "odt", "pdf", "ppt", "pptx", "rtf", "txt", "webm", "xls",
    "xlsx", "zip",
]  # fmt: skip
UPLOAD_MAX_DOCUMENT_SIZE = env.int("UPLOAD_MAX_DOCUMENT_MB", default=25) * 1024 * 1024
UPLOAD_MAX_VIDEO_SIZE = env.int("UPLOAD_MAX_VIDEO_MB", default=200) * 1024 * 1024
# Wagtail's own limit (and its uploader's in the browser) is the larger; ours are per kind.
WAGTAILDOCS_MAX_UPLOAD_SIZE = max(UPLOAD_MAX_DOCUMENT_SIZE, UPLOAD_MAX_VIDEO_SIZE)
# ZIP and the ZIP-based Office formats: refused beyond these (zip bombs).
UPLOAD_ARCHIVE_MAX_ENTRIES = env.int("UPLOAD_ARCHIVE_MAX_ENTRIES", default=5000)
UPLOAD_ARCHIVE_MAX_UNPACKED_SIZE = env.int("UPLOAD_ARCHIVE_MAX_UNPACKED_MB", default=256) * 1024 * 1024
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", default=100)
# Documents always go through Wagtail's view (privacy, Content-Disposition, nosniff, a CSP
# that blocks scripts), never a redirect to storage; only PDFs open in the browser.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
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
# Delivery tasks sending side by side (one per worker process is the most that helps).
NOTIFICATIONS_DELIVERY_CHAINS = env.int("NOTIFICATIONS_DELIVERY_CHAINS", default=2)
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

# --- Exchange between cities (exchange/, issue 10) --------------------------------

# "Contact the team" messages allowed per client address per hour (a third of that per
# sender e-mail address, at least one); more get a clear "try again later".
CONTACT_MESSAGES_PER_HOUR = env.int("CONTACT_MESSAGES_PER_HOUR", default=10)
# Freshness: a published case study not reviewed for this many months reminds its city's
# editors; if nobody reviews it this many days after the reminder, the secretariat is told.
REVIEW_REMINDER_MONTHS = env.int("REVIEW_REMINDER_MONTHS", default=12)
REVIEW_ESCALATION_DAYS = env.int("REVIEW_ESCALATION_DAYS", default=30)

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

# django-axes checks every login first: a locked-out client is refused before its password is.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A login lasts one working day at most, and ends with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lock-out (portal/lockout.py, docs/security.md): LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address lock that pair out for LOGIN_LOCKOUT_MINUTES after the last try;
# other users and addresses are not affected. Kept in the database, so it holds with Redis down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("LOGIN_LOCKOUT_MINUTES", default=60) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # the Secretariat's view is in the Wagtail admin
# The client's address as the API's rate limit sees it (REST_FRAMEWORK's NUM_PROXIES): with 0,
# REMOTE_ADDR, and an X-Forwarded-For a client sends is ignored (django-ipware's proxy count reads
# the header differently, so it is not used).
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_ip"

# Two-factor authentication (portal/two_factor.py): required for superusers and these groups,
# available to every other editor.
TWO_FACTOR_REQUIRED_GROUPS = env.list("TWO_FACTOR_REQUIRED_GROUPS", default=["Secretariat"])
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="ASEAN Smart Cities Portal")

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
# Seconds a rendered public page stays in the cache for anonymous visitors (portal/page_cache.py);
# a publish anywhere makes new entries at once. 0: no page cache (the default with DEBUG, so a
# template edit shows on the next reload).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
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

# --- Security headers and TLS ---------------------------------------------------
# Each defaults to its strict value when PRODUCTION is set, and can be overridden alone.

# The proxy in front terminates TLS and says so in X-Forwarded-Proto (it must overwrite
# whatever a client sent in that header). Empty: no proxy header is trusted.
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO" if PRODUCTION else "")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the embed pages opt out (portal/embeds.py)
# Editors' avatars are not fetched from Gravatar (it would tell it who uses the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Browser features no page of the portal uses (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy (django-csp): scripts only from the portal itself, never inline;
# no plugins, no <base>, forms post only here. Style attributes stay allowed (Wagtail's
# responsive embeds and Leaflet use them); <style> elements do not. The Wagtail admin
# needs inline scripts, so it gets portal.csp's looser policy (docs/security.md).
_frame_src = env.list("CSP_FRAME_SRC", default=["https:"])  # video embeds (YouTube, Vimeo …)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *_frame_src],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "upgrade-insecure-requests": PRODUCTION,
        "report-uri": env.str("CSP_REPORT_URI", default="") or None,
    },
}

# One format for web, workers and beat (portal/logging.py, docs/operations.md "Logs"):
# JSON lines for log collectors in production, one readable line per record with DEBUG on.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "portal.logging.ContextFilter"}},
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "text": {"()": "portal.logging.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Without handlers of their own (Django's defaults give them text ones), so their
        # lines reach the root's handler in the same format as everything else.
        "django": {"level": "INFO", "handlers": [], "propagate": True},
        "django.server": {"level": "INFO", "handlers": [], "propagate": True},
        # gunicorn's worker and access lines, once a worker has loaded Django.
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # One line per background task and page action is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # fpdf2 subsetting fonts for the demo PDFs
    },
}
