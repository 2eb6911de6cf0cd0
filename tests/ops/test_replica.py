"""A real streaming replica: heavy reads go to it, a caller's own writes never hide behind it.

Committed rows only (a replica sees nothing of an open test transaction): the two tenants of
the session, tokens made here and removed again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.signals import request_started
from django.db import connections, reset_queries
from django.test import override_settings
from django_tenants.utils import schema_context

from jifen import replica as replica_routing
from jifen.access.models import User
from jifen.access.services import token_create
from jifen.testing.clients import TenantClient

RESULTS = """query Results {
  boards(first: 50) { totalCount edges { node { id kind results { subjectName total rank } } } }
  filingInbox(first: 20) { totalCount edges { node { id status } } } }"""
ME = "query Me { me { username } }"


@contextmanager
def _capture(alias: str) -> Iterator[list[str]]:
    """The SQL run on one alias in the block, without connecting it (it may be down)."""
    connection = connections[alias]
    forced, connection.force_debug_cursor = connection.force_debug_cursor, True
    # Each request would empty the log (Django's reset_queries on request_started).
    request_started.disconnect(reset_queries)
    start, captured = len(connection.queries_log), []
    try:
        yield captured
    finally:
        request_started.connect(reset_queries)
        connection.force_debug_cursor = forced
        captured.extend(q["sql"] for q in list(connection.queries_log)[start:])


def _client(slug: str, username: str) -> TenantClient:
    with schema_context(slug):
        token = token_create(user=User.objects.get(username=username), name="replica-test")
    return TenantClient(slug, token)


def _results_read_on(client: TenantClient) -> dict[str, list[str]]:
    """Ask for the results page; the SQL each database alias ran while answering it."""
    with _capture("default") as primary, _capture("replica") as replica:
        result = client.graphql(RESULTS)
    assert "errors" not in result, result
    return {"default": primary, "replica": replica, "result": result}


def _reads_boards(queries: list[str]) -> bool:
    return any('"procedure_board"' in sql and sql.lstrip().startswith("SELECT") for sql in queries)


def test_results_page_is_served_from_the_replica_in_the_callers_schema(
    live_replica, django_db_blocker
):
    with django_db_blocker.unblock():
        # given a county user of alpha, and one of beta
        alpha, beta = _client("alpha", "county"), _client("beta", "county")
        live_replica.wait_caught_up()
        # when each asks for the results page
        in_alpha, in_beta = _results_read_on(alpha), _results_read_on(beta)
    # then the boards are read on the replica, in each caller's own schema, not on the primary
    assert _reads_boards(in_alpha["replica"]) and not _reads_boards(in_alpha["default"])
    assert 'SET search_path = "alpha","public"' in in_alpha["replica"]
    assert _reads_boards(in_beta["replica"]) and not _reads_boards(in_beta["default"])
    assert 'SET search_path = "beta","public"' in in_beta["replica"]
    assert not any('"alpha"' in sql for sql in in_beta["replica"])


def test_other_queries_and_mutations_never_touch_the_replica(live_replica, django_db_blocker):
    with django_db_blocker.unblock():
        client = _client("alpha", "county")
        with _capture("replica") as replica:
            me = client.graphql(ME)
            created = client.graphql(
                'mutation { tokenCreate(username: "admin", password: "admin-pass-1") { token } }'
            )
    assert me["data"]["me"]["username"] == "county"
    assert created["data"]["tokenCreate"]["token"]
    assert replica == []


def test_a_caller_reads_their_own_write_from_the_primary_while_the_replica_is_behind(
    live_replica, django_db_blocker
):
    with django_db_blocker.unblock(), override_settings(REPLICA_MAX_LAG_SECONDS=3600):
        writer, bystander = _client("alpha", "admin"), _client("alpha", "county")
        live_replica.wait_caught_up()
        # given a replica that stops replaying (lag is allowed: only the write matters here)
        live_replica.pause_replay()
        try:
            # when the writer writes (a token, through the API) and then reads the results
            wrote = writer.graphql(
                'mutation { tokenCreate(username: "admin", password: "admin-pass-1") { token } }'
            )
            assert wrote["data"]["tokenCreate"]["token"]
            after_write = _results_read_on(writer)
            # and someone who wrote nothing reads the same page at the same moment
            other = _results_read_on(bystander)
        finally:
            live_replica.resume_replay()
    # then the writer is served by the primary, which has the write; the other by the replica
    assert _reads_boards(after_write["default"]) and not _reads_boards(after_write["replica"])
    assert any("pg_is_in_recovery" in sql for sql in after_write["replica"])  # it was asked
    assert _reads_boards(other["replica"]) and not _reads_boards(other["default"])


def test_a_replica_lagging_beyond_the_bound_is_left_for_the_primary(
    live_replica, django_db_blocker
):
    with django_db_blocker.unblock(), override_settings(REPLICA_MAX_LAG_SECONDS=1):
        client = _client("alpha", "county")
        live_replica.wait_caught_up()
        live_replica.pause_replay()
        try:
            # given writes on the primary that the replica does not replay for over a second
            with schema_context("alpha"):
                token_create(user=User.objects.get(username="admin"), name="lag-1")
            time.sleep(1.5)
            with schema_context("alpha"):
                token_create(user=User.objects.get(username="admin"), name="lag-2")
            status = replica_routing.replica_status()
            lagging = _results_read_on(client)
        finally:
            live_replica.resume_replay()
        live_replica.wait_caught_up()
        caught_up = _results_read_on(client)
    # then the page is read on the primary while it lags, and on the replica once it caught up
    assert not status.usable and status.lag_seconds > 1, status
    assert _reads_boards(lagging["default"]) and not _reads_boards(lagging["replica"])
    assert _reads_boards(caught_up["replica"]) and not _reads_boards(caught_up["default"])


def test_the_page_is_still_served_when_the_replica_is_down(live_replica, django_db_blocker):
    with django_db_blocker.unblock():
        client = _client("alpha", "county")
        served_by_replica = _results_read_on(client)
        # given the replica stops
        live_replica.stop()
        # when the page is asked for again, twice (the second while the failure is remembered)
        first = _results_read_on(client)
        second = _results_read_on(client)
        status = replica_routing.replica_status()
    # then the primary serves the same page
    assert _reads_boards(served_by_replica["replica"])
    assert _reads_boards(first["default"]) and _reads_boards(second["default"])
    assert first["result"] == served_by_replica["result"] == second["result"]
    assert second["replica"] == []  # not even tried again within the retry interval
    assert not status.usable and "recently" in status.reason


def test_reads_after_a_write_in_the_same_block_stay_on_the_primary(live_replica, django_db_blocker):
    from jifen.procedure.models import Board

    with (
        django_db_blocker.unblock(),
        schema_context("alpha"),
        replica_routing.replica_reads() as status,
    ):
        assert status.usable, status
        with _capture("replica") as before:
            list(Board.objects.all()[:5])
        token = token_create(user=User.objects.get(username="admin"), name="same-block")
        with _capture("replica") as after:
            list(Board.objects.all()[:5])
    assert token
    assert _reads_boards(before)
    assert after == []


@pytest.mark.parametrize(
    ("query", "eligible"),
    [
        (RESULTS, True),
        ("{ dashboard(unit: 1) { subjects } }", True),
        ("{ boards(first: 1) { totalCount } me { username } }", False),
        ('mutation { tokenCreate(username: "a", password: "b") { token } }', False),
        ("query A { boards(first: 1) { totalCount } } query B { me { username } }", False),
        ("{ ...F } fragment F on Query { boards(first: 1) { totalCount } }", False),
        ("{ broken", False),
    ],
)
def test_only_queries_of_heavy_read_fields_are_replica_eligible(rf, query, eligible):
    import json

    request = rf.post(
        "/graphql",
        data=json.dumps({"query": query, "operationName": "B" if "query B" in query else None}),
        content_type="application/json",
    )
    assert replica_routing.graphql_reads_only_heavy_fields(request) is eligible
