"""The one place that reads the process environment (12-factor settings)."""

from __future__ import annotations

from pathlib import Path

import environ

from jifen import embedded

env = environ.Env()

DEBUG: bool = env.bool("JIFEN_DEBUG", default=False)
TESTING: bool = env.bool("JIFEN_TESTING", default=False)
# Set by `jifen demo`: the sign-in page lists the demo logins (never set it in production).
DEMO: bool = env.bool("JIFEN_DEMO", default=False)
# Production refuses to start without a secret; development and tests get a fixed one.
SECRET_KEY: str = env.str("JIFEN_SECRET_KEY", default="" if not (DEBUG or TESTING) else "dev-only")
# The key of the ID-card HMAC (jifen.subjects.identity). Never stored in the database, and
# not the SECRET_KEY: rotating that must not orphan every person's identity.
ID_CARD_KEY: str = env.str(
    "JIFEN_ID_CARD_KEY", default="" if not (DEBUG or TESTING) else "dev-only-id-card-key"
)
# Keys that sign the ledger's checkpoints (jifen.ledger.checkpoints): "id:secret,…", the
# first signs, all verify (rotation). Never in the database, so its owner cannot forge one.
LEDGER_CHECKPOINT_KEYS: list[str] = env.list(
    "JIFEN_LEDGER_CHECKPOINT_KEYS",
    default=[] if not (DEBUG or TESTING) else ["dev1:dev-only-ledger-checkpoint-key"],
)
# The least-privilege role the web, worker and beat processes connect as (jifen.db_roles):
# `jifen migrate`, run as the tables' owner, grants it what the application needs.
DATABASE_APP_ROLE: str = env.str("JIFEN_DATABASE_APP_ROLE", default="")
SECRET_KEY_FALLBACKS: list[str] = env.list("JIFEN_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS: list[str] = env.list(
    "JIFEN_ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1"]
)
BASE_DOMAIN: str = env.str("JIFEN_BASE_DOMAIN", default="localhost")
LOG_FORMAT: str = env.str("JIFEN_LOG_FORMAT", default="console")
LOG_LEVEL: str = env.str("JIFEN_LOG_LEVEL", default="INFO")
SENTRY_DSN: str = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT: str = env.str(
    "SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"
)
SENTRY_RELEASE: str = env.str("SENTRY_RELEASE", default="")
MEDIA_ROOT: str = env.str("JIFEN_MEDIA_ROOT", default=str(embedded.data_dir() / "media"))
STATIC_ROOT: str = env.str("JIFEN_STATIC_ROOT", default=str(embedded.data_dir() / "static"))
# The web app's build (`make frontend`); the repository's when running from a checkout.
FRONTEND_DIR: str = env.str(
    "JIFEN_FRONTEND_DIR",
    default=str(Path(__file__).resolve().parents[3] / "frontend" / "dist"),
)
EMAIL_URL: str = env.str("JIFEN_EMAIL_URL", default="")
# An SMS gateway that takes a JSON POST {"to", "text", "key"} (sign-in codes, notices).
SMS_URL: str = env.str("JIFEN_SMS_URL", default="")
NOTIFICATION_RETRY_SECONDS: float = env.float("JIFEN_NOTIFICATION_RETRY_SECONDS", default=60.0)
S3_BUCKET: str = env.str("JIFEN_S3_BUCKET", default="")
S3_ENDPOINT_URL: str = env.str("JIFEN_S3_ENDPOINT_URL", default="")
CELERY_MAX_TASKS_PER_CHILD: int = env.int("JIFEN_WORKER_MAX_TASKS_PER_CHILD", default=500)
WORKER_METRICS_PORT: int = env.int("JIFEN_WORKER_METRICS_PORT", default=9808)  # 0: off
# Test-only: this process's clock runs this many days ahead (jifen.clock), so that a browser
# test can end a publicity period without waiting. Refused unless JIFEN_DEBUG or JIFEN_TESTING.
CLOCK_SHIFT_DAYS: float = env.float("JIFEN_CLOCK_SHIFT_DAYS", default=0.0)
# eventsImport requests with more events than this are booked by a worker (a job).
IMPORT_JOB_THRESHOLD: int = env.int("JIFEN_IMPORT_JOB_THRESHOLD", default=1000)


def _require_in_production(name: str) -> None:
    # Embedded servers are for a developer's machine; a production pod would get an empty,
    # private database that vanishes with it.
    if not (DEBUG or TESTING) and not env.str(name, default=""):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{name} is not set. In production point it at your server; for local "
            "development set JIFEN_DEBUG=1 to start embedded servers under JIFEN_DATA_DIR."
        )


def database() -> dict:
    """Django DATABASES['default'] from DATABASE_URL, or the embedded server."""
    _require_in_production("DATABASE_URL")
    config = environ.Env.db_url_config(embedded.database_url())
    options = config.setdefault("OPTIONS", {})
    # A Unix-socket URL (postgresql://user@/db?host=/dir) arrives as options; Django wants HOST.
    if "host" in options:
        config["HOST"] = str(options.pop("host"))
        config["PORT"] = str(options.pop("port", ""))
    config["ENGINE"] = "django_tenants.postgresql_backend"
    config["CONN_MAX_AGE"] = env.int("JIFEN_DB_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


def redis_url() -> str:
    _require_in_production("REDIS_URL")
    return embedded.redis_url()
