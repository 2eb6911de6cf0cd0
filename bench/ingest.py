"""Benchmark: bulk ingest and single-event writes against PostgreSQL's own write rate.

Run: .venv/bin/python bench/ingest.py [--members 50000] [--events 20000] [--quick] [--keep]

1. Builds tenant `benchingest` (dropped first, and at the end unless --keep): a county of
   `--members` party members in branches of 50, the 永州 template for the county.
2. **Bulk import**: `--events` events (a month of attendance: late, absent, volunteer …
   spread over the members) through the product's own path, `events_record_bulk` (what
   the `eventsImport` mutation and its job call), committed; then a second import of the
   same size into the same, now non-empty accounts.
3. **Floor**: COPY of the same event and entry rows (new keys and ids) into the same
   tables with their indexes, foreign keys and triggers, in one transaction, rolled back.
4. **GraphQL**: one `eventsImport` request of `--graphql-events` events (below the job
   threshold: answered in the request) through Django's test client as a recorder.
5. **Single events**: `--singles` `event_record` calls one after another (own transaction
   each, committed) on members with accounts; p50/p95 against the floor of one event, one
   entry and the account head written with plain SQL in a transaction of their own,
   committed (into copies of the three tables with their indexes and foreign keys, so
   the ledger's chains stay intact) and rolled back (no commit to flush), alternating.
6. `chain_verify` of 300 random accounts (`jifen ledger verify --tenant benchingest`
   with `--keep` checks them all).

Prints `RATIO ingest_bulk <median of the rounds' product/floor>` and `P95_MS event_write <ms> (floor <ms> …)`
(the committed floor) lines; asserts
only that the chains verify.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT), str(ROOT / "bench")]

from rollover import django_setup, org_build, say, subjects_build, tenant_drop  # noqa: E402

SLUG = "benchingest"
MONTH = (2026, 3)
ITEMS = [
    ("party_day_late", {}),
    ("party_day_absent", {}),
    ("training_absent", {}),
    ("task_not_done", {}),
    ("volunteer", {}),
    ("exemplary", {"points": 3}),
]


def build(members: int) -> list[int]:
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from jifen.org.services import unit_root
    from jifen.testing.worlds import publish_template
    from tenants.services import platform_ensure_public, tenant_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure_public()
    t0 = time.monotonic()
    tenant_drop(SLUG)
    tenant_create(slug=SLUG, name="导入基准县", family="county")
    with schema_context(SLUG):
        branches = org_build(max(1, members // 50))
        publish_template("yongzhou-safety-bureau", "yongzhou", unit_root().pk)
        subject_ids = subjects_build(branches, members)
    say(f"build: {members:,} members in {len(branches)} branches, {time.monotonic() - t0:.1f} s")
    return subject_ids


def facts(subject_ids: list[int], count: int, tag: str):
    from jifen.ledger.services import EventInput

    out = []
    for n in range(count):
        item, attributes = ITEMS[n % len(ITEMS)]
        subject = subject_ids[(n * 7919) % len(subject_ids)]
        day = dt.date(*MONTH, 1 + n % 28)
        out.append(EventInput(f"{tag}-{n}", subject, item, day, attributes))
    return out


def bulk(subject_ids: list[int], count: int, tag: str) -> float:
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.ledger.services import events_record_bulk

    items = facts(subject_ids, count, tag)
    with schema_context(SLUG):
        admin = User.objects.get(username="admin")
        t0 = time.perf_counter()
        result = events_record_bulk(actor=admin, items=items)
        elapsed = time.perf_counter() - t0
    assert result.created == count, result
    return elapsed


def copy_floor(tag: str) -> tuple[float, int, int]:
    """COPY the rows import `tag` wrote, as new rows, into the same tables; rolled back."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    with schema_context(SLUG), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM ledger_event")
        event_shift = cur.fetchone()[0]
        cur.execute("SELECT max(id), max(seq) FROM ledger_entry")
        entry_shift, seq_shift = cur.fetchone()
        events, entries = io.BytesIO(), io.BytesIO()
        event_cols = (
            "id, key, subject_id, account_id, item, occurred_on, attributes, quantity, source,"
            " recorded_by_id, ruleset_version_id, version_key, context, needs_confirmation,"
            " payload_hash, explanation, created_at, digest, supersedes_id"
        )
        entry_cols = (
            "id, account_id, seq, kind, event_id, occurred_on, item, bucket, points, raw_points,"
            ' rule, ruleset_version, "group", veto, escalation, reverses_id, reason,'
            " decided_by_id, created_at, event_digest, prev_hash, hash"
        )
        with cur.copy(
            f"COPY (SELECT id + {event_shift}, key || '~floor', subject_id, account_id, item,"
            " occurred_on, attributes, quantity, source, recorded_by_id, ruleset_version_id,"
            " version_key, context, needs_confirmation, payload_hash, explanation, created_at,"
            f" digest, supersedes_id FROM ledger_event WHERE key LIKE '{tag}-%') TO STDOUT"
        ) as copy:
            for block in copy:
                events.write(block)
        with cur.copy(
            f"COPY (SELECT e.id + {entry_shift}, e.account_id, e.seq + {seq_shift}, e.kind,"
            f" e.event_id + {event_shift}, e.occurred_on, e.item, e.bucket, e.points,"
            ' e.raw_points, e.rule, e.ruleset_version, e."group", e.veto, e.escalation,'
            " e.reverses_id, e.reason, e.decided_by_id, e.created_at, e.event_digest,"
            " e.prev_hash, e.hash FROM ledger_entry e JOIN ledger_event v ON v.id = e.event_id"
            f" WHERE v.key LIKE '{tag}-%') TO STDOUT"
        ) as copy:
            for block in copy:
                entries.write(block)
        n_events = events.getvalue().count(b"\n")
        n_entries = entries.getvalue().count(b"\n")
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the FK checks inside the timing
        t0 = time.perf_counter()
        with cur.copy(f"COPY ledger_event ({event_cols}) FROM STDIN") as copy:
            copy.write(events.getvalue())
        with cur.copy(f"COPY ledger_entry ({entry_cols}) FROM STDIN") as copy:
            copy.write(entries.getvalue())
        elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)
    return elapsed, n_events, n_entries


