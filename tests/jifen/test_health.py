"""Probes are answered before tenant routing, so they work on a pod's IP address."""

from django.test import Client


def test_liveness_answers_on_a_bare_ip_host(db):
    response = Client(HTTP_HOST="10.1.2.3").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readiness_checks_database_and_redis(db):
    response = Client(HTTP_HOST="10.1.2.3:8000").get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


def test_readiness_fails_when_redis_is_unreachable(db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = Client(HTTP_HOST="10.1.2.3").get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ConnectionError")


def test_unknown_tenant_host_gets_a_clear_404(worlds, db):
    response = Client(HTTP_HOST="nosuch.localhost").get("/graphql")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_tenant"
    assert "nosuch.localhost" in response.json()["message"]
