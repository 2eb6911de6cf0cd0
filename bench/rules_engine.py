"""Benchmark: engine events/s vs plain Python vs PostgreSQL ledger writes; RSS of 1,000 versions.

Run: .venv/bin/python bench/rules_engine.py [--events N] [--versions N]
Prints what it measured; it asserts nothing (targets are in issue 3).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rulesets.contracts import EvaluationContext, Event, entries_for, frozen_map
from rulesets.engine import compiled
from rulesets.handlers import matches


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
    """The same rules without durable-rules: choose the rule in Python, run the same effects."""
    item = engine.items[event.item]
    rule = None
    for j, variant in enumerate(item.get("variants", [])):
        if matches(variant["when"], event, ctx):
            rule = engine.rules[f"i{list(engine.items).index(event.item)}v{j}"]
            break
    if rule is None:
        rule = engine.rules[f"i{list(engine.items).index(event.item)}"]
    effects = engine._effects(rule, event, ctx)
    for k, veto in enumerate(engine.document.get("vetoes", [])):
        if (
            event.item in veto.get("items", [])
            and ctx.counters.get(veto["counter"], 0) >= veto["at_least"]
        ):
            effects += engine._effects(engine.rules[f"x{k}"], event, ctx)
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


def ledger_rates(rows: list[tuple]) -> tuple[float, float] | str:
    try:
        import psycopg
    except ImportError:
        return "psycopg not installed"
    try:
        conn = psycopg.connect(database_url(), connect_timeout=5)
    except Exception as exc:
        return f"no PostgreSQL ({exc.__class__.__name__}: {str(exc).splitlines()[0]})"
    with conn:
        cur = conn.cursor()
        cur.execute(
            "CREATE TEMPORARY TABLE bench_ledger (id uuid, subject text, event_id text,"
            " idempotency_key text, occurred_on date, item text, bucket text, points numeric,"
            " raw_points numeric, rule text, veto text)"
        )
        start = time.perf_counter()
        with cur.copy("COPY bench_ledger FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        copy_rate = len(rows) / (time.perf_counter() - start)
        cur.execute("TRUNCATE bench_ledger")
        start = time.perf_counter()
        cur.executemany("INSERT INTO bench_ledger VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", rows)
        conn.commit()
        many_rate = len(rows) / (time.perf_counter() - start)
        sample = rows[:3000]
        start = time.perf_counter()
        for row in sample:  # the ingestion path: one transaction per event (event + entries)
            cur.execute("INSERT INTO bench_ledger VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", row)
            conn.commit()
        txn_rate = len(sample) / (time.perf_counter() - start)
    return copy_rate, many_rate, txn_rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--versions", type=int, default=1000)
    args = parser.parse_args()

    doc = party_member_ruleset()
    engine = compiled("bench/party/1", doc)
    work = workload(args.events)
    for event, ctx in work[:200]:  # warm up
        engine.evaluate(event, ctx)

    start = time.perf_counter()
    evaluations = [engine.evaluate(event, ctx) for event, ctx in work]
    engine_rate = len(work) / (time.perf_counter() - start)

    start = time.perf_counter()
    for event, ctx in work:
        plain_python(engine, event, ctx)
    plain_rate = len(work) / (time.perf_counter() - start)

    rows = [
        (
            uuid.uuid4(),
            e.subject,
            e.event_id,
            e.idempotency_key,
            e.occurred_on,
            e.item,
            e.bucket,
            e.points,
            e.raw_points,
            e.rule,
            e.veto,
        )
        for (event, _), ev in zip(work, evaluations, strict=True)
        for e in entries_for(event, ev)
    ]
    ledger = ledger_rates(rows)

    print(f"ruleset: 30 items, 5 buckets, 2 vetoes; {len(work)} events -> {len(rows)} rows")
    print(f"engine (durable-rules):       {engine_rate:10,.0f} events/s")
    print(
        f"plain Python, same rules:     {plain_rate:10,.0f} events/s"
        f"   (engine/plain = {engine_rate / plain_rate:.2f})"
    )
    if isinstance(ledger, str):
        print(f"ledger writes:                not measured: {ledger}")
    else:
        copy_rate, many_rate, txn_rate = ledger
        rows_per_event = len(rows) / len(work)
        for label, rate in (
            ("COPY", copy_rate),
            ("executemany", many_rate),
            ("txn/event", txn_rate),
        ):
            events_rate = rate / rows_per_event
            print(
                f"ledger writes ({label + '):':<13} {rate:10,.0f} rows/s = {events_rate:,.0f} "
                f"events/s   (engine/ledger = {engine_rate / events_rate:.2f}; target >= 10)"
            )

    base = rss_mib()
    start = time.perf_counter()
    for n in range(args.versions):
        tenant, version = divmod(n, 10)
        compiled(f"tenant{tenant}/party/{version}", party_member_ruleset(str(version), n))
    took = time.perf_counter() - start
    grown = rss_mib() - base
    print(
        f"{args.versions} ruleset versions loaded in {took:.1f} s: RSS +{grown:,.0f} MiB "
        f"({grown * 1024 / args.versions:,.0f} KiB each; total RSS {rss_mib():,.0f} MiB; "
        "target < 1024 MiB)"
    )


if __name__ == "__main__":
    main()
