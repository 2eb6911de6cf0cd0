"""Embedded servers start from nothing; with DATABASE_URL/REDIS_URL set, those are used."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

from jifen.testing.urls import database_url_from_settings

PROBE = """
import json, os
from jifen import embedded
services = embedded.ensure_services()
import psycopg, redis
with psycopg.connect(services.database_url) as conn:
    db = conn.execute("select current_database(), version()").fetchone()
pong = redis.Redis.from_url(services.redis_url).ping()
print(json.dumps({"services": services.__dict__, "db": db, "pong": pong}))
"""


def _run(env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(env_overrides, JIFEN_DATA_DIR=str(tmp_path / "data"))
    env.pop("XDG_RUNTIME_DIR", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_servers_start_from_an_empty_data_folder(tmp_path, monkeypatch):
    from jifen import embedded

    try:
        result = _run({}, tmp_path)
        assert result["services"]["embedded_postgres"] is True
        assert result["services"]["embedded_redis"] is True
        assert result["db"][0] == "jifen"
        assert result["db"][1].startswith("PostgreSQL")
        assert result["pong"] is True
        assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
        assert (tmp_path / "data" / "redis" / "port").exists()
    finally:
        monkeypatch.setenv("JIFEN_DATA_DIR", str(tmp_path / "data"))
        assert sorted(embedded.stop_services()) == ["postgres", "redis"]


def test_external_servers_are_used_when_urls_are_set(tmp_path, db):
    url = database_url_from_settings(connection.settings_dict)
    result = _run({"DATABASE_URL": url, "REDIS_URL": settings.CELERY_BROKER_URL}, tmp_path)
    assert result["services"] == {
        "database_url": url,
        "redis_url": settings.CELERY_BROKER_URL,
        "embedded_postgres": False,
        "embedded_redis": False,
    }
    assert result["db"][0] == connection.settings_dict["NAME"]
    # nothing was started: the data folder holds no server
    assert not (tmp_path / "data" / "postgres").exists()
    assert not (tmp_path / "data" / "redis").exists()
