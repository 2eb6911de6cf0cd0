"""Prometheus metrics: counted by tenant and operation, served only to non-tenant hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from jifen import metrics
from jifen.testing.urls import database_url_from_settings


def _value(text: str, name: str, **labels: str) -> float:
    """The sample `name{labels…}` in an exposition, 0 when absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def _scrape(host: str = "10.1.2.3:8000") -> str:
    response = Client(HTTP_HOST=host).get("/metrics")
    assert response.status_code == 200
    return response.content.decode()


def _post_graphql(client: Client, body: dict) -> None:
    client.post("/graphql", data=json.dumps(body), content_type="application/json")


def test_graphql_request_is_counted_by_tenant_and_operation_name(alpha, beta, client_for):
    # given
    before = _scrape()
    client = client_for("alpha", "admin")
    # when
    result = client.graphql("query MetricsOrgUnits { orgUnits(first: 1) { totalCount } }")
    # then
    assert "errors" not in result
    after = _scrape()
    labels = {"tenant": "alpha", "operation": "MetricsOrgUnits", "status": "2xx"}
    assert (
        _value(after, "jifen_requests_total", **labels)
        - _value(before, "jifen_requests_total", **labels)
        == 1
    )
    count = "jifen_request_duration_seconds_count"
    assert _value(after, count, tenant="alpha") - _value(before, count, tenant="alpha") == 1
    assert _value(after, count, tenant="beta") == _value(before, count, tenant="beta")
    assert _value(after, "jifen_requests_total", tenant="beta", operation="MetricsOrgUnits") == 0


def test_operation_comes_from_operation_name_or_is_anonymous(alpha, client_for):
    client = client_for("alpha", "admin")
    before = _scrape()
    _post_graphql(
        client,
        {
            "query": "query First { me { username } } query Second { me { username } }",
            "operationName": "Second",
            "variables": {"secret": "never-a-label"},
        },
    )
    _post_graphql(client, {"query": "{ me { username } }"})
    # a name the query does not declare is not taken as a label value
    _post_graphql(client, {"query": "query Real { me { username } }", "operationName": "Made"})
    after = _scrape()

    def moved(operation: str) -> float:
        return _value(after, "jifen_requests_total", tenant="alpha", operation=operation) - _value(
            before, "jifen_requests_total", tenant="alpha", operation=operation
        )

    assert (moved("Second"), moved("First"), moved("anonymous")) == (1, 0, 1)
    assert (moved("undeclared"), moved("Made")) == (1, 0)
    assert "never-a-label" not in after


def test_other_routes_are_counted_by_route_name(alpha):
    before = _scrape()
    Client(HTTP_HOST="alpha.localhost").get("/accounts/login/")
    Client(HTTP_HOST="nosuch.localhost").get("/graphql")
    after = _scrape()
    for labels in (
        {"tenant": "alpha", "operation": "login", "status": "2xx"},
        {"tenant": "none", "operation": "none", "status": "4xx"},
    ):
        assert (
            _value(after, "jifen_requests_total", **labels)
            - _value(before, "jifen_requests_total", **labels)
            == 1
        )
    assert "nosuch" not in after


@pytest.mark.parametrize("host", ["10.1.2.3:8000", "10.1.2.3", "[fd00::1]:8000", "localhost:8000"])
def test_metrics_are_served_on_pod_ips_and_localhost(worlds, db, host):
    response = Client(HTTP_HOST=host).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    assert 'jifen_queue_length{queue="celery"}' in text
    assert "# TYPE jifen_requests_total counter" in text


@pytest.mark.parametrize(
    "host", ["alpha.localhost", "alpha.localhost:8000", "nosuch.localhost", "jifen.example.org"]
)
def test_metrics_are_not_found_on_tenant_and_public_hosts(worlds, db, host):
    # The Ingress routes the base domain and every <slug>.<base domain>: the tenant list
    # in the labels must not be readable from outside.
    response = Client(HTTP_HOST=host).get("/metrics")
    assert response.status_code == 404
    assert b"alpha" not in response.content


def test_ledger_entries_written_are_counted_per_tenant(worlds, db):
    before = _scrape()
    metrics.ledger_entries_written("alpha", 3)
    metrics.ledger_entries_written("alpha", 0)
    after = _scrape()
    name = "jifen_ledger_entries_written_total"
    assert _value(after, name, tenant="alpha") - _value(before, name, tenant="alpha") == 3
    assert _value(after, name, tenant="beta") == _value(before, name, tenant="beta")


