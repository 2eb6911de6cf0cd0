"""Logging (structured, tenant in every line) and Sentry."""

from jifen.observability import configure_logging, init_sentry
from jifen.settings import env

LOGGING_CONFIG = None
configure_logging(fmt=env.LOG_FORMAT, level=env.LOG_LEVEL)
init_sentry(dsn=env.SENTRY_DSN, environment=env.SENTRY_ENVIRONMENT, release=env.SENTRY_RELEASE)
