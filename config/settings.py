"""Settings for the medical coding education catalog.

Everything that differs between a laptop, CI and production is read from the environment
(see `.env.example`). The defaults are safe: debug is off unless asked for, and a production
run without a secret key refuses to start rather than run with a guessable one.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # A throwaway key is fine for a local debug run: sessions simply don't survive a restart
        # with a different key. It is never used with debug off.
        SECRET_KEY = "insecure-local-development-key-not-for-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment for any run with "
            "DJANGO_DEBUG off (production, `make serve`), or set DJANGO_DEBUG=1 for local work."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Third party
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    # Local
    "config",
    "catalog",
    "careers",
    "certifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # whitenoise right after SecurityMiddleware so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the cache (config/pagecache.py), already compressed; a hit skips everything below.
    "config.pagecache.PageCacheMiddleware",
    # Compresses HTML (static files come precompressed from whitenoise). Django pads compressed responses at
    # random against BREACH, and its CSRF tokens are masked per request.
    "config.middleware.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware needs the session and must come before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user as the author of every history row, inline saves included.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username/address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an hour; a
# successful login resets the count. Locking by username alone would let anyone lock staff out.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Failures are counted in the database (django-axes's default, named so that no one swaps it for the cache
# handler): sign-in and its throttling keep working while Redis is out, and every server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Lockouts are still logged; the start-up banner ("AXES: BEGIN version ...") on every command is not.
AXES_VERBOSE = False
# Behind the TLS proxy the client address is in X-Forwarded-For; set with DJANGO_SECURE_PROXY_SSL_HEADER.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Email carries staff invitations and password resets. SMTP when DJANGO_EMAIL_HOST is set; otherwise
# messages are written to the console, which suits development only.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
# An invitation or reset link works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Only the admin signs anyone in: its session lasts a working day and ends when the browser closes,
# so a shared computer in a school office does not stay signed in to another school's listings.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# CSV import and export in the admin (django-import-export): importing needs the change permission
# and exporting the view permission, so school staff get both only for the models they may edit.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "config.i18n.DjangoTemplates",
        # Django's backend (config/i18n.py says what it adds), under Django's name for it.
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # This page in English and in Spanish: the language switch and hreflang links (issue 16).
                "config.context_processors.languages",
                # The visitor's compare list (a cookie), for the compare control on cards and program pages.
                "catalog.context_processors.compare",
                # `?print=1`: the print-ready view behind the Print control (issue 7).
                "catalog.context_processors.print_view",
            ],
            # The site's header, footer and print header (base.html); and `{% load i18n %}` as Django's library
            # with faster {% translate %} and {% blocktranslate %} (config/i18n.py), the admin's included.
            "libraries": {"chrome": "config.chrome", "i18n": "config.i18n"},
        },
    },
    {
        # The pages written in Jinja2, today the occupation and program pages: config/jinja2.py says why and how
        # their markup is Django's. A view chooses it by name (template_engine = "jinja2").
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "config.context_processors.languages",
                "catalog.context_processors.compare",
                "catalog.context_processors.print_view",
                # `_`, `gettext` and `ngettext`, bound to the page's language.
                "config.jinja2.translations",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise, so a newcomer needs nothing
# installed; production and the second CI pass use PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        # A persistent connection that broke while idle (the database restarted, the network was cut) is found
        # and replaced at the start of the next request, which then succeeds instead of failing on it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and "DJANGO_CONN_MAX_AGE" not in os.environ:
    # A SQLite file kept open between requests by default: there is no server to hold a connection for, and a new
    # connection per request re-reads the schema, re-prepares every statement and starts with an empty page cache,
    # about 2 to 3.5 ms of each page on `make serve` (docs/performance.md, stop 24). runserver still closes each
    # request thread's connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler is for long analytical queries. The facet counts of a broad search at 100,000
    # programs look costly enough to trigger it, and compiling them took 4.8 s of a 5.8 s query (make bench,
    # docs/performance.md); without JIT the same query takes 0.9 s. Off for this app's connections only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A database host that stopped answering fails the request after this long, with the 503 page, rather than
    # holding the worker until gunicorn kills it (libpq waits forever by default).
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
    # The pages' prepared queries (config/prepared.py) are prepared on the server the first time a connection runs
    # them, and planned once per connection rather than per request. Only they use server-side binding; every
    # other query binds on the client and is never prepared. Behind a transaction-pooling PgBouncer, set
    # DJANGO_DB_PREPARE=0 (prepared statements do not survive a change of server connection).
    if os.environ.get("DJANGO_DB_PREPARE", "1") != "0":
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis when REDIS_URL is set (shared by every app server), else this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    redis_timeout = float(os.environ.get("DJANGO_CACHE_TIMEOUT_SECONDS", "0.25"))
    CACHES = {
        "default": {
            # django-redis rather than Django's own RedisCache, which raises on every call while Redis is out.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "medcoding"),
            "TIMEOUT": 300,
            "OPTIONS": {
                # A cache outage costs speed, never a page: an unreachable Redis reads as a miss and a write to it
                # is dropped. Redis answers within a millisecond on the local network, so a quarter of a second
                # means it is gone; a host that stopped answering must not hold a visitor for the kernel's
                # default of minutes. The page cache then leaves Redis alone for a few seconds
                # (config/pagecache.py), so one visitor pays the timeout, not every one.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": redis_timeout,
                "SOCKET_TIMEOUT": redis_timeout,
            },
        }
    }
    # Each ignored failure is logged, with its traceback, at most once a minute (config/logfilters.py).
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "medcoding"}}
# Whole pages for anonymous visitors, invalidated on every save and import (config/pagecache.py). On by
# default only with Redis: a local-memory cache is one process's, and another gunicorn worker would keep
# serving a page after the data changed. 0 turns it off; set it for a single-process server without Redis.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0"))
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")
# A CSV import in the admin keeps the uploaded file between its preview and its confirmation. With Redis it
# goes there, so the confirmation may reach any app server; without, to this machine's temporary folder.
if REDIS_URL:
    IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The Spanish edition (issue 16) lives under /es/ (config/urls.py: i18n_patterns without a prefix for English, so
# English addresses never moved). The language comes from the address alone: a shared link opens in its own
# language, and the page cache keys by address. locale/es is the catalogue, compiled to django.mo beside it.
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The site stylesheet lives in catalog/static/ (found by the app-directories finder), so the
# project keeps its agreed top-level layout.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, fingerprinted files with far-future cache headers, served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# With debug on, serve files straight from static/ (no collectstatic step for a newcomer).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1; the rest of the
# production hardening is on whenever debug is off.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload flag only makes the site eligible for browsers' preload lists; submitting the
    # domain is a separate, deliberate step. Turn it off for a domain that must keep plain HTTP.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): the site serves its own CSS and one small script file of its
# own (print.js), so nothing inline is allowed. JSON-LD blocks are data, not script, and are not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
# /healthz answers load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # While Redis or PostgreSQL is out every request fails the same way: one traceback a minute per kind of failure.
    "filters": {"outage_once_a_minute": {"()": "config.logfilters.OutageOncePerMinute"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["outage_once_a_minute"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
