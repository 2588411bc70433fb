"""Settings shared by every profile. Values that differ per machine come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"环境变量 {name} 未设置 (the {name} environment variable is required)"
        )
    return value


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "civicgrid",
    "content",
    "governance",
    "governance.events",
    "governance.resident_reports",
    "governance.care",
    "governance.officials",
    "wagtail.api.v3",
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
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
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Leaflet's own files (leaflet/leaflet.js, leaflet/draw/…) as static files; no GIS needed.
    "leaflet",
]

MIDDLEWARE = [
    # First: a warm answer for an anonymous reader costs one cache round trip and nothing else.
    "civicgrid.response_cache.ResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "civicgrid.security.headers.SecurityHeadersMiddleware",
    "civicgrid.security.input_guard.NulCharacterGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "civicgrid.api_headers.ApiHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "civicgrid.security.two_factor.gate.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "civicgrid.error_pages.ProjectErrorPagesMiddleware",
]
# Under DEBUG (make demo), still answer with the site's own 404 and 500 pages (error_pages.py).
PROJECT_ERROR_PAGES = env_bool("PROJECT_ERROR_PAGES", True)

ROOT_URLCONF = "civicgrid.urls"
WSGI_APPLICATION = "civicgrid.wsgi.application"

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
                "civicgrid.context_processors.product_name",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share the file. Write-ahead logging lets them read
    # while the other writes; writes still take turns, so a writer waits up to 20 s for the
    # other (an import holds its transaction until it ends) instead of failing after 5 s, and
    # takes the write lock when its transaction begins, so waiting readers cannot deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # An outage reads as an empty cache rather than a 500 on every page.
            "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "civicgrid",
            # A Redis that stops answering (not only one that refuses) is given up on soon.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
else:
    # A file cache is shared by the web process and the task worker (import progress, login
    # throttling); ours makes its counters atomic. Production should set REDIS_URL.
    CACHES = {
        "default": {
            "BACKEND": "civicgrid.cache.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            # Django's default of 300 entries is soon reached by cached pages, and culling
            # drops a third at random: rate-limit counters went with them.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# China keeps one time zone; with a single choice Wagtail drops the account page's list of
# 600 time zones named in English.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files with personal data (uploaded sheets, reports) live here and are never served directly.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# A city-wide file: 300,000 rows of a dozen columns is about 15 MB as .xlsx, 40 MB as .csv.
# Rows are streamed, so the caps bound time and the upload, not memory.
IMPORT_MAX_BYTES = 40 * 1024 * 1024
IMPORT_MAX_ROWS = 300_000
IMPORT_MAX_COLUMNS = 200
IMPORT_MAX_CELL_CHARS = 5_000
# An .xlsx is a zip archive: these bound what it may inflate to before anything reads it. Its
# sheet is parsed as a stream, so they bound time; a 300,000-row sheet written with inline
# strings (as openpyxl writes) inflates to about 130 MB.
IMPORT_MAX_UNPACKED_PART_BYTES = 192 * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = 100
# openpyxl holds every distinct text of a workbook in memory at once.
IMPORT_MAX_SHARED_STRINGS = 500_000
IMPORT_MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
# A running import or report beats every few seconds; one silent for this long was killed, and
# the next worker to start marks it "failed (can be retried)".
JOB_STALE_AFTER_SECONDS = int(os.environ.get("JOB_STALE_AFTER_SECONDS", "60"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: spreadsheets and documents stay small; anything larger is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (large imports, PDF reports) goes through django-tasks; the database backend
# needs a worker: `python manage.py db_worker`. TASKS_BACKEND=immediate runs tasks inline.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_BACKEND == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
# /healthz answers 503, and superusers see a warning, once a task has waited longer than this.
TASKS_MAX_QUEUE_AGE = int(os.environ.get("TASKS_MAX_QUEUE_AGE", "600"))
# How long a web process may replay an anonymous answer it checked without asking Redis again
# (a write in another process shows within this time; 0: every answer costs one round trip).
RESPONSE_CACHE_RECENT_SECONDS = float(os.environ.get("RESPONSE_CACHE_RECENT_SECONDS", "1"))

# The admin's title, sign-in heading and dashboard heading (the demo's Site is named after it).
WAGTAIL_SITE_NAME = "网格通"
# The admin's "new Wagtail version" notice asks wagtail.org from the editor's browser: offline
# (and slow) in most of our deployments, where it showed an empty "新版本： 。".
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Avatars come from our own static files: no staff e-mail hash goes to gravatar.com, and the
# admin works on networks without internet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Chinese text is indexed as character pairs (content/search/chinese.py); the "simple"
# configuration keeps PostgreSQL from stemming them as English.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "content.search.backend", "SEARCH_CONFIG": "simple"}
}
# Above this many addresses /sitemap.xml becomes an index of /sitemap-1.xml, /sitemap-2.xml, …
# (content/sitemap.py). The sitemap protocol allows 50,000; smaller parts are quicker to serve.
SITEMAP_MAX_URLS = int(os.environ.get("SITEMAP_MAX_URLS", "5000"))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "pptx", "txt", "xlsx", "xls", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False

# The headless API (/api/): Wagtail's v3 pages API plus our registry router, one OpenAPI document.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_DOCS_ENABLED = True
# Front ends on other origins (a mini-program's web view, a dashboard) that may call the API.
API_CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS", [])

# Report blocks apps add to the layouts' StreamField (governance/reports/blocks.py), by dotted
# path like INSTALLED_APPS: the core reads the list and never imports an app by name.
REPORT_EXTRA_BLOCKS = [
    "governance.events.report_blocks.EventsTableBlock",
    "governance.events.report_blocks.EventCategoriesBlock",
    "governance.events.report_blocks.OverdueEventsBlock",
    "governance.care.report_blocks.CareCoverageBlock",
    "governance.officials.report_blocks.OfficialsListsBlock",
    "governance.officials.report_blocks.OfficialsEvaluationBlock",
]

# Events: a resolved event closes after this many days without a rating; its reporter may have it
# reopened within as many; possible duplicates are looked for this many days back.
EVENT_AUTO_CLOSE_DAYS = int(os.environ.get("EVENT_AUTO_CLOSE_DAYS", "7"))
EVENT_REOPEN_DAYS = int(os.environ.get("EVENT_REOPEN_DAYS", "7"))
EVENT_DUPLICATE_DAYS = int(os.environ.get("EVENT_DUPLICATE_DAYS", "7"))
# Reminders go out this many hours before an event's deadline.
EVENT_REMINDER_HOURS = int(os.environ.get("EVENT_REMINDER_HOURS", "4"))
# Photos and files on an event: each at most this size, at most this many per upload; photos
# are re-encoded no larger than EVENT_PHOTO_MAX_SIDE pixels on their longer side.
EVENT_ATTACHMENT_MAX_BYTES = int(os.environ.get("EVENT_ATTACHMENT_MAX_BYTES", str(10 << 20)))
EVENT_ATTACHMENT_MAX_FILES = 6
EVENT_PHOTO_MAX_SIDE = 2560
# Reminders and overdue alerts appear in the admin's notification list, and go out on these
# outbox channels too (each needs a sender: e-mail is built in, others come from OUTBOX_SENDERS).
EVENT_ALERT_CHANNELS = env_list("EVENT_ALERT_CHANNELS", ["email"])
# Extra outbox senders by channel, as dotted paths: {"sms": "myorg.sms.AliyunSender"}.
OUTBOX_SENDERS = {}
# A message still "sending" this long after it was taken was left by a killed run: send it again.
OUTBOX_SENDING_LEASE_SECONDS = int(os.environ.get("OUTBOX_SENDING_LEASE_SECONDS", "300"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "5"))
# The demo's worker runs the deadlines pass this often (production runs it from cron).
# Residents' reports (governance/resident_reports): photos per report, and how many reports
# one client address and one phone may send, and lookups one address may make, per hour.
RESIDENT_REPORT_MAX_PHOTOS = 3
RESIDENT_REPORT_PER_ADDRESS = int(os.environ.get("RESIDENT_REPORT_PER_ADDRESS", "5"))
RESIDENT_REPORT_PER_PHONE = int(os.environ.get("RESIDENT_REPORT_PER_PHONE", "3"))
RESIDENT_LOOKUP_PER_HOUR = int(os.environ.get("RESIDENT_LOOKUP_PER_HOUR", "10"))
# Posts of the form per address and hour, valid or not, counted before the photos are decoded.
RESIDENT_REPORT_ATTEMPTS_PER_ADDRESS = int(
    os.environ.get("RESIDENT_REPORT_ATTEMPTS_PER_ADDRESS", "30")
)
OPEN311_REQUESTS_PER_HOUR = int(os.environ.get("OPEN311_REQUESTS_PER_HOUR", "600"))
# The outbox channel that tells reporters how their report goes (recorded in the admin until
# a sender for it is configured in OUTBOX_SENDERS).
RESIDENT_REPORT_CHANNEL = os.environ.get("RESIDENT_REPORT_CHANNEL", "sms")
EVENT_DEADLINES_EVERY_SECONDS = int(os.environ.get("EVENT_DEADLINES_EVERY_SECONDS", "300"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "网格通 <noreply@civicgrid.local>")

LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "civicgrid.security.forms.ThrottledLoginForm"
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "10"))
LOGIN_LOCK_SECONDS = int(os.environ.get("LOGIN_LOCK_SECONDS", str(15 * 60)))
# Behind a reverse proxy, the header it puts the client's address in (X-Forwarded-For or
# X-Real-IP) and how many proxies in a row add to it. Unset, REMOTE_ADDR is the client's address
# and the header is ignored: a client could forge it.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT 至少为 1 (the number of trusted proxies)")
# Two-step sign-in is open to every admin user; this makes it compulsory for superusers.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = "网格通 CivicGrid"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The care ledger (governance/care): residents' ID numbers are encrypted with this Fernet key
# (a comma-separated list rotates keys: the first encrypts, any decrypts). Production requires it.
PERSONAL_DATA_KEY = os.environ.get("PERSONAL_DATA_KEY", "")
# How often the worker refreshes the care ledger's due dates for memberships that began or ended.
CARE_LEDGER_REFRESH_EVERY_SECONDS = int(os.environ.get("CARE_LEDGER_REFRESH_EVERY_SECONDS", "3600"))

# The grid map (governance/geo). Boundaries are stored in WGS-84. MAP_BASE names the base map:
# "offline" (the default: no tiles from outside; boundaries and points on a plain background, or
# MAP_TILE_URL's self-hosted tiles), "tianditu" (CGCS2000, drawn as WGS-84; needs
# MAP_TIANDITU_KEY), "amap" or "tencent" (GCJ-02: shapes are shifted on display and drawn shapes
# shifted back before they are stored).
MAP_BASE = os.environ.get("MAP_BASE", "offline").strip().lower()
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TIANDITU_KEY = os.environ.get("MAP_TIANDITU_KEY", "").strip()
# How far (metres) a child's boundary may stray outside its parent's before it is refused.
MAP_PARENT_TOLERANCE_METRES = float(os.environ.get("MAP_PARENT_TOLERANCE_METRES", "20"))
