"""Newsroom settings, read from the environment in one place.

Development is the default: SQLite file, local-memory cache, media on disk, DEBUG on.
``DJANGO_ENV=production`` turns on the production rules: a real ``SECRET_KEY`` and
``ALLOWED_HOSTS`` are required and every cookie and header setting is hardened.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG is on in production: it shows tracebacks and settings to anyone. Unset DEBUG.")

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-" + "x" * 20
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing. Set SECRET_KEY to a random string of at least 50 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is missing: list the site's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The stored search vector's field type (articles); on SQLite the app does nothing.
    "django.contrib.postgres",
    "newsroom.vocabulary.apps.VocabularyConfig",  # django-taggit, named « Mots-clés » in the admin
    "reversion",
    "axes",
    # The rich-text editor (ProseMirror) of every RichTextField: its static files and checks.
    "django_prose_editor",
    "newsroom",
    "people",
    "articles",
    "newsroom.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # TRACE, PUT, DELETE… answer 405 before any view (newsroom/http_methods.py); the headers
    # above still apply to that answer.
    "newsroom.http_methods.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # A slow database answers a 503 instead of holding the worker (newsroom/deadline.py).
    "newsroom.deadline.RequestDeadlineMiddleware",
    # Public pages see only the query parameters they read, so a shared link's tracking
    # parameters do not make a page miss the cache (newsroom/site/pagecache.py).
    "newsroom.site.pagecache.PublicQueryMiddleware",
    "newsroom.site.pagecache.PageCacheMiddleware",
    # A page not served from the cache reads one snapshot of the database (newsroom/snapshot.py).
    "newsroom.snapshot.ConsistentReadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL only (/en/ or none, see newsroom/site/urls.py): with
    # prefix_default_language=False an unprefixed URL is French whatever the browser asks.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins for a username and address pair locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins lock for 15 minutes: one username from one address after 5, one address
# whatever the usernames after 20 (a password sprayed over accounts), one username from every
# address after 30 (newsroom/login_throttle.py). The answer is the same whether the username
# exists or not. Attempts are kept in the database, so every app server sees them.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
NEWSROOM_LOGIN_ADDRESS_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_LIMIT", "20"))
NEWSROOM_LOGIN_USERNAME_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_USERNAME_LIMIT", "30"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_HANDLER = "newsroom.login_throttle.LoginThrottleHandler"
# Attempts refused during a lockout are not counted: they would let an attacker at one address
# push an account past the every-address limit and lock its owner out everywhere.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address is read from X-Forwarded-For as written by the reverse proxies in front
# (their number: 1 in the production layout); with 0 it is the connection's own address. Behind
# a proxy with 0, every reader would share the proxy's address and lock each other out.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "1" if PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "newsroom.login_throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

ROOT_URLCONF = "newsroom.site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# Database: DATABASE_URL (postgres://user@host:port/name) or a SQLite file in var/.
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that has gone away must answer fast: readers get a 503 within seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # No JIT compilation: it pays off for long analytical queries, not for pages, where
    # compiling can cost more than running (the sitemap index's aggregate at archive scale).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
    # No prepared statements (Django's default, kept on purpose): they would spare the article
    # page planning its seven-join blocks query each time, but after five runs PostgreSQL
    # switches a statement to a generic plan that cannot see its parameters, which makes reader
    # search at archive scale several times slower; the link tables' skewed counts (migration
    # articles/0010) would be exposed in the same way.
# Fail fast (newsroom/deadline.py): a statement of a web request is cancelled after
# DATABASE_STATEMENT_TIMEOUT seconds (PostgreSQL), and a request that has spent
# REQUEST_DEADLINE_SECONDS sends no further query; both answer the 503 page. 0 turns either
# off. Management commands and scripts are not cut off.
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))
REQUEST_DEADLINE_SECONDS = float(os.environ.get("REQUEST_DEADLINE_SECONDS", "5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering columns (Index.include) serve PostgreSQL's index-only scans; SQLite builds
    # the same index without them.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # The site serves reads while an editor saves: WAL keeps readers unblocked. Connections
    # persist like PostgreSQL's (CONN_MAX_AGE): opening the file and running the PRAGMAs on
    # every request would be a sizeable share of a page's time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Cache: CACHE_URL (redis://, locmem://, dummy://) or REDIS_URL; local memory by default.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "locmem://"
# A Redis that hangs costs CACHE_TIMEOUT once, then is skipped for CACHE_COOL_DOWN_SECONDS
# (newsroom/cachebreaker.py); 0 turns the breaker off (Django's RedisCache).
_CACHE_TIMEOUT = float(os.environ.get("CACHE_TIMEOUT", "0.25"))
_CACHE_COOL_DOWN = float(os.environ.get("CACHE_COOL_DOWN_SECONDS", "5"))
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cachebreaker.BreakerRedisCache"
            if _CACHE_COOL_DOWN > 0
            else "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {"socket_connect_timeout": _CACHE_TIMEOUT, "socket_timeout": _CACHE_TIMEOUT},
        }
    }
    if _CACHE_COOL_DOWN > 0:
        CACHES["default"]["OPTIONS"]["COOL_DOWN_SECONDS"] = _CACHE_COOL_DOWN
elif _cache_url.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _cache_url.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"Unsupported CACHE_URL scheme: {_cache_url.split(':', 1)[0]!r}")

# Each process's own memory, in front of a shared cache: the pages it serves most
# (newsroom/site/pagecache.py). An entry is one rendered page; 500 of them per process keep
# that memory small.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "newsroom-local",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    # WhiteNoise warns about a missing folder on every start; collectstatic fills it.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One tag vocabulary for articles and people; "IA" and "ia" are the same tag, and slugs are
# ASCII ("sécurité de l'IA" -> "securite-de-lia") so URLs, feeds and sitemaps need no escaping.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Security headers that cost nothing in development either.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The nonce lets exactly one inline <style> in: the empty one templates/admin/base_site.html
    # puts in the head for the rich-text editor, which would otherwise inject its own.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    # No page (the admin included) sets a <base>: none may, so an injected one does nothing.
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
# Where a login lands when its ?next= is missing or points off the site (refused by Django):
# the admin, not Django's default /accounts/profile/, which does not exist here.
LOGIN_REDIRECT_URL = "admin:index"
# No script reads the CSRF token from the cookie (forms carry it), so scripts may not read it.
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Image uploads (newsroom/images.py): the largest file and the most pixels accepted. The pixel
# cap is checked from the file's header, before decoding, so a small "bomb" never fills memory.
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", str(15 * 1024 * 1024)))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", "40000000"))

# Page cache for anonymous readers (newsroom/site/pagecache.py): seconds a page may be kept at
# most (0 turns it off), and how long a CDN in front may keep it. In production it is on by
# default only with a shared cache: with local memory each gunicorn worker would keep its own
# pages, and an article unpublished through one worker would still be served by the others.
_SHARED_CACHE = CACHES["default"]["BACKEND"] in {
    "django.core.cache.backends.redis.RedisCache",
    "newsroom.cachebreaker.BreakerRedisCache",
}
_ONE_CACHE_FOR_ALL = _SHARED_CACHE or not PRODUCTION  # development serves from one process
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if _ONE_CACHE_FOR_ALL else "0"))
PAGE_CACHE_CDN_SECONDS = int(os.environ.get("PAGE_CACHE_CDN_SECONDS", "0"))
# Small pieces every page shows (the sections menu) are kept in the cache until the next
# content change, for the same reason not in production with local memory: each worker would
# keep its own, and a section added through one would never show in the others' menus.
FRAGMENT_CACHE = _ONE_CACHE_FOR_ALL
# How long a process trusts its last reading of the content generation (a database row): a
# change shows on every app server within this delay.
PAGE_CACHE_RECHECK_SECONDS = float(os.environ.get("PAGE_CACHE_RECHECK_SECONDS", "0.5"))
# The query parameters public pages read: ?page= (lists), ?q= (search), ?tag= (an
# organisation's movements), ?p= (sitemap pages). Any other (utm_source, fbclid, a cache
# buster) is dropped before a public page is rendered or looked up in the page cache
# (newsroom.site.pagecache.PublicQueryMiddleware): a public view that reads a new parameter must
# add it here, or it will never see it.
PUBLIC_QUERY_PARAMETERS = frozenset({"page", "q", "tag", "p"})

# The publication's identity, used in page titles, feeds and JSON-LD.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
