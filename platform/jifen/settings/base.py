"""Django core settings."""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

import rulesets
from jifen import i18n
from jifen.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.DEBUG
if not env.SECRET_KEY:
    raise ImproperlyConfigured(
        "JIFEN_SECRET_KEY is not set. Set it to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "or set JIFEN_DEBUG=1 for local development."
    )
SECRET_KEY = env.SECRET_KEY
SECRET_KEY_FALLBACKS = env.SECRET_KEY_FALLBACKS
ID_CARD_KEY = env.ID_CARD_KEY
LEDGER_CHECKPOINT_KEYS = env.LEDGER_CHECKPOINT_KEYS
DATABASE_APP_ROLE = env.DATABASE_APP_ROLE
ALLOWED_HOSTS = env.ALLOWED_HOSTS

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
# django-axes first: it refuses a locked-out (username, address) before any password check,
# on every path that calls authenticate() with the request (tokenCreate, sign-in, admin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # members' light login: name, last four of the ID card, and a one-time code or password
    "jifen.access.light_login.LightLoginBackend",
]
# Failures are counted in the Redis cache (per tenant: django_tenants' key function).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
# (tests sign in wrongly from one address on purpose, and the cache outlives a run)
AXES_FAILURE_LIMIT = env.env.int("JIFEN_LOGIN_FAILURE_LIMIT", default=1000 if env.TESTING else 5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.env.int("JIFEN_LOGIN_COOLOFF_MINUTES", default=15)
)
# A username from one address: a guesser is locked out, the owner elsewhere still signs in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
# Personal API tokens expire (days; each token may ask for less).
API_TOKEN_MAX_DAYS = env.env.int("JIFEN_API_TOKEN_MAX_DAYS", default=90)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/graphql"

MIDDLEWARE = [
    "jifen.health.HealthMiddleware",  # answers probes by pod IP, before tenant routing
    "jifen.metrics.MetricsMiddleware",  # /metrics on pod IPs only; times everything below
    "tenants.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # Accept-Language: 中文 (default) or English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jifen.access.middleware.TokenAuthenticationMiddleware",
    "jifen.access.middleware.RolesOncePerRequestMiddleware",  # one role lookup per request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jifen.observability.RequestContextMiddleware",
    "jifen.access.middleware.LockoutMiddleware",  # django-axes: a locked-out sign-in form
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # graphene/graphiql.html: GraphiQL from our own static files (no CDN)
        "DIRS": [Path(__file__).resolve().parent.parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

WSGI_APPLICATION = "jifen.wsgi.application"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = i18n.LANGUAGES
LOCALE_PATHS = [str(BASE_DIR / "locale"), str(Path(rulesets.__file__).parent / "locale")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
# Serve app static files (the admin's) straight from the packages when not collected.
WHITENOISE_USE_FINDERS = True
# The web app's build (jifen.frontend): its assets at /static/app/ (vite.config.ts `base`).
FRONTEND_DIR = env.FRONTEND_DIR
STATICFILES_DIRS = [("app", FRONTEND_DIR)]
# A missing build is reported on `/` itself (with how to make it), not as a check warning.
# axes.W002: jifen.access.middleware.LockoutMiddleware stands in for AxesMiddleware.
SILENCED_SYSTEM_CHECKS = ["staticfiles.W004", "axes.W002"]
# Vite names assets by content hash: they may be cached for ever.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/static/app/assets/.+-[\w-]{8,}\.\w+$"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env.S3_BUCKET:
    # Evidence in S3-compatible object storage; credentials come from AWS_ACCESS_KEY_ID /
    # AWS_SECRET_ACCESS_KEY (or the pod's role). Files are private: the app streams them
    # after its own permission check, so no public URL is ever handed out.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.S3_BUCKET,
            "endpoint_url": env.S3_ENDPOINT_URL or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


EVIDENCE_MAX_BYTES = env.env.int("JIFEN_EVIDENCE_MAX_MB", default=10) * 1_048_576
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1_048_576  # bulk event imports arrive as one JSON body

# The web app's sign-in (`signIn`): a session cookie the page's scripts cannot read, sent
# to this host only and not on cross-site POSTs; it ends after 12 hours without a request.
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not env.TESTING
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The app reads `csrftoken` to send it back in X-CSRFToken (the double-submit check).
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "jifen.csrf.csrf_failure"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.redis_url(),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

GRAPHENE = {
    "SCHEMA": "jifen.graphql.api.schema",
    "RELAY_CONNECTION_ENFORCE_FIRST_OR_LAST": False,
    "RELAY_CONNECTION_MAX_LIMIT": 500,
}
GRAPHQL_MAX_DEPTH = 10
# What one request may ask for (jifen.graphql.limits.Limits; its defaults unless set here).
GRAPHQL_LIMITS: dict = {}
# Requests per client (django-ratelimit in the Redis cache): a user, or an address when
# anonymous. Tests make many requests from one address: their own, high rate.
GRAPHQL_RATE_ANONYMOUS = env.env.str(
    "JIFEN_RATE_ANONYMOUS", default="100000/m" if env.TESTING else "60/m"
)
GRAPHQL_RATE_AUTHENTICATED = env.env.str(
    "JIFEN_RATE_AUTHENTICATED", default="100000/m" if env.TESTING else "600/m"
)
# GraphQL requests in flight per web process: fewer than its threads (`jifen web` runs 4),
# so that probes and static files always find a free thread.
GRAPHQL_MAX_IN_FLIGHT = env.env.int("JIFEN_GRAPHQL_MAX_IN_FLIGHT", default=3)
GRAPHQL_IN_FLIGHT_WAIT_SECONDS = env.env.float("JIFEN_GRAPHQL_IN_FLIGHT_WAIT_SECONDS", default=0.5)
# Per-request time limit of the web process's database statements (jifen.wsgi), in ms.
WEB_STATEMENT_TIMEOUT_MS = env.env.int("JIFEN_WEB_STATEMENT_TIMEOUT_MS", default=30_000)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_CACHE_PREFIX = "rl:"

EMAIL_URL_CONFIGURED = bool(env.EMAIL_URL)
SMS_URL = env.SMS_URL
DEMO = env.DEMO
# A failed delivery is tried again after this, doubling each time (at most 6 hours).
NOTIFICATION_RETRY_SECONDS = env.NOTIFICATION_RETRY_SECONDS
if env.EMAIL_URL:
    globals().update(environ.Env.email_url_config(env.EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
