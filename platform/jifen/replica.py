"""Heavy read-only reads from a streaming replica, never at the cost of a caller's own writes.

With `DATABASE_REPLICA_URL` set, the database alias `replica` exists and:

- **What may read from it**: GraphQL queries whose every top-level field is one of
  `REPLICA_QUERY_FIELDS` (results boards, filed period results, dashboards: the pages that
  scan the most rows), views decorated with `@replica_view` (public pages, exports) and code
  inside `with replica_reads():` (an export task). Everything else reads from the primary.
- **When it may**: the replica answers, is a standby (`pg_is_in_recovery()`), lags by at most
  `JIFEN_REPLICA_MAX_LAG_SECONDS`, and has replayed the caller's last write (the primary's WAL
  position after the caller's last writing request, kept for a while in the cache per user, or
  in a cookie for anonymous callers). One status query per eligible request decides; a replica
  that fails it is left alone for `JIFEN_REPLICA_RETRY_SECONDS`.
- **Never**: inside a transaction on the primary, after a write in the same request or task,
  or for writes (always the primary).

The replica connection is put in the same tenant schema as the primary connection every time
a read is routed to it: django-tenants sets the schema on the default connection only.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
#: Top-level Query fields served from the replica: read-only and the heaviest to compute.
REPLICA_QUERY_FIELDS = frozenset({"boards", "board", "filingInbox", "periodClose", "dashboard"})
LSN_COOKIE = "jifen_lsn"
_UNKNOWN_WRITE = 1 << 64  # past any WAL position: no replica has replayed it

_STATUS_SQL = """
SELECT pg_is_in_recovery(),
       pg_last_wal_replay_lsn()::text,
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END
"""


@dataclass
class _Reads:
    """Where this request's (or block's) reads go; `wrote` pins them to the primary."""

    replica: bool = False
    wrote: bool = False


_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("jifen_reads", default=None)
_down_until = 0.0
_down_lock = threading.Lock()


@dataclass(frozen=True)
class ReplicaStatus:
    usable: bool
    reason: str
    lag_seconds: float | None = None
    replay_lsn: int | None = None


def lsn_parse(text: str) -> int:
    """`16/B374D848` → an integer that orders like the WAL position."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _max_lag() -> float:
    return float(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 10))


def _mirror_schema() -> None:
    """Put the replica connection in the primary connection's tenant schema."""
    primary, replica = connections[DEFAULT_DB_ALIAS], connections[REPLICA]
    tenant = getattr(primary, "tenant", None)
    if tenant is None:
        raise RuntimeError("the primary connection has no tenant schema set")
    if replica.tenant is not tenant or replica.schema_name != primary.schema_name:
        replica.set_tenant(tenant, include_public=primary.include_public_schema)


def _mark_down() -> None:
    global _down_until
    with _down_lock:
        _down_until = time.monotonic() + float(getattr(settings, "REPLICA_RETRY_SECONDS", 10))


def replica_status(*, min_lsn: int | None = None) -> ReplicaStatus:
    """May the replica serve a read now that must see WAL position `min_lsn`?"""
    if not replica_configured():
        return ReplicaStatus(False, "no replica configured")
    if time.monotonic() < _down_until:
        return ReplicaStatus(False, "replica failed recently; retrying later")
    _mirror_schema()
    replica = connections[REPLICA]
    try:
        with replica.cursor() as cursor:
            cursor.execute(_STATUS_SQL)
            in_recovery, replay_lsn, lag = cursor.fetchone()
    except DatabaseError as exc:
        replica.close()
        _mark_down()
        return ReplicaStatus(False, f"replica unreachable: {exc.__class__.__name__}")
    if not in_recovery:
        # A promoted replica runs its own timeline: its reads no longer follow the primary.
        return ReplicaStatus(False, "replica is not a standby")
    replay = lsn_parse(replay_lsn) if replay_lsn else None
    lag = float(lag) if lag is not None else None
    if lag is None or lag > _max_lag():
        return ReplicaStatus(False, f"replica lags by {lag} s", lag, replay)
    if min_lsn is not None and (replay is None or replay < min_lsn):
        return ReplicaStatus(False, "replica has not replayed the caller's write", lag, replay)
    return ReplicaStatus(True, "ok", lag, replay)


