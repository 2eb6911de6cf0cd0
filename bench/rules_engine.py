"""Benchmark: engine events/s vs plain Python vs PostgreSQL ledger writes; RSS of 1,000 versions.

Run: .venv/bin/python bench/rules_engine.py [--events N] [--versions N]
Prints what it measured; it asserts nothing (targets are in issue 3).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rulesets.contracts import EvaluationContext, Event, entries_for, frozen_map
from rulesets.engine import compiled
from rulesets.versions import VersionKey


def party_member_ruleset(version: str = "1", tweak: int = 0) -> dict:
    """30 items, 5 buckets, 2 vetoes: the shape of seed 002 / 000 §16 party-member schemes."""
    buckets = [
        {"code": "basic", "initial": 60, "floor": 0, "cap": 60},
        {"code": "duty", "initial": 25, "floor": 0, "cap": 25},
        {"code": "bonus", "initial": 0, "floor": 0, "cap": 20},
        {"code": "deduct", "initial": 0, "floor": -100, "cap": 0},
        {"code": "review", "initial": 0, "floor": 0, "cap": 20},
    ]
    items = []
    for n in range(24):
        bucket = ["basic", "duty", "bonus", "deduct"][n % 4]
        sign = 1 if bucket == "bonus" else -1
        item = {"code": f"item{n:02d}", "bucket": bucket, "points": sign * (1 + n % 5) - tweak * 0}
        if n % 6 == 0:
            item["limit"] = {"occurrences": 10}
        if n % 8 == 1:
            item["variants"] = [{"when": {"subject.role": "secretary"}, "factor": 2}]
        items.append(item)
    items.append(
        {
            "code": "commendation",
            "bucket": "bonus",
            "points_by": {
                "attribute": "level",
                "values": {"central": 5, "province": 4, "city": 3, "county": 2, "township": 1},
            },
        }
    )
    items.append(
        {
            "code": "sanction",
            "bucket": "deduct",
            "points_by": {
                "attribute": "kind",
                "values": {"warning": -5, "serious": -10, "removal": -15, "probation": -20},
            },
        }
    )
    items.append(
        {"code": "expelled_probation", "bucket": "deduct", "points": 0, "veto": "zero_period"}
    )
    items.append({"code": "dues_missed", "bucket": "deduct", "points": -2})
    items.append({"code": "other", "bucket": "deduct", "points_range": [-4, -1]})
    items.append(
        {
            "code": "review_votes",
            "bucket": "review",
            "votes": {"excellent": 20, "good": 15, "pass": 10, "poor": 0},
        }
    )
    return {
        "schema": "jifen/ruleset/1",
        "ruleset": "bench-party",
        "version": version,
        "title": f"bench {tweak}",
        "subject": {"kind": "party_member"},
        "period": {"unit": "year", "starts": "01-01"},
        "buckets": buckets,
        "items": items,
        "counters": {
            "months_without_dues": {"kind": "consecutive_months", "items": ["dues_missed"]}
        },
        "vetoes": [
            {
                "code": "dues6",
                "counter": "months_without_dues",
                "at_least": 6,
                "items": ["dues_missed"],
                "effect": "lowest_grade",
            }
        ],
        "combination": {"role_multipliers": [{"when": {"subject.role": "officer"}, "factor": 2}]},
        "scoring": {"total": "basic + duty + bonus + deduct + review", "clamp": [0, 100]},
    }


def workload(n: int) -> list[tuple[Event, EvaluationContext]]:
    codes = [f"item{k:02d}" for k in range(24)] + [
        "commendation",
        "sanction",
        "dues_missed",
        "other",
        "review_votes",
    ]
    out = []
    for i in range(n):
        code = codes[i % len(codes)]
        attrs: dict = {}
        if code == "commendation":
            attrs = {"level": "city"}
        elif code == "sanction":
            attrs = {"kind": "warning"}
        elif code == "other":
            attrs = {"points": -2}
        elif code == "review_votes":
            attrs = {"votes": {"excellent": 5, "good": 3}}
        event = Event(
            id=f"e{i}",
            subject=f"m{i % 500}",
            item=code,
            occurred_on=date(2024, 1, 1) + timedelta(days=i % 360),
            attributes=frozen_map(attrs),
            idempotency_key=f"k{i}",
        )
        ctx = EvaluationContext(
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            subject_attributes=frozen_map({"role": ["member", "secretary", "officer"][i % 3]}),
            item_occurrences=i % 12,
            bucket_totals=frozen_map(
                {"basic": 60.0, "duty": 25.0, "bonus": 5.0, "deduct": -3.0, "review": 0.0}
            ),
            counters=frozen_map({"months_without_dues": float(i % 7)}),
        )
        out.append((event, ctx))
    return out


def plain_python(engine, event: Event, ctx: EvaluationContext):
    """The same rules without durable-rules: choose the rule in Python, run the same effects.

    A baseline only: the bench's variants test one equality (`subject.role`), so a dict
    lookup stands in for the engine's matching here.
    """
    core = engine.core
    item = core.items[event.item]
    index = list(core.items).index(event.item)
    rule = core.rules[f"i{index}"]
    for j, variant in enumerate(item.get("variants", [])):
        if all(
            ctx.subject_attributes.get(k.partition(".")[2]) == v for k, v in variant["when"].items()
        ):
            rule = core.rules[f"i{index}v{j}"]
            break
    effects = engine._effects(rule, event, ctx, {})
    for veto in core.document.get("vetoes", []):
        if (
            event.item in veto.get("items", [])
            and ctx.counters.get(veto["counter"], 0) >= veto["at_least"]
        ):
            effects += (engine._veto_effect(veto, event),)
    return effects


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    try:
        from jifen.embedded import database_url as embedded_url

        return embedded_url()
    except Exception:
        return "postgresql://postgres@127.0.0.1:5432/postgres"


LEDGER_DDL = """
CREATE TABLE {s}.account (
    id text PRIMARY KEY,
    last_seq bigint NOT NULL DEFAULT 0,
    last_hash bytea NOT NULL DEFAULT '\\x'
);
CREATE TABLE {s}.ledger_entry (
    account text NOT NULL REFERENCES {s}.account (id),
    seq bigint NOT NULL,
    points numeric(12, 4) NOT NULL,
    bucket text NOT NULL,
    item text NOT NULL,
    rule text NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account, seq)
);
CREATE FUNCTION {s}.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only';
END $$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON {s}.ledger_entry
    FOR EACH ROW EXECUTE FUNCTION {s}.ledger_append_only();
