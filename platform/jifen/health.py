"""Liveness and readiness, answered before tenant routing (probes come by pod IP)."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse, JsonResponse

log = structlog.get_logger(__name__)


def readiness() -> dict[str, str]:
    """Check each backing service; a value other than "ok" names the failure."""
    checks: dict[str, str] = {}
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        # the kind of failure only: the text names hosts, sockets and users
        log.warning("readiness.database", error=str(exc))
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        import redis
        from django.conf import settings

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
        client.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        log.warning("readiness.redis", error=str(exc))
        checks["redis"] = f"error: {exc.__class__.__name__}"
    return checks


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "alive"})
        if request.path == "/readyz":
            checks = readiness()
            ready = all(value == "ok" for value in checks.values())
            return JsonResponse(
                {"status": "ready" if ready else "unavailable", "checks": checks},
                status=200 if ready else 503,
            )
        return self.get_response(request)
