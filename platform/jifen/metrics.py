"""Prometheus metrics: requests, tasks, queue lengths and ledger writes, by tenant.

Web: `MetricsMiddleware` counts every request (except the probes and `/metrics` itself) and
answers `GET /metrics` before tenant routing, but only on hosts that are no tenant's: an IP
address (Prometheus scrapes pods by IP) or `localhost`. Every other host gets a 404, so the
Ingress, which routes the base domain and every `<slug>.<base domain>`, never shows the tenant
list to the outside.

Worker: `task_started` / `task_finished` are called from Celery's task signals in the pool
processes; `worker_metrics_start` serves the sum of all of them from the worker's main process.

Both run several processes: see `jifen.metrics_multiprocess`, which must run before this module
is imported in the parent process.

Label values are bounded: tenants come from the tenant router (never from the Host header of
an unknown host), operation names must be declared in the query and are capped per process.
"""

from __future__ import annotations

import ipaddress
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import cache

import structlog
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from jifen.metrics_multiprocess import multiprocess_mode

log = structlog.get_logger(__name__)

REQUESTS = Counter(
    "jifen_requests",
    "HTTP requests by tenant, GraphQL operation (or URL route) and status class.",
    ["tenant", "operation", "status"],
)
REQUEST_DURATION = Histogram(
    "jifen_request_duration_seconds",
    "Time to answer an HTTP request, by tenant.",
    ["tenant"],
)
TASKS = Counter(
    "jifen_task",
    "Celery tasks run, by task name, tenant and final state.",
    ["task", "tenant", "state"],
)
TASK_DURATION = Histogram(
    "jifen_task_duration_seconds",
    "Celery task run time, by task name and tenant.",
    ["task", "tenant"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600),
)
LEDGER_ENTRIES = Counter(
    "jifen_ledger_entries_written",
    "Ledger entries written, by tenant.",
    ["tenant"],
)

NO_TENANT = "none"  # requests refused before a tenant was found (unknown host)
UNROUTED = "unmatched"  # a tenant's request that matched no URL
ANONYMOUS = "anonymous"  # a GraphQL request whose operation has no name
UNDECLARED = "undeclared"  # operationName names no operation of the query
OTHER = "other"  # past the per-process cap on distinct operation names
MAX_OPERATIONS = 500
UNCOUNTED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def ledger_entries_written(tenant: str, count: int) -> None:
    """Count ledger entries written for a tenant (called by the ledger service)."""
    if count:
        LEDGER_ENTRIES.labels(tenant=tenant).inc(count)


# --- tasks ------------------------------------------------------------------------------------

_task_starts: dict[str, tuple[float, str]] = {}


def task_started(*, task_id: str, tenant: str | None) -> None:
    """At `task_prerun`: the tenant is the schema tenant-schemas-celery has just switched to."""
    _task_starts[task_id] = (time.perf_counter(), tenant or "public")


def task_finished(*, task_id: str, task: str, state: str | None) -> None:
    """At `task_postrun`, which also follows a failure or a retry (`state` says which)."""
    started = _task_starts.pop(task_id, None)
    if started is None:
        return
    began, tenant = started
    TASKS.labels(task=task, tenant=tenant, state=(state or "unknown").lower()).inc()
    TASK_DURATION.labels(task=task, tenant=tenant).observe(time.perf_counter() - began)


# --- queue lengths ----------------------------------------------------------------------------

# kombu's Redis transport keeps a queue's prioritised messages in sibling lists.
_PRIORITY_SEP = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


def celery_queue_names() -> list[str]:
    """The queues the workers consume, from the settings the Celery app is configured by
    (`CELERY_*`): metrics never import the Celery app, which imports them."""
    from django.conf import settings

    names = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")}
    names.update(queue.name for queue in getattr(settings, "CELERY_TASK_QUEUES", None) or ())
    return sorted(names)


class QueueLengthCollector:
    """`jifen_queue_length{queue}`: Redis LLEN of each Celery queue, read at scrape time."""

    def __init__(self, broker_url: str | None = None, queues: list[str] | None = None):
        self._broker_url = broker_url
        self._queues = queues
        self._client = None

    def _redis(self):
        if self._client is None:
            import redis
            from django.conf import settings

            self._client = redis.Redis.from_url(
                self._broker_url or settings.CELERY_BROKER_URL,
                socket_timeout=2,
                socket_connect_timeout=2,
            )
        return self._client

    def describe(self) -> Iterable[Metric]:
        yield self._family()

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "jifen_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
        )

    def collect(self) -> Iterable[Metric]:
        family = self._family()
        try:
            names = self._queues or celery_queue_names()
            pipe = self._redis().pipeline(transaction=False)
            for name in names:
                pipe.llen(name)
                for step in _PRIORITY_STEPS:
                    pipe.llen(f"{name}{_PRIORITY_SEP}{step}")
            lengths = pipe.execute()
        except Exception as exc:
            # An empty family rather than a failed scrape: the other metrics still arrive,
            # and `absent(jifen_queue_length)` alerts on the outage.
            log.warning("metrics.queue_length_failed", error=str(exc))
            yield family
            return
        per_queue = len(_PRIORITY_STEPS) + 1
        for index, name in enumerate(names):
            total = sum(lengths[index * per_queue : (index + 1) * per_queue])
            family.add_metric([name], total)
        yield family