@contextmanager
def replica_reads(*, min_lsn: int | None = None) -> Iterator[ReplicaStatus]:
    """Route the block's reads to the replica when it is usable (exports, reports in tasks)."""
    status = replica_status(min_lsn=min_lsn)
    token = _reads.set(_Reads(replica=status.usable))
    try:
        yield status
    finally:
        _reads.reset(token)


def replica_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a read-only view (a public page, an export) as one the replica may serve."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        return view(*args, **kwargs)

    wrapped.jifen_replica_reads = True  # type: ignore[attr-defined]
    return wrapped


def graphql_reads_only_heavy_fields(request: HttpRequest) -> bool:
    """Is this a single GraphQL query (not a mutation) asking only for replica-served fields?"""
    from graphql import FieldNode, OperationDefinitionNode, OperationType, parse

    try:
        if request.method == "GET":
            query, operation_name = request.GET.get("query"), request.GET.get("operationName")
        elif request.content_type == "application/json":
            payload = json.loads(request.body or b"{}")
            if not isinstance(payload, dict):
                return False  # a batch: never guess
            query, operation_name = payload.get("query"), payload.get("operationName")
        else:
            return False
        if not isinstance(query, str):
            return False
        document = parse(query)
    except Exception:
        return False  # the view reports the error; the primary serves it
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    names = set()
    for selection in operations[0].selection_set.selections:
        if not isinstance(selection, FieldNode):
            return False  # fragments at the root: not worth resolving here
        names.add(selection.name.value)
    names.discard("__typename")
    return bool(names) and names <= REPLICA_QUERY_FIELDS


def _lsn_key(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"jifen:replica:lsn:{user.pk}"  # the cache key function adds the tenant schema
    return None


def _caller_lsn(request: HttpRequest) -> int | None:
    key = _lsn_key(request)
    try:
        if key is not None:
            from django.core.cache import cache

            value = cache.get(key)
        else:
            value = request.COOKIES.get(LSN_COOKIE)
        return int(value) if value is not None else None
    except (ValueError, TypeError):
        return None
    except Exception:
        return _UNKNOWN_WRITE  # cache down: the caller may have written


def _remember_write(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the primary's WAL position after this caller's write, as long as lag could hide it."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            lsn = lsn_parse(cursor.fetchone()[0])
    except DatabaseError:
        return
    # After max lag has passed a replica within the bound has the write anyway.
    ttl = int(_max_lag() * 2 + 60)
    key = _lsn_key(request)
    if key is not None:
        from django.core.cache import cache

        try:
            cache.set(key, lsn, ttl)
        except Exception:
            response.set_cookie(LSN_COOKIE, str(lsn), max_age=ttl, httponly=True, samesite="Lax")
    else:
        response.set_cookie(LSN_COOKIE, str(lsn), max_age=ttl, httponly=True, samesite="Lax")


class ReplicaReadsMiddleware:
    """Decide once per request, after tenant routing and authentication, where reads go."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        state = _Reads()
        token = _reads.set(state)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        may_have_written = state.wrote or (
            request.method not in ("GET", "HEAD", "OPTIONS") and not state.replica
        )
        if may_have_written:
            _remember_write(request, response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        state = _reads.get()
        if state is None:
            return None
        match = request.resolver_match
        eligible = getattr(view_func, "jifen_replica_reads", False) and request.method in (
            "GET",
            "HEAD",
        )
        if not eligible and match is not None and match.url_name == "graphql":
            eligible = graphql_reads_only_heavy_fields(request)
        if eligible:
            state.replica = replica_status(min_lsn=_caller_lsn(request)).usable
        return None


class ReplicaRouter:
    """Reads to the replica only while `_reads` allows it; writes and migrations never."""

    def db_for_read(self, model, **hints) -> str | None:
        state = _reads.get()
        if state is None or not state.replica or state.wrote:
            return DEFAULT_DB_ALIAS if replica_configured() else None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction must read what it wrote
        _mirror_schema()
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        state = _reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == REPLICA else None
