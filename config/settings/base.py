"""Settings shared by every environment; the others only tighten these."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# GENERAL
# https://docs.djangoproject.com/en/5.2/ref/settings/
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
SITE_NAME = _("Integrity Casework")

# DATABASES
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # wait for a writer instead of failing at once; WAL lets readers go on
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# APPS
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "axes",
    "django_filters",
    "drf_spectacular",
    "viewflow",
    "viewflow.workflow",
]
LOCAL_APPS = [
    "workflows.audit",
    "workflows.organization",
    "workflows.workdays",
    "workflows.records",
    "workflows.documents",
    "workflows.casework",
    "workflows.appeal",
    "workflows.rectification",
    "workflows.repair",
    "workflows.tolerance",
    "workflows.supervision",
    "workflows.api",
    "workflows.operations",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
AUTH_USER_MODEL = "organization.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "casework:inbox"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out login before any password is checked
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# MIDDLEWARE
MIDDLEWARE = [
    # outermost: it turns every error answer under /api/ into {"errors": ...}
    "workflows.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: answers a locked-out login
    "axes.middleware.AxesMiddleware",
]

# SECURITY: see docs/security.md
# login lockout: django-axes counts failures per user name on /login/, the admin and the token
# endpoint alike (they all go through django.contrib.auth.authenticate)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# per user name, not per address: offices share one NAT address, and a per-name lock cannot be
# dodged by rotating addresses or agents (axes.W006 assumes a lock per client instead)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workflows.api.lockout.lockout_response"
AXES_VERBOSE = False
API_TOKEN_TTL_SECONDS = env.int("API_TOKEN_TTL_SECONDS", default=12 * 3600)
# django-csp: no script from anywhere but this site; inline styles remain in a few templates
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# STATIC AND MEDIA
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# the public address printed on documents and in their QR codes; dev.py and test.py set a default,
# production requires it (a printed 127.0.0.1 link verifies nothing)
SITE_URL = env("SITE_URL", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# uploads and generated documents live outside the web root; views stream them
# only to users who may see the case
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_STORAGE_ROOT
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# TEMPLATES
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
                "workflows.casework.context_processors.navigation",
            ],
        },
    }
]

# EMAIL
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="casework@credit.taizhou.gov.cn")

# CACHES
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LOGGING
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# DJANGO REST FRAMEWORK
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workflows.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "workflows.api.parsers.JSONObjectParser",
        "workflows.api.parsers.FormParser",
        "workflows.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "workflows.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "workflows.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Integrity Casework API",
    "DESCRIPTION": "政务诚信办件 — HTTP contract v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # one name for a choice set several fields use (a record's severity, an appeal's correction)
    "ENUM_NAME_OVERRIDES": {"SeverityEnum": "workflows.records.models.Severity"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workflows.api.schema.add_error_responses",
    ],
}

# CELERY
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    "fire-workflow-timers": {
        "task": "workflows.casework.tasks.fire_timers",
        "schedule": 60.0,
    },
    "expire-records": {
        "task": "workflows.records.tasks.expire_records",
        "schedule": 3600.0,
    },
    "anchor-audit-chain": {
        "task": "workflows.audit.tasks.anchor_audit_chain",
        "schedule": 3600.0,  # writes once per day; hourly so a missed run catches up
    },
    "supervision-half-yearly-report": {
        "task": "workflows.supervision.tasks.supervision_report",
        # issues the last complete half year's report once; later runs hand back the same one
        "schedule": 86400.0,
    },
}

# VIEWFLOW
VIEWFLOW_LOCK_IMPL = "select_for_update"

# AUDIT CHAIN (docs/security.md)
# every row of these models is chained when written; verify_audit reports any that is not
AUDIT_CHAINED_MODELS = ["casework.CaseEvent", "records.RecordEvent", "documents.Document"]
# the daily anchors are also appended here: keep it on other storage than the database
AUDIT_ANCHOR_FILE = env("AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.txt"))

# DOMAIN
# the credit office as the UI names it; it sits inside the organ below and never signs a document
CREDIT_OFFICE_NAME = env("CREDIT_OFFICE_NAME", default="泰州市经济和信息化委员会（市信用办）")
# the organ that issues and signs the credit office's documents: its full name, no parenthetical
ISSUING_ORGAN_NAME = env("ISSUING_ORGAN_NAME", default="泰州市经济和信息化委员会")
# policy (domain.md §4): a commendation is shown while the honour is valid
COMMENDATION_VALIDITY_MONTHS = env.int("COMMENDATION_VALIDITY_MONTHS", default=36)
# credit repair: a refused repair may be applied for again after this many days (policy, domain.md §6.4)
REPAIR_REAPPLY_AFTER_DAYS = env.int("REPAIR_REAPPLY_AFTER_DAYS", default=30)
# the public credit platform every document is copied to (抄送)
CREDIT_PLATFORM_NAME = env("CREDIT_PLATFORM_NAME", default="信用泰州")
DOCUMENT_ISSUER_PREFIX = env("DOCUMENT_ISSUER_PREFIX", default="泰信")
# the Noto CJK faces cut to GB 2312 for documents (`manage.py build_document_fonts`; documents.fonts)
DOCUMENT_FONTS_DIR = Path(env("DOCUMENT_FONTS_DIR", default=str(VAR_DIR / "fonts")))
# callables run after a year's official schedule is imported, to recompute open
# provisional deadlines (shared apps register theirs; workdays imports none)
WORKDAYS_RECOMPUTE_HOOKS = ["workflows.casework.deadlines.recompute_provisional_deadlines"]
# `manage.py seed_demo` runs these in order; each process app adds its demo cases
DEMO_SEEDERS = [
    "workflows.organization.demo.seed",
    "workflows.records.demo.seed",
]