# --- exposition -------------------------------------------------------------------------------


class _ThisProcess:
    """The default registry's metrics, when a single process serves (tests, runserver)."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


@cache
def scrape_registry() -> CollectorRegistry:
    """What `/metrics` shows: every process's samples plus the live queue lengths."""
    registry = CollectorRegistry()
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(QueueLengthCollector())
    return registry


def exposition() -> bytes:
    return generate_latest(scrape_registry())


def worker_metrics_start(port: int) -> None:
    """Serve `/metrics` from the Celery worker's main process (its pool children write files)."""
    if not port:
        return
    from prometheus_client import start_http_server

    if not multiprocess_mode():
        log.warning("metrics.worker_single_process", hint="PROMETHEUS_MULTIPROC_DIR is unset")
    try:
        start_http_server(port, registry=scrape_registry())
    except OSError as exc:
        # A second worker on a developer's machine: run without metrics rather than not at all.
        log.error("metrics.worker_port_unavailable", port=port, error=str(exc))
        return
    log.info("metrics.worker_serving", port=port)


# --- web --------------------------------------------------------------------------------------

_NAME = r"[_A-Za-z][_0-9A-Za-z]{0,99}"
_DECLARED = re.compile(rf"\b(?:query|mutation|subscription)\s+({_NAME})")
_VALID_NAME = re.compile(rf"^{_NAME}$")
_seen_operations: set[str] = set()
_seen_lock = threading.Lock()


def _bounded(name: str) -> str:
    with _seen_lock:
        if name in _seen_operations:
            return name
        if len(_seen_operations) >= MAX_OPERATIONS:
            return OTHER
        _seen_operations.add(name)
        return name


def graphql_operation(query: str | None, operation_name: str | None) -> str:
    """The operation's name as the server runs it; never reads the variables.

    A name counts only if the query declares it, so a client cannot invent label values
    without sending a matching document.
    """
    declared = _DECLARED.findall(query or "")
    if operation_name:
        if not isinstance(operation_name, str) or not _VALID_NAME.match(operation_name):
            return UNDECLARED
        return _bounded(operation_name) if operation_name in declared else UNDECLARED
    return _bounded(declared[0]) if declared else ANONYMOUS


def _graphql_request_operation(request: HttpRequest) -> str:
    if request.method == "GET":
        return graphql_operation(request.GET.get("query"), request.GET.get("operationName"))
    content_type = request.content_type or ""
    # Only bodies the view has already read into memory: never pull a large upload here.
    if not hasattr(request, "_body"):
        return ANONYMOUS
    body = request._body
    if content_type == "application/graphql":
        return graphql_operation(body.decode("utf-8", "replace"), None)
    if content_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            return ANONYMOUS
        if isinstance(data, list):
            return "batch"
        if isinstance(data, dict):
            query = data.get("query")
            return graphql_operation(
                query if isinstance(query, str) else None, data.get("operationName")
            )
    return ANONYMOUS


def _operation(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNROUTED if getattr(request, "tenant", None) is not None else NO_TENANT
    if match.url_name == "graphql":
        return _graphql_request_operation(request)
    return match.view_name


def _raw_host(request: HttpRequest) -> str:
    """The Host header without its port. `get_host()` is not used: it rejects pod IPs."""
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME") or ""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def is_metrics_host(host: str) -> bool:
    """Pod IPs and localhost only: the base domain and tenant hosts come through the Ingress."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class MetricsMiddleware:
    """Serves `/metrics` on non-tenant hosts and counts every other request.

    Sits right after `HealthMiddleware` and before tenant routing, so that it times the
    whole request and can answer scrapes by pod IP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/metrics":
            if not is_metrics_host(_raw_host(request)):
                return HttpResponseNotFound()
            return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
        if request.path in UNCOUNTED_PATHS:
            return self.get_response(request)
        began = time.perf_counter()
        response = self.get_response(request)
        try:
            tenant_obj = getattr(request, "tenant", None)
            tenant = tenant_obj.schema_name if tenant_obj is not None else NO_TENANT
            REQUESTS.labels(
                tenant=tenant,
                operation=_operation(request),
                status=f"{response.status_code // 100}xx",
            ).inc()
            REQUEST_DURATION.labels(tenant=tenant).observe(time.perf_counter() - began)
        except Exception as exc:  # metrics must never fail a request
            log.warning("metrics.record_failed", error=str(exc))
        return response