def graphql_import(subject_ids: list[int], count: int) -> float:
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.graphql.ids import to_global_id
    from jifen.testing.clients import TenantClient

    items = facts(subject_ids, count, "gql")
    with schema_context(SLUG):
        admin = User.objects.get(username="admin")
        client = TenantClient(SLUG)
        client.force_login(admin)
        query = (
            "mutation($events: [EventInput!]!) { eventsImport(events: $events) {"
            " created duplicates errors { field message } job { id } } }"
        )
        variables = {
            "events": [
                {
                    "key": e.key,
                    "subject": to_global_id("Subject", e.subject_id),
                    "item": e.item,
                    "occurredOn": e.occurred_on.isoformat(),
                    "attributes": dict(e.attributes),
                }
                for e in items
            ]
        }
        t0 = time.perf_counter()
        data = client.graphql(query, variables)
        elapsed = time.perf_counter() - t0
    assert data.get("data", {}).get("eventsImport", {}).get("created") == count, data
    return elapsed


FLOOR_TABLES = {"ledger_account": "floor_account", "ledger_event": "floor_event",
                "ledger_entry": "floor_entry"}  # fmt: skip


def floor_tables() -> None:
    """Copies of the three ledger tables with their indexes, defaults and foreign keys (to
    the subject, version and each other; no append-only triggers), so that the committed
    floor's rows leave the ledger's own chains intact."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for real, copy in FLOOR_TABLES.items():
            cur.execute(f"DROP TABLE IF EXISTS {copy} CASCADE")
            cur.execute(f"CREATE TABLE {copy} (LIKE {real} INCLUDING ALL)")
        cur.execute(
            "INSERT INTO floor_account SELECT * FROM ledger_account WHERE id IN"
            " (SELECT account_id FROM ledger_event WHERE key = 'single-0')"
        )
        for table, column, target in (
            ("floor_account", "subject_id", "subjects_subject"),
            ("floor_event", "subject_id", "subjects_subject"),
            ("floor_event", "account_id", "floor_account"),
            ("floor_event", "ruleset_version_id", "rulebook_rulesetversion"),
            ("floor_entry", "account_id", "floor_account"),
            ("floor_entry", "event_id", "floor_event"),
        ):
            cur.execute(
                f"ALTER TABLE {table} ADD FOREIGN KEY ({column}) REFERENCES {target} (id)"
                " DEFERRABLE INITIALLY DEFERRED"
            )


def floor_write(n: int, account: int, subject: int, version: int, *, commit: bool) -> None:
    """One event, its entry and the account head in plain SQL, in a transaction of their
    own: committed (into the floor tables: a durable write, as a booking is) or rolled
    back (into the ledger's tables: no commit to wait for)."""
    from django.db import connection, transaction

    t = FLOOR_TABLES if commit else {k: k for k in FLOOR_TABLES}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"SELECT last_seq FROM {t['ledger_account']} WHERE id = %s FOR UPDATE", [account]
        )
        (seq,) = cur.fetchone()
        cur.execute(
            f"INSERT INTO {t['ledger_event']} (key, subject_id, account_id, item, occurred_on,"
            " attributes, quantity, source, ruleset_version_id, version_key, context,"
            " needs_confirmation, payload_hash, explanation, created_at, digest)"
            " VALUES (%s, %s, %s, 'task_not_done', %s, '{}', 1, 'api', %s, 'v', '{}',"
            " false, 'h', 'e', now(), 'd') RETURNING id",
            [f"floor-{n}-{commit}", subject, account, dt.date(*MONTH, 20), version],
        )
        (event_id,) = cur.fetchone()
        cur.execute(
            f"INSERT INTO {t['ledger_entry']} (account_id, seq, kind, event_id, occurred_on, item,"
            ' bucket, points, raw_points, rule, ruleset_version, "group", veto,'
            " escalation, reason, created_at, event_digest, prev_hash, hash)"
            " VALUES (%s, %s, 'booking', %s, %s, 'task_not_done', 'duty', -1, -1, 'r',"
            " 'v', '', '', '', '', now(), 'd', 'p', 'h')",
            [account, seq + 1, event_id, dt.date(*MONTH, 20)],
        )
        cur.execute(
            f"UPDATE {t['ledger_account']} SET last_seq = %s WHERE id = %s", [seq + 1, account]
        )
        if not commit:
            transaction.set_rollback(True)


