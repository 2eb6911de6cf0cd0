"""PgBouncer (Debian's) in front of the test server: session mode is safe, transaction mode not.

The suite's tenant isolation tests and every worker test run again through a session-mode
PgBouncer, in a pytest of their own with a database of their own; and two clients of a
transaction-mode PgBouncer show why Jifen refuses one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections

from jifen import embedded
from jifen.testing.parallel import without_xdist_environment, worker_id

from .servers import PgBouncer, pgbouncer_binary, server_user

ROOT = Path(__file__).resolve().parents[2]
# It runs the isolation and worker tests again, in a pytest of their own: minutes.
pytestmark = pytest.mark.slow


@pytest.fixture
def bouncer_factory(django_db_setup):
    if pgbouncer_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("pgbouncer is not installed; `make pgbouncer` installs Debian's")
        pytest.skip("pgbouncer is not installed (make pgbouncer)")
    primary = dict(connections["default"].settings_dict)
    started: list[PgBouncer] = []

    def start(pool_mode: str, **kwargs) -> PgBouncer:
        bouncer = PgBouncer(
            primary=primary,
            folder=embedded.data_dir() / "ops" / f"pgbouncer-{pool_mode}-{worker_id()}",
            user=server_user(primary),
            pool_mode=pool_mode,
            **kwargs,
        )
        started.append(bouncer)
        bouncer.start()
        return bouncer

    yield start
    for bouncer in started:
        bouncer.stop()


def _search_path_seen_by_a_second_client(bouncer: PgBouncer) -> str:
    """Client A selects a tenant's schema the way django-tenants does; what does B get?"""
    url = bouncer.url("postgres")
    with (
        psycopg.connect(url, autocommit=True, prepare_threshold=None) as first,
        psycopg.connect(url, autocommit=True, prepare_threshold=None) as second,
    ):
        first.execute('SET search_path = "alpha","public"')
        return second.execute("SHOW search_path").fetchone()[0]


def test_a_transaction_mode_pooler_hands_one_clients_schema_to_another(bouncer_factory):
    # given one server connection shared in transaction mode, and then in session mode
    leaked = _search_path_seen_by_a_second_client(bouncer_factory("transaction", pool_size=1))
    kept = _search_path_seen_by_a_second_client(bouncer_factory("session", pool_size=2))
    # then in transaction mode the second client runs in the first one's tenant schema
    assert leaked == "alpha, public"
    assert kept == '"$user", public'


def _worker_test_ids() -> list[str]:
    collected = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0", "--collect-only",
            "-m", "worker", "tests", "--ignore=tests/ops",
        ],
        cwd=ROOT, env=without_xdist_environment(dict(os.environ)), capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    return [line for line in collected.splitlines() if "::" in line]


def test_isolation_and_worker_tests_pass_through_a_session_mode_pgbouncer(
    bouncer_factory, tmp_path
):
    # given a session-mode PgBouncer, with a small pool, in front of the test server
    bouncer = bouncer_factory("session", pool_size=10)
    worker_tests = _worker_test_ids()
    assert len(worker_tests) >= 5, worker_tests
    base_redis = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
    env = {
        **without_xdist_environment(dict(os.environ)),
        # Database `jifen_pgbouncer`: its test database is test_jifen_pgbouncer, apart from ours.
        "DATABASE_URL": bouncer.url("jifen_pgbouncer"),
        "REDIS_URL": f"{base_redis}/12",
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_DB_POOL_MODE": "session",
    }
    # when the isolation tests and every worker test run through it
    run = subprocess.run(
        [
            # one process: this run's other processes share the machine
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0",
            "tests/tenants/test_isolation.py", *worker_tests,
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip
    pools = [p for p in bouncer.admin("SHOW POOLS") if p["database"] == "test_jifen_pgbouncer"]
    stats = [s for s in bouncer.admin("SHOW STATS") if s["database"] == "test_jifen_pgbouncer"]
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    print(f"through PgBouncer: {summary}")
    # then they pass, and their queries went through PgBouncer in session mode
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert " passed" in summary and "failed" not in summary, summary
    assert pools and {p["pool_mode"] for p in pools} == {"session"}
    assert stats and stats[0]["total_query_count"] > 100, stats