"""


def _chain(batch: list[tuple], heads: dict[str, tuple[int, bytes]]) -> list[tuple]:
    """Number and hash-chain one batch of (account, points, bucket, item, rule) per account."""
    out = []
    for account, points, bucket, item, rule in batch:
        seq, prev = heads[account]
        seq += 1
        digest = hashlib.sha256(
            prev + f"{account}|{seq}|{points:.4f}|{bucket}|{item}|{rule}".encode()
        ).digest()
        heads[account] = (seq, digest)
        out.append((account, seq, points, bucket, item, rule, prev, digest))
    return out


def _write_batch(cur, schema: str, batch: list[tuple], mode: str) -> None:
    """One committed transaction: lock the accounts, chain, append the entries, move heads."""
    accounts = sorted({row[0] for row in batch})
    cur.execute(
        f"SELECT id, last_seq, last_hash FROM {schema}.account WHERE id = ANY(%s)"
        " ORDER BY id FOR UPDATE",
        (accounts,),
    )
    heads = {a: (seq, bytes(h)) for a, seq, h in cur.fetchall()}
    rows = _chain(batch, heads)
    columns = "account, seq, points, bucket, item, rule, prev_hash, hash"
    if mode == "copy":
        with cur.copy(f"COPY {schema}.ledger_entry ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cur.executemany(
            f"INSERT INTO {schema}.ledger_entry ({columns}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
            rows,
        )
    cur.execute(
        f"UPDATE {schema}.account a SET last_seq = h.seq, last_hash = h.hash"
        " FROM unnest(%s::text[], %s::bigint[], %s::bytea[]) AS h(id, seq, hash)"
        " WHERE a.id = h.id",
        (
            list(heads),
            [seq for seq, _ in heads.values()],
            [digest for _, digest in heads.values()],
        ),
    )


def ledger_rates(rows: list[tuple], events: int, batch_events: int) -> dict[str, float] | str:
    """Rows/s of the ledger's write path, committed, on a real table in a scratch schema.

    `rows` are (account, points, bucket, item, rule); a batch is the rows of `batch_events`
    consecutive events, written in one transaction (FOR UPDATE on the accounts, per-account
    hash chain computed here, COPY or executemany, heads updated, COMMIT).
    """
    try:
        import psycopg
    except ImportError:
        return "psycopg not installed"
    try:
        conn = psycopg.connect(database_url(), connect_timeout=5)
    except Exception as exc:
        return f"no PostgreSQL ({exc.__class__.__name__}: {str(exc).splitlines()[0]})"
    schema = f"bench_ledger_{os.getpid()}"
    per_event = len(rows) / events
    size = max(1, round(batch_events * per_event))
    batches = [rows[i : i + size] for i in range(0, len(rows), size)]
    rates: dict[str, float] = {}
    with conn:
        cur = conn.cursor()
        settings = {}
        for name in ("synchronous_commit", "fsync"):
            cur.execute(f"SHOW {name}")
            settings[name] = cur.fetchone()[0]
        rates["settings"] = settings  # type: ignore[assignment]
        cur.execute(f"CREATE SCHEMA {schema}")
        cur.execute(LEDGER_DDL.format(s=schema))
        cur.executemany(
            f"INSERT INTO {schema}.account (id) VALUES (%s)",
            [(a,) for a in sorted({r[0] for r in rows})],
        )
        conn.commit()
        try:
            for mode in ("copy", "executemany"):
                cur.execute(f"TRUNCATE {schema}.ledger_entry")
                cur.execute(f"UPDATE {schema}.account SET last_seq = 0, last_hash = '\\x'")
                conn.commit()
                start = time.perf_counter()
                for batch in batches:
                    _write_batch(cur, schema, batch, mode)
                    conn.commit()
                rates[mode] = len(rows) / (time.perf_counter() - start)
            cur.execute(f"TRUNCATE {schema}.ledger_entry")
            cur.execute(f"UPDATE {schema}.account SET last_seq = 0, last_hash = '\\x'")
            conn.commit()
            sample = rows[:2000]
            start = time.perf_counter()
            for row in sample:  # one event per transaction (about one row each)
                _write_batch(cur, schema, [row], "executemany")
                conn.commit()
            rates["txn_per_event"] = len(sample) / (time.perf_counter() - start)
            try:  # the trigger is really there: an UPDATE must fail
                cur.execute(f"UPDATE {schema}.ledger_entry SET points = 0")
                rates["append_only"] = 0.0
            except psycopg.errors.RaiseException:
                rates["append_only"] = 1.0
            conn.rollback()
        finally:
            cur.execute(f"DROP SCHEMA {schema} CASCADE")
            conn.commit()
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=500, help="events per batch/transaction")
    args = parser.parse_args()

    doc = party_member_ruleset()
    engine = compiled(VersionKey.of("bench", "party", "1", doc), doc)
    work = workload(args.events)
    engine.evaluate_many(work[:1000])  # warm up
    for event, ctx in work[:200]:
        engine.evaluate(event, ctx)

    start = time.perf_counter()
    evaluations = [engine.evaluate(event, ctx) for event, ctx in work]
    single_rate = len(work) / (time.perf_counter() - start)

    start = time.perf_counter()
    batched = engine.evaluate_many(work, batch_size=args.batch)
    batch_rate = len(work) / (time.perf_counter() - start)
    assert batched == evaluations, "evaluate_many must equal one evaluate per event"

    start = time.perf_counter()
    for event, ctx in work:
        plain_python(engine, event, ctx)
    plain_rate = len(work) / (time.perf_counter() - start)

    rows = [
        (e.subject, e.points, e.bucket or "-", e.item, e.rule)
        for (event, _), ev in zip(work, evaluations, strict=True)
        for e in entries_for(event, ev)
    ]
    ledger = ledger_rates(rows, len(work), args.batch)

    print(f"ruleset: 30 items, 5 buckets, 2 vetoes; {len(work)} events -> {len(rows)} rows")
    print(f"engine, evaluate() per event:      {single_rate:10,.0f} events/s")
    print(
        f"engine, evaluate_many({args.batch}):       {batch_rate:10,.0f} events/s"
        f"   (x{batch_rate / single_rate:.1f} per-event mode)"
    )
    print(
        f"plain Python, same rules:          {plain_rate:10,.0f} events/s"
        f"   (engine batch / plain = {batch_rate / plain_rate:.2f})"
    )
    if isinstance(ledger, str):
        print(f"ledger writes:                     not measured: {ledger}")
    else:
        rows_per_event = len(rows) / len(work)
        print(
            "ledger writes: real table (scratch schema, dropped after), append-only trigger,"
            f" per-account hash chain, committed; {ledger.pop('settings')}"
        )
        assert ledger.pop("append_only") == 1.0, "the append-only trigger did not fire"
        for label, rate in (
            (f"COPY, txn/{args.batch} ev", ledger["copy"]),
            (f"executemany, txn/{args.batch}", ledger["executemany"]),
            ("one txn per event", ledger["txn_per_event"]),
        ):
            events_rate = rate / rows_per_event
            print(
                f"  {label + ':':<29} {rate:10,.0f} rows/s = {events_rate:8,.0f} events/s"
                f"   engine/ledger: per-event {single_rate / events_rate:5.2f},"
                f" batch {batch_rate / events_rate:5.2f}, plain {plain_rate / events_rate:5.2f}"
                " (target >= 10)"
            )

    base = rss_mib()
    start = time.perf_counter()
    for n in range(args.versions):
        tenant, version = divmod(n, 10)
        doc = party_member_ruleset(str(version), n)
        compiled(VersionKey.of(f"tenant{tenant}", "party", str(version), doc), doc)
    took = time.perf_counter() - start
    grown = rss_mib() - base
    print(
        f"{args.versions} ruleset versions loaded in {took:.1f} s: RSS +{grown:,.0f} MiB "
        f"({grown * 1024 / args.versions:,.0f} KiB each; total RSS {rss_mib():,.0f} MiB; "
        "target < 1024 MiB)"
    )


if __name__ == "__main__":
    main()