def test_queue_length_is_read_from_redis_at_scrape_time():
    queue = f"jifen-test-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    collector = metrics.QueueLengthCollector(queues=[queue])
    try:
        client.rpush(queue, "a", "b", "c")
        client.rpush(f"{queue}\x06\x166", "d", "e")  # kombu's list for priority 6
        [family] = list(collector.collect())
        assert [(s.labels, s.value) for s in family.samples] == [({"queue": queue}, 5)]
    finally:
        client.delete(queue, f"{queue}\x06\x166")


def test_queue_length_is_empty_rather_than_failing_when_redis_is_down():
    collector = metrics.QueueLengthCollector(broker_url="redis://127.0.0.1:1/0", queues=["celery"])
    [family] = list(collector.collect())
    assert (family.name, family.samples) == ("jifen_queue_length", [])


@pytest.mark.parametrize(
    ("query", "operation_name", "expected"),
    [
        ("query A { x }", None, "A"),
        ("mutation TokenCreate($u: String!) { x }", None, "TokenCreate"),
        ("query A { x } query B { x }", "B", "B"),
        ("{ x }", None, "anonymous"),
        (None, None, "anonymous"),
        ("query A { x }", "B", "undeclared"),
        ("query A { x }", "A} bad", "undeclared"),
        ("query A { x }", ["A"], "undeclared"),
    ],
)
def test_graphql_operation_names(query, operation_name, expected):
    assert metrics.graphql_operation(query, operation_name) == expected


def test_distinct_operation_names_are_capped_per_process(monkeypatch):
    monkeypatch.setattr(metrics, "_seen_operations", set())
    monkeypatch.setattr(metrics, "MAX_OPERATIONS", 2)
    names = [metrics.graphql_operation(f"query Op{i} {{ x }}", None) for i in range(4)]
    assert names == ["Op0", "Op1", "other", "other"]
    assert metrics.graphql_operation("query Op0 { x }", None) == "Op0"


def test_jifen_web_sums_metrics_across_its_processes(worlds, tmp_path):
    # given `jifen web` with two gunicorn processes on the test database
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(
        DATABASE_URL=database_url_from_settings(connection.settings_dict),
        REDIS_URL=settings.CELERY_BROKER_URL,
        JIFEN_DATA_DIR=str(tmp_path),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "jifen.cli", "web", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(path: str, host: str, data: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=data,
            headers={"Host": host, "Content-Type": "application/json"},
        )
        try:
            # a process's first GraphQL request builds the schema: on a busy machine (a parallel
            # run) the 8 concurrent ones may queue behind it for longer than 10 s
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get("/healthz", "127.0.0.1")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "jifen web did not start"
            time.sleep(0.2)
        # when 20 requests are spread over its processes (4 threads each, so in parallel)
        body = json.dumps({"query": "query WebPing { __typename }"}).encode()
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(lambda _: get("/graphql", "alpha.localhost", body)[0], range(20))
            )
        assert statuses == [200] * 20
        # then one scrape sums them, and tenant hosts cannot scrape
        status, text = get("/metrics", "127.0.0.1")
        assert status == 200
        assert _value(text, "jifen_requests_total", tenant="alpha", operation="WebPing") == 20
        assert get("/metrics", "alpha.localhost")[0] == 404
        assert (tmp_path / "metrics" / str(proc.pid)).is_dir()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.worker
def test_worker_serves_task_counts_and_durations_by_tenant(
    worlds, celery_worker_process, django_db_blocker
):
    from django_tenants.utils import schema_context

    from jifen.ops.models import WorkerCheck
    from workers.tasks.ops import complete_worker_check_task

    def scrape() -> str:
        with urllib.request.urlopen(celery_worker_process.metrics_url, timeout=5) as response:
            return response.read().decode()

    labels = {"task": "ops.complete_worker_check", "tenant": "alpha"}
    before = scrape()
    with django_db_blocker.unblock():
        with schema_context("alpha"):
            check = WorkerCheck.objects.create()
            complete_worker_check_task.delay(check.pk)
        try:
            deadline = time.monotonic() + 30
            while _value(scrape(), "jifen_task_total", state="success", **labels) == _value(
                before, "jifen_task_total", state="success", **labels
            ):
                assert time.monotonic() < deadline, "no task counted within 30 s"
                time.sleep(0.2)
            after = scrape()
        finally:
            with schema_context("alpha"):
                WorkerCheck.objects.filter(pk=check.pk).delete()
    moved = _value(after, "jifen_task_total", state="success", **labels) - _value(
        before, "jifen_task_total", state="success", **labels
    )
    assert moved == 1
    duration = "jifen_task_duration_seconds_count"
    assert _value(after, duration, **labels) - _value(before, duration, **labels) == 1
    assert _value(after, "jifen_task_total", task="ops.complete_worker_check", tenant="beta") == 0
    assert 'jifen_queue_length{queue="celery"}' in after
