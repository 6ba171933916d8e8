"""Settings for Sijeong, read from the environment in one place.

SIJEONG_DEBUG        "1" for development (default "0")
SIJEONG_SECRET_KEY   required when debug is off
SIJEONG_ALLOWED_HOSTS comma-separated (default: localhost names)
DATABASE_URL         e.g. postgres://user:pass@host:5432/sijeong; default is a SQLite file in var/
SIJEONG_HTTPS        "0" when the site is reached over plain HTTP (default "1" when debug is off):
                     secure cookies, HSTS and the HTTPS redirect follow it
SIJEONG_PROXY_SSL_HEADER "1" behind a reverse proxy that sets X-Forwarded-Proto (and strips it
                     from clients); default "0"
SIJEONG_SSL_REDIRECT "0" when the proxy redirects HTTP to HTTPS itself (default: SIJEONG_HTTPS)
SIJEONG_HSTS_SECONDS default 31536000 (one year) when SIJEONG_HTTPS is on
SIJEONG_CSRF_TRUSTED_ORIGINS comma-separated, e.g. https://sijeong.paju.go.kr
SIJEONG_SESSION_SECONDS staff session lifetime since the last request (default 7200)
SIJEONG_TRUSTED_PROXY_HOPS how many reverse proxies append to X-Forwarded-For (default 0)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


DEBUG = _env_bool("SIJEONG_DEBUG")
SECRET_KEY = os.environ.get("SIJEONG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not os.environ.get("PYTEST_VERSION"):
        raise ImproperlyConfigured(
            "SIJEONG_SECRET_KEY 환경변수가 필요합니다 (SIJEONG_DEBUG=1이면 생략 가능)."
        )
    SECRET_KEY = "insecure-development-key-not-for-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SIJEONG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(
        ","
    )
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sijeong.core",
    "sijeong.accounts",
    "sijeong.pledges",
    "sijeong.documents",
    "sijeong.participation",
    "sijeong.budgets",
    "sijeong.proposals",
    "sijeong.indicators",
    "sijeong.surveys",
    "sijeong.deliberation",
    "sijeong.privacy",
    "sijeong.api",
    "sijeong.reports",
    "sijeong.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # answers the same for everyone, served before the session, locale, CSRF and auth layers
    "sijeong.core.publiccache.PublicCacheMiddleware",
    # a body larger than the upload limit is refused from its Content-Length, unread
    "sijeong.core.requestsize.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The public cache (sijeong/core/publiccache.py) keeps whole answers keyed by data version. Per
# process by default, large enough for every municipality's pages (Django's default of 300
# entries is culled within minutes by a national site); SIJEONG_CACHE_DIR shares one file cache
# among the workers of a host.
_cache_entries = int(os.environ.get("SIJEONG_CACHE_ENTRIES", "5000"))
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["SIJEONG_CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": _cache_entries},
        }
        if os.environ.get("SIJEONG_CACHE_DIR")
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": _cache_entries},
        }
    )
}

_default_sqlite = BASE_DIR / "var" / "sijeong.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{_default_sqlite}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

NINJA_PAGINATION_PER_PAGE = 20

# --- transport and cookies (see SECURITY.md) -------------------------------------------------
# A test run is never the public site: it speaks plain HTTP to the test client.
HTTPS = _env_bool("SIJEONG_HTTPS", default=not DEBUG and not os.environ.get("PYTEST_VERSION"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = _env_bool("SIJEONG_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SIJEONG_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if _env_bool("SIJEONG_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SIJEONG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SILENCED_SYSTEM_CHECKS: list[str] = []
if HTTPS and not SECURE_SSL_REDIRECT:
    # HTTPS is on and the operator said the reverse proxy redirects plain HTTP itself.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Staff sessions end 2 hours after the last request, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SIJEONG_SESSION_SECONDS", "7200"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # sliding: an empty (anonymous) session is never saved

# Rate limits (sijeong/core/ratelimit.py) count per client address: behind N reverse proxies that
# append to X-Forwarded-For, set SIJEONG_TRUSTED_PROXY_HOPS=N. Limits: SIJEONG_RATE_LIMITS below.
SIJEONG_TRUSTED_PROXY_HOPS = int(os.environ.get("SIJEONG_TRUSTED_PROXY_HOPS", "0"))
SIJEONG_RATE_LIMITS: dict[str, tuple[int, int]] = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIJEONG_LOG_LEVEL", "WARNING")},
}

if os.environ.get("PYTEST_VERSION"):
    # Tests create many users; a slow password hash only costs time there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Document uploads on the staff intake page; larger files are refused with a message.
SIJEONG_UPLOAD_MAX_BYTES = int(os.environ.get("SIJEONG_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Shown on the privacy policy page (개인정보 보호책임자: name, department, phone or e-mail).
SIJEONG_PRIVACY_OFFICER = os.environ.get(
    "SIJEONG_PRIVACY_OFFICER",
    "개인정보 보호책임자: (운영 기관이 설정에서 이름과 연락처를 지정하세요)",
)
