"""Django settings for Xinfang. Every deployment-specific value comes from the environment."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_float, env_int, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("XF_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_secret("XF_SECRET_KEY", VAR_DIR / "secret_key")
DEBUG = env_bool("XF_DEBUG", False)
ALLOWED_HOSTS = [h for h in env_str("XF_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("XF_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "xinfang.core",
    "xinfang.org",
    "xinfang.people",
    "xinfang.notify",
    "xinfang.cases",
    "xinfang.routing",
    "xinfang.followup",
    "xinfang.intake",
    "xinfang.assessment",
    "xinfang.insight",
    "xinfang.portal",
    "xinfang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xinfang.core.middleware.ChosenLanguageMiddleware",
    "xinfang.portal.middleware.PortalHostMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/ in WAL mode for the embedded default.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xinfang.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("XF_DB_CONN_MAX_AGE", 0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one of
        # them failing with "database is locked" when it upgrades a read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("XF_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Case attachments (a petitioner's photos, scans, recordings): private files outside any
    # served directory, given out only by the views that check who may see the case.
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env_str("XF_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("XF_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "xinfang.api.pagination.CasePagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "xinfang.api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xinfang API",
    "DESCRIPTION": "Register, route and follow citizen petitions (信访) from other systems.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a status and a channel; the cases' keep their plain names.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "xinfang.cases.choices.CaseStatus",
        "ChannelEnum": "xinfang.cases.choices.Channel",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("XF_LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------------------------------------
# Xinfang features. Each constant has a default and says what it does.
# ---------------------------------------------------------------------------------------------

# Crypto suite for event hash chains and personal data: "intl" (SHA-256, AES-256-GCM,
# HMAC-SHA-256) or "sm" (国密: SM3, SM4-GCM, HMAC-SM3).
XF_CRYPTO_SUITE = env_str("XF_CRYPTO_SUITE", "intl")
if XF_CRYPTO_SUITE not in {"intl", "sm"}:
    raise ImproperlyConfigured("XF_CRYPTO_SUITE must be 'intl' or 'sm'")
# Key material for personal-data encryption and the keyed lookup hash. Kept apart from
# SECRET_KEY so that rotating sessions never makes stored ID numbers unreadable.
XF_DATA_KEY = env_secret("XF_DATA_KEY", VAR_DIR / "data_key")

# Deadlines from the 信访工作条例, in days.
XF_DAYS_TO_DECIDE = env_int("XF_DAYS_TO_DECIDE", 15)  # Art. 22/23: accept and notify
XF_DAYS_TO_ACKNOWLEDGE = env_int("XF_DAYS_TO_ACKNOWLEDGE", 5)  # Art. 23: object within 5 days
XF_DAYS_TO_REPLY = env_int("XF_DAYS_TO_REPLY", 60)  # Art. 34: reply within 60 days
XF_MAX_EXTENSION_DAYS = env_int("XF_MAX_EXTENSION_DAYS", 30)  # Art. 34: one extension
XF_DAYS_TO_REQUEST_REVIEW = env_int("XF_DAYS_TO_REQUEST_REVIEW", 30)  # Art. 35/36
XF_DAYS_TO_DECIDE_REVIEW = env_int("XF_DAYS_TO_DECIDE_REVIEW", 30)  # Art. 35/36
# Follow-up (回访): re-handling after an unsatisfied answer (level 2) and at the city level
# (level 3), in calendar days; a service level rule for these deadlines overrides them.
XF_FOLLOWUP_LEVEL2_DAYS = env_int("XF_FOLLOWUP_LEVEL2_DAYS", 15)
XF_FOLLOWUP_LEVEL3_DAYS = env_int("XF_FOLLOWUP_LEVEL3_DAYS", 30)
# A survey not answered after REMIND days gets one reminder; after EXPIRE days it counts as
# 未评价 (not rated), never as satisfied.
XF_SURVEY_REMIND_DAYS = env_int("XF_SURVEY_REMIND_DAYS", 3)
XF_SURVEY_EXPIRE_DAYS = env_int("XF_SURVEY_EXPIRE_DAYS", 7)
if not 0 < XF_SURVEY_REMIND_DAYS < XF_SURVEY_EXPIRE_DAYS:
    raise ImproperlyConfigured("XF_SURVEY_REMIND_DAYS must be below XF_SURVEY_EXPIRE_DAYS")
# Assessment (万分制): a unit with fewer counted cases in a period is shown but not ranked;
# the scores from which a unit is graded green, blue, yellow, orange (below: red).
XF_ASSESSMENT_MIN_SAMPLE = env_int("XF_ASSESSMENT_MIN_SAMPLE", 10)
XF_ASSESSMENT_GRADES = [
    int(x) for x in env_str("XF_ASSESSMENT_GRADES", "9800,9500,9000,8500").split(",")
]
if len(XF_ASSESSMENT_GRADES) != 4 or XF_ASSESSMENT_GRADES != sorted(XF_ASSESSMENT_GRADES)[::-1]:
    raise ImproperlyConfigured("XF_ASSESSMENT_GRADES: four scores, highest first")
# The font the reports draw Chinese with: empty finds an installed one (fonts-noto-cjk), a
# path names a font file, "none" draws without (and makes no PDF).
XF_REPORT_FONT = env_str("XF_REPORT_FONT", "")
# Where petitioners open survey links (the public address of this server); the SMS carries
# this plus /s/<token>. Falls back to XF_NOTIFY_SITE_URL.
XF_PUBLIC_SITE_URL = env_str("XF_PUBLIC_SITE_URL", "")
# Key that signs the public portal's CAPTCHA challenges (xinfang/portal/captcha.py); by
# default derived from SECRET_KEY, so rotating that key also voids challenges in flight.
XF_CAPTCHA_HMAC_KEY = (
    env_str("XF_CAPTCHA_HMAC_KEY", "")
    or hmac.new(SECRET_KEY.encode(), b"xinfang.portal.captcha", hashlib.sha256).hexdigest()
)
# Public portal: the code of the unit that registers online petitions whose place has no
# petition bureau above it (empty: the highest petition bureau).
XF_PORTAL_UNIT = env_str("XF_PORTAL_UNIT", "")
# Host names that serve the portal alone, at their root (e.g. xinfang.example.gov.cn); they
# must also be in XF_ALLOWED_HOSTS. Empty: the portal is at /portal/ on every host.
XF_PORTAL_HOSTS = [h.lower() for h in env_str("XF_PORTAL_HOSTS", "").split(",") if h]
# How long (minutes) a code and password, once entered, open the case in that browser.
XF_PORTAL_ACCESS_MINUTES = env_int("XF_PORTAL_ACCESS_MINUTES", 30)
# Attempts allowed to open a case by code and password: per address per minute, and per
# case code per hour (whoever tries it).
XF_PORTAL_TRACK_RATE = env_str("XF_PORTAL_TRACK_RATE", "5/m")
XF_PORTAL_TRACK_CODE_RATE = env_str("XF_PORTAL_TRACK_CODE_RATE", "20/h")
# Petitions accepted through the portal: per address per hour, per phone per day.
XF_PORTAL_SUBMIT_RATE = env_str("XF_PORTAL_SUBMIT_RATE", "10/h")
XF_PORTAL_SUBMIT_PHONE_RATE = env_str("XF_PORTAL_SUBMIT_PHONE_RATE", "5/d")
# Robot-check challenges handed out per address (each tick of the box fetches one).
XF_PORTAL_CAPTCHA_RATE = env_str("XF_PORTAL_CAPTCHA_RATE", "60/h")

# Deadline colour: yellow when less than this share of the span is left ...
XF_YELLOW_SHARE = env_float("XF_YELLOW_SHARE", 0.2)
# ... or when fewer than this many hours are left.
XF_YELLOW_HOURS = env_int("XF_YELLOW_HOURS", 72)
# Reminders before a deadline set by law or by a chosen date ("3d,1d": d days, h hours,
# m minutes); a service level rule sets its own, whose first reminder also turns it yellow.
XF_REMIND_BEFORE = env_str("XF_REMIND_BEFORE", "3d,1d")

# A case with at least this many people is a group petition (群体访, Art. 20).
XF_GROUP_HEADCOUNT = env_int("XF_GROUP_HEADCOUNT", 5)
# Longest accepted case content, in characters.
XF_MAX_CONTENT_LENGTH = env_int("XF_MAX_CONTENT_LENGTH", 20_000)
# Case attachments: the largest file accepted, in bytes, and how many files one case takes.
XF_ATTACHMENT_MAX_BYTES = env_int("XF_ATTACHMENT_MAX_BYTES", 10_000_000)
XF_ATTACHMENT_MAX_FILES = env_int("XF_ATTACHMENT_MAX_FILES", 5)
# Name of the body that issues notices and handles 复查 requests, shown on the notices.
XF_REVIEW_BODY = env_str("XF_REVIEW_BODY", "上一级行政机关")

# Group petitions forming: this many similar cases (the new one included) from one region ...
XF_GROUP_WARNING_CASES = env_int("XF_GROUP_WARNING_CASES", 5)
# ... within this many days raise a warning.
XF_GROUP_WARNING_DAYS = env_int("XF_GROUP_WARNING_DAYS", 7)
# Share of shared character bigrams (0–1) at which two cases count as "similar" for that warning.
XF_GROUP_SIMILARITY = env_float("XF_GROUP_SIMILARITY", 0.35)
# Earlier cases received within this many days are searched for near-duplicates.
XF_DUPLICATE_WINDOW_DAYS = env_int("XF_DUPLICATE_WINDOW_DAYS", 90)
# Routing suggestions, duplicate search and group warnings at each registration; switch off
# only to register without them (the cases can be checked later from their pages).
XF_SMART_INTAKE = env_bool("XF_SMART_INTAKE", True)

# Background work. "embedded": `manage.py serve` (or `manage.py runworker`) runs the periodic
# jobs in-process and one-off tasks run inline; "celery": Celery beat and workers run both.
XF_BACKGROUND = env_str("XF_BACKGROUND", "embedded")
if XF_BACKGROUND not in {"embedded", "celery"}:
    raise ImproperlyConfigured("XF_BACKGROUND must be 'embedded' or 'celery'")
# Seconds the in-process job loop sleeps between two passes over the due jobs.
XF_WORKER_TICK = env_float("XF_WORKER_TICK", 5.0)
if XF_WORKER_TICK <= 0:
    raise ImproperlyConfigured("XF_WORKER_TICK must be a positive number of seconds")
# Redis URL of Celery's broker; only the "celery" mode connects to it.
XF_REDIS_URL = env_str("XF_REDIS_URL", "redis://127.0.0.1:6379/0")
# Celery reads these CELERY_* settings (config/celery.py): the broker is XF_REDIS_URL ...
CELERY_BROKER_URL = XF_REDIS_URL
# ... tasks always go through the broker, never run eagerly in the caller ...
CELERY_TASK_ALWAYS_EAGER = False
# ... beat's schedule follows the deployment's time zone ...
CELERY_TIMEZONE = TIME_ZONE
# ... and a worker keeps retrying the broker when it starts before Redis does.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Messages (notify). The channels each kind of message goes out on: "kind=channel+channel,..."
# with channels inbox, sms and email. Every message reaches the inbox; kinds not listed get
# only the inbox.
XF_NOTIFY_CHANNELS = {
    kind.strip(): tuple(channel.strip() for channel in channels.split("+") if channel.strip())
    for kind, _sep, channels in (
        item.partition("=")
        for item in env_str(
            "XF_NOTIFY_CHANNELS",
            "assigned=inbox+sms,instruction=inbox+sms,urge=inbox+sms,"
            "overdue=inbox+sms+email,reminder=inbox,rehandle=inbox+sms,escalate=inbox+sms,"
            "difficult=inbox+sms",
        ).split(",")
        if item.strip()
    )
}
if any(c not in {"inbox", "sms", "email"} for cs in XF_NOTIFY_CHANNELS.values() for c in cs):
    raise ImproperlyConfigured("XF_NOTIFY_CHANNELS: channels are inbox, sms and email")
# Who sends a new SMS or e-mail once the sending transaction commits: "inline" (this
# process, at once) or "queue" (the function named by XF_NOTIFY_QUEUE, given the message ids).
XF_NOTIFY_DISPATCH = env_str("XF_NOTIFY_DISPATCH", "inline")
if XF_NOTIFY_DISPATCH not in {"inline", "queue"}:
    raise ImproperlyConfigured("XF_NOTIFY_DISPATCH must be 'inline' or 'queue'")
# Dotted path of that queue function; empty means inline even in "queue" mode.
XF_NOTIFY_QUEUE = env_str("XF_NOTIFY_QUEUE", "")
# A failed SMS or e-mail is tried again after this many seconds, doubling each time ...
XF_NOTIFY_RETRY_BASE_SECONDS = env_int("XF_NOTIFY_RETRY_BASE_SECONDS", 60)
# ... but never waiting longer than this ...
XF_NOTIFY_RETRY_MAX_SECONDS = env_int("XF_NOTIFY_RETRY_MAX_SECONDS", 3600)
# ... and it is marked failed after this many attempts.
XF_NOTIFY_MAX_ATTEMPTS = env_int("XF_NOTIFY_MAX_ATTEMPTS", 5)
# Address of the staff site (https://xf.example.gov.cn), put before links in SMS and e-mail;
# empty: they carry no link.
XF_NOTIFY_SITE_URL = env_str("XF_NOTIFY_SITE_URL", "")
# SMS gateway class: FileSmsGateway (writes XF_SMS_FILE) or HttpSmsGateway (posts to XF_SMS_URL).
XF_SMS_GATEWAY = env_str("XF_SMS_GATEWAY", "xinfang.notify.gateways.FileSmsGateway")
# File FileSmsGateway appends one JSON line per SMS to.
XF_SMS_FILE = env_str("XF_SMS_FILE", str(VAR_DIR / "sms.log"))
# URL HttpSmsGateway posts each SMS to.
XF_SMS_URL = env_str("XF_SMS_URL", "")
# JSON body HttpSmsGateway posts, with {phone} and {text} inside its strings.
XF_SMS_BODY_TEMPLATE = env_str("XF_SMS_BODY_TEMPLATE", '{"phone": "{phone}", "text": "{text}"}')
# Seconds HttpSmsGateway waits for the gateway to answer.
XF_SMS_TIMEOUT = env_float("XF_SMS_TIMEOUT", 10.0)
# E-mail goes through Django's EMAIL_BACKEND: the console by default, SMTP when configured
# ("django.core.mail.backends.smtp.EmailBackend" with the XF_EMAIL_* settings below).
EMAIL_BACKEND = env_str("XF_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMTP server host and port ...
EMAIL_HOST = env_str("XF_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("XF_EMAIL_PORT", 25)
# ... account ...
EMAIL_HOST_USER = env_str("XF_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("XF_EMAIL_PASSWORD", "")
# ... STARTTLS or implicit TLS (port 465) ...
EMAIL_USE_TLS = env_bool("XF_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("XF_EMAIL_USE_SSL", False)
# ... seconds to wait for it ...
EMAIL_TIMEOUT = env_int("XF_EMAIL_TIMEOUT", 10)
# ... and the sender address of the messages.
DEFAULT_FROM_EMAIL = env_str("XF_EMAIL_FROM", "xinfang@localhost")