def singles(subject_ids: list[int], count: int) -> tuple[list[float], list[float], list[float]]:
    """Product: `event_record` per event, each committed. Floors: the same three rows in
    plain SQL, committed (the durable write a booking is) and rolled back (without the
    commit's flush); product and floors alternate, as the machine is shared."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.ledger.services import EventInput, event_record

    product, committed, rolled_back = [], [], []
    with schema_context(SLUG):
        admin = User.objects.get(username="admin")
        for n in range(count):
            subject = subject_ids[(n * 7919) % len(subject_ids)]  # accounts of the imports
            data = EventInput(f"single-{n}", subject, "task_not_done", dt.date(*MONTH, 20))
            t0 = time.perf_counter()
            event_record(actor=admin, data=data, source="api")
            product.append(time.perf_counter() - t0)
            if n == 0:
                with connection.cursor() as cur:
                    cur.execute(
                        "SELECT account_id, ruleset_version_id, subject_id FROM ledger_event"
                        " WHERE key = 'single-0'"
                    )
                    account, version, subject = cur.fetchone()
                floor_tables()
            for commit, times in ((True, committed), (False, rolled_back)):
                t0 = time.perf_counter()
                floor_write(n, account, subject, version, commit=commit)
                times.append(time.perf_counter() - t0)
    return product, committed, rolled_back


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--graphql-events", type=int, default=1_000)
    parser.add_argument("--singles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="product/floor pairs")
    parser.add_argument("--quick", action="store_true", help="5,000 members, 5,000 events")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.members, args.events, args.singles = 5_000, 5_000, 100
    django_setup()
    load = os.getloadavg()
    say(
        f"ingest benchmark: {args.members:,} members, {args.events:,} events, "
        f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    try:
        subject_ids = build(args.members)
        first = bulk(subject_ids, args.events, "bulk0")
        say(
            f"product bulk import (events_record_bulk) into new accounts: {first:.2f} s,"
            f" {args.events / first:,.0f} events/s"
        )
        # The machine is shared: product and floor alternate, and each keeps its best run.
        products, floors = [], []
        for r in range(1, args.rounds + 1):
            products.append(bulk(subject_ids, args.events, f"bulk{r}"))
            floor, n_events, n_entries = copy_floor(f"bulk{r}")
            floors.append(floor)
            say(
                f"  round {r}: product {products[-1]:.2f} s"
                f" ({args.events / products[-1]:,.0f} events/s); floor {floor:.2f} s"
                f" ({n_events / floor:,.0f} events/s)"
            )
        best, floor = min(products), min(floors)
        say(
            f"product bulk import into accounts with entries, best of {args.rounds}: {best:.2f} s,"
            f" {args.events / best:,.0f} events/s"
        )
        say(
            f"floor: COPY of the same {n_events:,} events + {n_entries:,} entries into the same"
            f" tables, best of {args.rounds}: {floor:.2f} s, {n_events / floor:,.0f} events/s"
        )
        # Each round's product and floor ran side by side, under the same load: the ratio
        # is the median of the rounds' ratios (the best of each alone pairs moments of
        # different load on a shared machine).
        paired = statistics.median(f / p for p, f in zip(products, floors, strict=True))
        best_of = (args.events / best) / (n_events / floor)
        say(f"  ratio of the best of each: {best_of:.3f}; per round: "
            + ", ".join(f"{f / p:.3f}" for p, f in zip(products, floors, strict=True)))  # fmt: skip
        say(f"RATIO ingest_bulk {paired:.3f} (target >= 0.25; 1/{1 / paired:.1f})")
        if args.graphql_events:
            took = graphql_import(subject_ids, args.graphql_events)
            say(
                f"GraphQL eventsImport of {args.graphql_events:,} events in the request:"
                f" {took:.2f} s, {args.graphql_events / took:,.0f} events/s"
            )
        product, sql, unflushed = singles(subject_ids, args.singles)

        def p50(values: list[float]) -> float:
            return statistics.median(values) * 1000

        say(
            f"single events (event_record, committed): p50 {p50(product):.1f} ms,"
            f" p95 {p95(product):.1f} ms"
        )
        say(
            f"  floor (3 rows in plain SQL, committed): p50 {p50(sql):.1f} ms,"
            f" p95 {p95(sql):.1f} ms; rolled back: p50 {p50(unflushed):.1f} ms,"
            f" p95 {p95(unflushed):.1f} ms"
        )
        say(
            f"P95_MS event_write {p95(product):.1f} (floor {p95(sql):.1f}; target < 20;"
            f" ratio {p95(product) / p95(sql):.1f}x)"
        )
        from django_tenants.utils import schema_context

        from jifen.ledger.models import Account
        from jifen.ledger.selectors import chain_verify

        with schema_context(SLUG):
            t0 = time.perf_counter()
            sample = Account.objects.order_by("?")[:300]
            broken = chain_verify(accounts=Account.objects.filter(pk__in=sample.values("pk")))
            say(
                "chain_verify of 300 random accounts:"
                f" {'all intact' if not broken else f'{len(broken)} BROKEN {broken[:3]}'}"
                f" ({time.perf_counter() - t0:.1f} s)"
            )
        if broken:
            raise SystemExit(1)
    finally:
        if not args.keep:
            tenant_drop(SLUG)


if __name__ == "__main__":
    main()
