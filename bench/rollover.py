"""Benchmark: the period rollover of a tenant with 100,000 subjects and 5 million entries.

Run: .venv/bin/python bench/rollover.py [--subjects 100000] [--entries 5000000]
         [--units 2000] [--workers 2] [--keep] [--reuse] [--quick]

1. Builds tenant `benchroll` (dropped first if it exists, and at the end unless --keep):
   county → townships → `--units` branches, subjects spread over the branches, the 永州
   template assigned to the county, and a 2025 ledger written with COPY (events, entries
   hash-chained per account exactly as `jifen.ledger.services.append_entry` chains them,
   accounts with their chain heads). Events are booked directly (no declaration), so
   every entry counts as confirmed. To keep the build fast, events are written in the
   format of events booked before contexts were stored: no stored context, not
   digest-chained (`jifen ledger verify` accepts both); the rollover reads neither.
2. Plans the 2025 deadlines as of 2025-06-01 (everything, the rollover included, is due)
   and times the rollover: `--workers N` real Celery worker processes sweeping the rows,
   or in-process with `--workers 0`.
3. Times one unit's close in-process, phase by phase, to show what bounds the rollover.

Then the floor: a raw `GROUP BY account, bucket` over the same ledger, and
`RATIO rollover <rollover wall time / floor>` (target ≤ 10).

Before the rollover the script notes each table's highest id; `--keep` then `--reuse`
deletes exactly the rows above those marks and reopens the accounts closed since, so the
tenant's own declarations, boards and deadlines from before are left alone.

Prints what it measured; it asserts only that every subject got a result.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import math
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

QUEUE = "bench-rollover"
YEAR = 2025
UTC = dt.UTC
# Item mix of a year of a party member's points (~50 entries each by default).
ITEM_WEIGHTS = {
    "party_day_late": 30,
    "party_day_absent": 12,
    "training_absent": 12,
    "task_not_done": 16,
    "task_refused": 5,
    "volunteer": 20,
    "exemplary": 5,
}
ITEM_ATTRIBUTES = {"exemplary": {"points": 3}}


def django_setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("JIFEN_DEBUG", "1")
    from jifen import embedded

    embedded.ensure_services()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
    import django

    django.setup()


def say(text: str) -> None:
    print(text, flush=True)


# --- building the tenant ---------------------------------------------------------------------


def tenant_drop(slug: str) -> None:
    from django.db import connection

    from tenants.models import Tenant
    from tenants.services import tenant_delete

    connection.set_schema_to_public()
    if Tenant.objects.filter(schema_name=slug).exists():
        tenant_delete(slug=slug, confirm=slug)
    _marks_path(slug).unlink(missing_ok=True)


def org_build(units: int) -> list[int]:
    """County → townships of up to 50 branches each; returns the branch ids."""
    from jifen.org.models import OrgUnit, UnitKind
    from jifen.org.services import unit_create, unit_root

    root = unit_root()
    branches: list[OrgUnit] = []
    for t in range(math.ceil(units / 50)):
        township = unit_create(parent=root, name=f"第{t:03d}镇党委", kind=UnitKind.COMMITTEE)
        count = min(50, units - 50 * t)
        # treebeard's own path scheme, written in bulk (one add_child per branch is slow)
        branches += OrgUnit.objects.bulk_create(
            OrgUnit(
                path=OrgUnit._get_path(township.path, township.depth + 1, b + 1),
                depth=township.depth + 1,
                numchild=0,
                name=f"第{t:03d}镇第{b:02d}支部",
                kind=UnitKind.BRANCH,
            )
            for b in range(count)
        )
        OrgUnit.objects.filter(pk=township.pk).update(numchild=count)
    return [b.pk for b in branches]


def subjects_build(branch_ids: list[int], count: int) -> list[int]:
    from jifen.subjects.models import Subject

    rng = random.Random(7)
    ids: list[int] = []
    batch = 10_000
    for lo in range(0, count, batch):
        rows = []
        for n in range(lo, min(count, lo + batch)):
            # a few joined in the last half year: not assessed (the template's exemption)
            joined = dt.date(YEAR, 9, 1) if rng.random() < 0.02 else dt.date(2015, 7, 1)
            rows.append(
                Subject(
                    kind="person",
                    name=f"党员{n:06d}",
                    category="member",
                    home_unit_id=branch_ids[n * len(branch_ids) // count],
                    joined_on=joined,
                )
            )
        ids += [s.pk for s in Subject.objects.bulk_create(rows)]
    return ids


def _escape(text: str) -> str:
    """COPY text format."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def item_effects(branch_id: int) -> tuple[dict, dict]:
    """Each item's entry fields and event explanation, from the real engine."""
    import rulesets
    from jifen.ledger.services import _quantize
    from jifen.org.models import OrgUnit
    from jifen.rulebook.selectors import applicable_for
    from rulesets.context import build_context

    app = applicable_for(OrgUnit.objects.get(pk=branch_id), "person", dt.date(YEAR, 3, 1))
    period = rulesets.Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    subject = rulesets.Subject(id="1", category="member")
    out = {}
    for code in ITEM_WEIGHTS:
        event = rulesets.Event(
            id="000000000001", subject="1", item=code, occurred_on=dt.date(YEAR, 3, 1),
            attributes=rulesets.contracts.frozen_map(ITEM_ATTRIBUTES.get(code, {})),
            idempotency_key="x", quantity=1.0,
        )  # fmt: skip
        evaluation = app.engine().evaluate(
            event, build_context(app.document, subject, period, event, [])
        )
        (effect,) = evaluation.effects
        out[code] = {
            "explanation": evaluation.explanation,
            "fields": {
                "item": effect.item, "bucket": effect.bucket, "points": _quantize(effect.points),
                "raw_points": _quantize(effect.raw_points), "rule": effect.rule,
                "ruleset_version": str(app.key), "group": effect.group or "", "veto": effect.veto or "",
                "escalation": effect.escalation or "", "reverses_id": None, "reason": "",
                "decided_by_id": None, "kind": "booking", "event_digest": "",
            },
        }  # fmt: skip
    return out, {
        "version_id": app.version.pk,
        "ruleset_id": app.version.ruleset_id,
        "version_key": str(app.key),
    }


def _chunk_write(job: dict) -> tuple[int, float]:
    """One process's share of the ledger: events and entries by COPY, then account heads."""
    import psycopg

    from jifen.ledger.chain import CHAINED_FIELDS, entry_hash
    from jifen.ledger.services import EventInput, payload_hash

    effects, meta = job["effects"], job["meta"]
    codes = list(ITEM_WEIGHTS)
    weights = list(ITEM_WEIGHTS.values())
    # The chained fields that vary per entry come first and last; the item's fields between
    # them are formatted once per item with the chain's own formatter (checked below).
    assert CHAINED_FIELDS[:4] == ("account_id", "seq", "event_id", "occurred_on")
    assert CHAINED_FIELDS[-1] == "created_at"
    from jifen.ledger.chain import _fmt

    middles = {
        code: "\x1f".join(f"{n}={_fmt(e['fields'][n])}" for n in CHAINED_FIELDS[4:-1])
        for code, e in effects.items()
    }
    entry_tail = {
        code: "\t".join(
            [e["fields"]["item"], e["fields"]["bucket"], str(e["fields"]["points"]),
             str(e["fields"]["raw_points"]), _escape(e["fields"]["rule"]),
             _escape(e["fields"]["ruleset_version"]), e["fields"]["group"], e["fields"]["veto"],
             e["fields"]["escalation"], "\\N", "", "\\N", "booking", ""]
        )
        for code, e in effects.items()
    }  # fmt: skip
    explanations = {code: _escape(e["explanation"]) for code, e in effects.items()}
    rng = random.Random(job["seed"])
    started = time.monotonic()
    written = 0
    with (
        psycopg.connect(job["url"]) as events_conn,
        psycopg.connect(job["url"]) as entries_conn,
    ):
        for conn in (events_conn, entries_conn):
            conn.execute(f'SET search_path TO "{job["slug"]}", public')
            try:  # skip FK triggers while loading (ids are consistent by construction)
                conn.execute("SET session_replication_role = replica")
            except psycopg.Error:
                conn.rollback()
                conn.execute(f'SET search_path TO "{job["slug"]}", public')
        heads = []
        with (
            events_conn.cursor().copy(
                "COPY ledger_event (id, key, subject_id, account_id, item, occurred_on, attributes,"
                " quantity, source, recorded_by_id, ruleset_version_id, payload_hash, explanation,"
                " created_at, version_key, context, needs_confirmation, digest) FROM STDIN"
            ) as events_copy,
            entries_conn.cursor().copy(
                "COPY ledger_entry (id, account_id, seq, event_id, occurred_on, created_at,"
                ' prev_hash, hash, item, bucket, points, raw_points, rule, ruleset_version, "group",'
                " veto, escalation, reverses_id, reason, decided_by_id, kind, event_digest)"
                " FROM STDIN"
            ) as entries_copy,
        ):
            event_id = job["first_event_id"]
            version_id = meta["version_id"]
            version_key = _escape(meta["version_key"])
            for subject_id, account_id, count in job["subjects"]:
                days = sorted(
                    dt.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)) for _ in range(count)
                )
                items = rng.choices(codes, weights, k=count)
                prev = ""
                ev_lines, en_lines = [], []
                for seq, (day, code) in enumerate(zip(days, items, strict=True), start=1):
                    created = dt.datetime(YEAR, day.month, day.day, 12, 0, tzinfo=UTC)
                    iso, created_iso = day.isoformat(), created.isoformat()
                    key = f"bench:{subject_id}:{seq}"
                    attrs = ITEM_ATTRIBUTES.get(code, {})
                    body = json.dumps(
                        {"attributes": attrs, "item": code, "occurred_on": iso,
                         "quantity": "1.0000", "subject": subject_id},
                        sort_keys=True, ensure_ascii=False,
                    )  # fmt: skip
                    digest = hashlib.sha256(body.encode()).hexdigest()
                    chained = "\x1f".join(
                        (prev, f"account_id={account_id}.0000", f"seq={seq}.0000",
                         f"event_id={event_id}.0000", f"occurred_on={iso}", middles[code],
                         f"created_at={created_iso}")
                    )  # fmt: skip
                    digest_entry = hashlib.sha256(chained.encode()).hexdigest()
                    if written % 5000 == 0:  # the shortcut must equal the ledger's own code
                        fields = {**effects[code]["fields"], "account_id": account_id,
                                  "seq": seq, "event_id": event_id, "occurred_on": day,
                                  "created_at": created}  # fmt: skip
                        assert digest_entry == entry_hash(prev, fields), "chain format drifted"
                        assert digest == payload_hash(
                            EventInput(f"k{seq}", subject_id, code, day, attrs, 1)
                        ), "payload hash format drifted"
                    ev_lines.append(
                        f"{event_id}\t{key}\t{subject_id}\t{account_id}\t{code}\t{iso}\t"
                        f"{json.dumps(attrs)}\t1.0000\timport\t\\N\t{version_id}\t{digest}\t"
                        f"{explanations[code]}\t{created_iso}\t{version_key}\t{{}}\tf\t\n"
                    )
                    en_lines.append(
                        f"{event_id}\t{account_id}\t{seq}\t{event_id}\t{iso}\t{created_iso}\t"
                        f"{prev}\t{digest_entry}\t{entry_tail[code]}\n"
                    )
                    prev = digest_entry
                    event_id += 1
                    written += 1
                events_copy.write("".join(ev_lines))
                entries_copy.write("".join(en_lines))
                heads.append(f"{account_id}\t{count}\t{prev}\n")
        events_conn.commit()
        entries_conn.commit()
        with events_conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE heads (id bigint, last_seq int, head_hash text)")
            with cur.copy("COPY heads FROM STDIN") as copy:
                copy.write("".join(heads))
            cur.execute(
                "UPDATE ledger_account a SET last_seq = h.last_seq, head_hash = h.head_hash"
                " FROM heads h WHERE a.id = h.id"
            )
        events_conn.commit()
    return written, time.monotonic() - started


def ledger_build(slug: str, subject_ids: list[int], entries: int, effects, meta, procs: int):
    """Accounts, events and entries for the year; returns the number of entries written."""
    from django.db import connection

    n = len(subject_ids)
    rng = random.Random(11)
    base, extra = divmod(entries, n)
    counts = [base + (1 if i < extra else 0) for i in range(n)]
    for i in range(0, n - 1, 2):  # spread while keeping the total exact
        d = rng.randint(0, base // 2)
        counts[i] += d
        counts[i + 1] -= d
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_account")
        first_account = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_event")
        first_event = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_entry")
        assert cur.fetchone()[0] < first_event, "entry ids follow event ids in this bench"
        with cur.copy(
            "COPY ledger_account (id, subject_id, ruleset_id, period_start, period_end,"
            " last_seq, head_hash) FROM STDIN"
        ) as copy:
            copy.write(
                "".join(
                    f"{first_account + i}\t{s}\t{meta['ruleset_id']}\t{YEAR}-01-01\t{YEAR}-12-31"
                    "\t0\t\n"
                    for i, s in enumerate(subject_ids)
                )
            )
    connection.commit() if not connection.get_autocommit() else None
    url = os.environ["DATABASE_URL"]
    rows = [(s, first_account + i, counts[i]) for i, s in enumerate(subject_ids)]
    jobs, at = [], first_event
    per = math.ceil(n / procs)
    for p in range(procs):
        part = rows[p * per : (p + 1) * per]
        jobs.append({"url": url, "slug": slug, "subjects": part, "first_event_id": at,
                     "seed": 100 + p, "effects": effects, "meta": meta})  # fmt: skip
        at += sum(c for _, _, c in part)
    connection.close()
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        done = pool.map(_chunk_write, jobs)
    with connection.cursor() as cur:
        for table in ("ledger_account", "ledger_event", "ledger_entry"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT MAX(id) FROM {table}))"
            )
        # a year-old ledger has long been vacuumed: set hint bits and the visibility map now
        # rather than in the first reads of the timed rollover
        for table in ("ledger_account", "ledger_event", "ledger_entry", "subjects_subject"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return sum(w for w, _ in done)


def build(args) -> dict:
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from jifen.ledger.models import Account
    from jifen.ledger.selectors import chain_verify
    from jifen.testing.worlds import publish_template
    from tenants.services import platform_ensure_public, tenant_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure_public()
    t0 = time.monotonic()
    tenant_drop(args.slug)
    tenant_create(slug=args.slug, name="基准县", family="county")
    t_tenant = time.monotonic()
    with schema_context(args.slug):
        from jifen.org.services import unit_root

        branch_ids = org_build(args.units)
        publish_template(
            "yongzhou-safety-bureau", "yongzhou", unit_root().pk, effective_from=dt.date(2020, 1, 1)
        )
        subject_ids = subjects_build(branch_ids, args.subjects)
        t_subjects = time.monotonic()
        effects, meta = item_effects(branch_ids[0])
        written = ledger_build(args.slug, subject_ids, args.entries, effects, meta, args.procs)
        t_ledger = time.monotonic()
        sample = Account.objects.order_by("?")[:200]
        broken = chain_verify(accounts=Account.objects.filter(pk__in=[a.pk for a in sample]))
    say(
        f"build: tenant {t_tenant - t0:.1f} s; org of {len(branch_ids)} branches and "
        f"{len(subject_ids):,} subjects {t_subjects - t_tenant:.1f} s; ledger of {written:,} "
        f"entries (+ as many events) by COPY {t_ledger - t_subjects:.1f} s "
        f"({written / (t_ledger - t_subjects):,.0f} entries/s); total {t_ledger - t0:.1f} s"
    )
    say(
        f"chain check on 200 random accounts: "
        f"{'all intact' if not broken else f'{len(broken)} BROKEN: {broken[:3]}'}"
    )
    return {"subjects": len(subject_ids), "units": len(branch_ids), "entries": written}


# Tables whose rows are never deleted (triggers refuse it): a rollover must not write them.
APPEND_ONLY = ("ledger_entry", "ledger_event", "audit_auditrecord")


def _marks_path(slug: str) -> Path:
    return Path(os.environ.get("JIFEN_DATA_DIR", ".jifen")).resolve() / f"bench-{slug}-marks.json"


def _id_tables(cur) -> list[str]:
    """The tenant schema's tables with an integer `id` (every Django model and m2m table)."""
    cur.execute(
        "SELECT c.table_name FROM information_schema.columns c"
        " JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = current_schema() AND c.column_name = 'id'"
        " AND t.table_type = 'BASE TABLE' AND c.data_type IN ('integer', 'bigint')"
        " ORDER BY 1"
    )
    return [name for (name,) in cur.fetchall()]


def marks_record(slug: str) -> dict:
    """Before the rollover: each table's highest id and the time, kept beside the data.

    Everything the rollover then inserts has a higher id, and every account it closes
    gets a `closed_at` after the time, so `--reuse` can delete exactly that and nothing
    else (the tenant's declarations, boards and deadlines from before stay)."""
    from django.db import connection
    from django_tenants.utils import schema_context

    with schema_context(slug), connection.cursor() as cur:
        cur.execute("SELECT clock_timestamp()")
        (started,) = cur.fetchone()
        highest = {}
        for table in _id_tables(cur):
            cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            highest[table] = cur.fetchone()[0]
        cur.execute("SELECT oid FROM pg_namespace WHERE nspname = current_schema()")
        (schema_oid,) = cur.fetchone()
    marks = {"started": started.isoformat(), "ids": highest, "schema_oid": schema_oid}
    _marks_path(slug).write_text(json.dumps(marks))
    return marks


def rollover_undo(slug: str) -> dict[str, int]:
    """Delete exactly the rows the last rollover inserted and reopen the accounts it closed.

    One transaction; foreign keys stay checked (Django's are deferred to the commit), so
    if anything from before the rollover still pointed at a deleted row the commit fails
    and nothing is undone. Returns the rows deleted per table."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    path = _marks_path(slug)
    if not path.exists():
        raise SystemExit(f"--reuse: no marks of a rollover of {slug} in {path} (run with --keep)")
    marks = json.loads(path.read_text())
    deleted: dict[str, int] = {}
    with schema_context(slug), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT oid FROM pg_namespace WHERE nspname = current_schema()")
        if cur.fetchone()[0] != marks["schema_oid"]:
            raise SystemExit(f"--reuse: {path} belongs to another build of {slug}; build again")
        for table in _id_tables(cur):
            if table in APPEND_ONLY:
                cur.execute(f'SELECT count(*) FROM "{table}" WHERE id > %s', [marks["ids"][table]])
                if cur.fetchone()[0]:
                    raise SystemExit(f"--reuse: the rollover wrote {table}, which keeps its rows")
                continue
            cur.execute(f'DELETE FROM "{table}" WHERE id > %s', [marks["ids"].get(table, 0)])
            if cur.rowcount:
                deleted[table] = cur.rowcount
        cur.execute(
            "UPDATE ledger_account SET closed_at = NULL WHERE closed_at >= %s", [marks["started"]]
        )
        deleted["ledger_account (reopened)"] = cur.rowcount
    with schema_context(slug), connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) ledger_account")
    return deleted


def reuse(args) -> dict:
    """A kept tenant as it was before its rollover (the ledger is left as it is)."""
    from django_tenants.utils import schema_context

    from jifen.ledger.models import Entry
    from jifen.org.models import OrgUnit
    from jifen.subjects.models import Subject

    deleted = rollover_undo(args.slug)
    with schema_context(args.slug):
        expected = {
            "subjects": Subject.objects.count(),
            "units": OrgUnit.objects.filter(kind="branch").count(),
            "entries": Entry.objects.count(),
        }
    say(
        f"reusing {args.slug}: its rollover undone ("
        + ", ".join(f"{table} {count:,}" for table, count in deleted.items())
        + ")"
    )
    return expected


def raw_floor(slug: str, rounds: int = 3) -> float:
    """The floor: a raw `GROUP BY account` over the same ledger (points per account and
    bucket, every row read), best of `rounds`, in seconds."""
    from django.db import connection
    from django_tenants.utils import schema_context

    best = math.inf
    with schema_context(slug), connection.cursor() as cur:
        for _ in range(rounds):
            started = time.monotonic()
            cur.execute(
                "SELECT count(*), sum(total) FROM (SELECT account_id, bucket, sum(points) AS total,"
                " count(*) AS n FROM ledger_entry GROUP BY account_id, bucket) per_account"
            )
            cur.fetchone()
            best = min(best, time.monotonic() - started)
    return best


# --- the rollover ----------------------------------------------------------------------------


def _cpu_seconds(pids) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _postgres_cpu() -> float:
    """CPU of our server's processes, ended ones (backends, parallel workers) included.

    Only the embedded server under JIFEN_DATA_DIR is measured (other servers on the
    machine are other people's); with DATABASE_URL set this reports 0."""
    import psutil

    pidfile = Path(os.environ.get("JIFEN_DATA_DIR", ".jifen")).resolve() / "postgres"
    pidfile = pidfile / "postmaster.pid"
    if os.environ.get("DATABASE_URL", "").find(str(pidfile.parent)) < 0 or not pidfile.exists():
        return 0.0
    try:
        postmaster = psutil.Process(int(pidfile.read_text().split()[0]))
        t = postmaster.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in postmaster.children(recursive=True):
            c = child.cpu_times()
            total += c.user + c.system
    except psutil.NoSuchProcess:
        return 0.0
    return total


@contextlib.contextmanager
def _output_to(path: Path):
    """Point this process's stdout and stderr at `path` while children are started."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def rollover(args, expected: dict) -> None:
    from django.conf import settings
    from django.db import connection
    from django_tenants.utils import schema_context

    from jifen.deadlines.models import Deadline
    from jifen.deadlines.services import deadlines_sweep
    from jifen.procedure.jobs import deadlines_plan
    from jifen.procedure.models import CloseStatus, PeriodClose, PeriodResult
    from jifen.subjects.models import Subject

    marks_record(args.slug)
    with schema_context(args.slug):
        planned = deadlines_plan(today=dt.date(YEAR, 6, 1))
    say(f"planned {planned} deadlines of {YEAR} (the rollover included), all due now")
    units = expected["units"]

    def closes() -> int:
        with schema_context(args.slug):
            return PeriodClose.objects.count()

    workers = []
    if args.workers:
        import redis

        from jifen.testing.urls import database_url_from_settings
        from jifen.testing.workers import start_worker
        from workers.tasks.deadlines import sweep_tenant_deadlines_task

        urls = {"database_url": database_url_from_settings(connection.settings_dict),
                "redis_url": settings.CELERY_BROKER_URL}  # fmt: skip
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        broker.delete(QUEUE)
        log_path = Path(os.environ.get("JIFEN_DATA_DIR", ".jifen")) / "bench-rollover-workers.log"
        with _output_to(log_path):  # the workers' banners and warnings, not the results
            workers = [
                start_worker(**urls, name=f"bench{w}", queues=QUEUE, concurrency=1)
                for w in range(args.workers)
            ]
        say(f"started {args.workers} worker process(es); their output goes to {log_path}")
        connection.set_schema_to_public()
    import psutil

    pg_cpu0, w_cpu0 = _postgres_cpu(), _cpu_seconds([w.pid for w in workers])
    w_cpu = 0.0
    sys0 = psutil.cpu_times()
    t0, wall0 = time.monotonic(), dt.datetime.now(UTC)
    try:
        if args.workers:
            while closes() < units:
                if broker.llen(QUEUE) < args.workers:
                    for _ in range(args.workers):
                        sweep_tenant_deadlines_task.apply_async(
                            headers={"_schema_name": args.slug}, queue=QUEUE
                        )
                time.sleep(0.2)
        else:
            with schema_context(args.slug):
                while deadlines_sweep(limit=10_000, budget_seconds=1e9).done:
                    pass
        elapsed = time.monotonic() - t0
        w_cpu = _cpu_seconds([w.pid for w in workers]) - w_cpu0
    finally:
        for w in workers:
            w.stop()
        connection.set_schema_to_public()
    pg_cpu = _postgres_cpu() - pg_cpu0
    sys1 = psutil.cpu_times()
    idle = (sys1.idle - sys0.idle) + (sys1.iowait - sys0.iowait)
    steal = getattr(sys1, "steal", 0.0) - getattr(sys0, "steal", 0.0)
    busy = sum(sys1) - sum(sys0) - idle - steal
    with schema_context(args.slug):
        results = PeriodResult.objects.count()
        fanout = list(
            Deadline.objects.filter(
                kind="period_rollover", payload__start=f"{YEAR}-01-01"
            ).values_list("done_at", flat=True)
        )
        unit_rows = Deadline.objects.filter(kind="unit_close")
        first = unit_rows.order_by("done_at").values_list("done_at", flat=True).first()
        last = unit_rows.order_by("-done_at").values_list("done_at", flat=True).first()
        failed = Deadline.objects.exclude(status="done").filter(kind="unit_close").count()
        # a unit whose quota places end in a tie the tie-breaks cannot settle waits for its
        # committee (`ties: committee`); its results are written when it decides
        waiting = PeriodClose.objects.filter(status=CloseStatus.AWAITING_DECISION)
        waiting_subjects = Subject.objects.filter(home_unit__in=waiting.values("unit")).count()
        waiting_units = waiting.count()
    where = f"{args.workers} Celery worker process(es)" if args.workers else "in-process"
    say(f"rollover ({where}): {elapsed:.1f} s for {units} unit closes")
    say(
        f"  {expected['subjects'] / elapsed:,.0f} subjects/s, "
        f"{expected['entries'] / elapsed:,.0f} entries/s"
    )
    if fanout and first and last:
        (fanned,) = fanout
        say(
            f"  phases: other {YEAR} deadlines + fan-out done at {(fanned - wall0).total_seconds():.1f} s;"
            f" unit closes from {(first - wall0).total_seconds():.1f} s to {(last - wall0).total_seconds():.1f} s"
        )
    say(
        f"  CPU during the rollover: machine busy {busy:.1f} s, idle {idle:.1f} s,"
        f" stolen by the hypervisor {steal:.1f} s;"
        f" PostgreSQL {pg_cpu:.1f} s"
        + (f", workers {w_cpu:.1f} s" if args.workers else "")
        + f", the rest (this process, other users of the machine) {busy - pg_cpu - w_cpu:.1f} s"
        + f" over {elapsed:.1f} s wall on {os.cpu_count()} cores"
    )
    scored = expected["subjects"] - waiting_subjects
    say(
        f"  PeriodResult rows: {results:,} for {scored:,} subjects of closed units: "
        f"{'OK' if results == scored else 'MISMATCH'}; unit_close rows not done: {failed}"
        + (
            f"; {waiting_units} unit(s) ({waiting_subjects} subjects) await their committee's"
            " decision on a quota tie"
            if waiting_units
            else ""
        )
    )
    if results != scored:
        raise SystemExit(1)
    floor = raw_floor(args.slug)
    say(
        f"floor: a raw GROUP BY account, bucket over the same {expected['entries']:,} entries,"
        f" best of 3: {floor:.2f} s"
    )
    say(f"RATIO rollover {elapsed / floor:.1f} (floor {floor:.2f} s; target <= 10)")


def one_unit(args) -> None:
    """One unit's close in-process, phase by phase, rolled back afterwards."""
    from django.db import transaction
    from django_tenants.utils import schema_context

    import rulesets
    from jifen.ledger import services as ledger
    from jifen.ledger.models import Account
    from jifen.ledger.selectors import counted_entries
    from jifen.org.models import OrgUnit
    from jifen.procedure import services as procedure
    from jifen.procedure.models import PeriodClose
    from jifen.procedure.services.close import _previous_results, _results_write
    from jifen.rulebook.selectors import applicable_for

    with schema_context(args.slug), transaction.atomic():
        branches = OrgUnit.objects.filter(kind="branch").order_by("pk")
        unit = branches[branches.count() // 2]
        start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
        PeriodClose.objects.filter(unit=unit).delete()  # rolled back below
        marks = [("start", time.perf_counter())]

        def mark(name: str) -> None:
            marks.append((name, time.perf_counter()))

        subjects = list(procedure.scored_subjects(unit))
        mark("subjects")
        app = applicable_for(unit, "person", start)
        mark("ruleset")
        accounts = list(
            Account.objects.select_for_update()
            .filter(subject__in=subjects, ruleset=app.version.ruleset, period_start=start)
            .order_by("pk")
        )
        mark("accounts")
        entries = counted_entries(accounts=accounts)
        mark("entries")
        previous = _previous_results([s.pk for s in subjects], app.version.ruleset, start)
        mark("previous")
        contract = [
            rulesets.Subject(
                **{**ledger.contract_subject(s).__dict__, "previous": previous.get(s.pk, ())}
            )
            for s in subjects
        ]
        results = rulesets.score_period(
            app.document, contract, entries, rulesets.Period(start, end), engine=app.engine()
        )
        mark("score")
        close = PeriodClose.objects.create(
            unit=unit, ruleset=app.version.ruleset, ruleset_version=str(app.key),
            period_start=start, period_end=end,
        )  # fmt: skip
        _results_write(
            close, results, list((app.document.get("scoring") or {}).get("formulas", {}))
        )
        mark("write")
        transaction.set_rollback(True)
    steps = ", ".join(
        f"{name} {1000 * (t - marks[i][1]):.0f} ms" for i, (name, t) in enumerate(marks[1:])
    )
    say(
        f"one unit in-process ({len(subjects)} subjects, {len(entries):,} entries): "
        f"{1000 * (marks[-1][1] - marks[0][1]):.0f} ms = {steps}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--units", type=int, default=2000, help="branches (scoring units)")
    parser.add_argument(
        "--workers", type=int, default=2, help="Celery worker processes; 0: in-process"
    )
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 2, help="ledger writers")
    parser.add_argument("--slug", default="benchroll")
    parser.add_argument("--keep", action="store_true", help="keep the tenant afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse a kept tenant: undo its rollover instead of building it again",
    )
    parser.add_argument("--build-only", action="store_true", help="build, then stop (and keep)")
    parser.add_argument(
        "--quick", action="store_true", help="10,000 subjects, 500,000 entries, 200 branches"
    )
    parser.add_argument(
        "--unit-only", action="store_true", help="on a kept tenant: time one unit's close only"
    )
    args = parser.parse_args()
    if args.quick:
        args.subjects, args.entries, args.units = 10_000, 500_000, 200
    django_setup()
    say(
        f"rollover benchmark: {args.subjects:,} subjects, {args.entries:,} entries, "
        f"{args.units} branches, {os.cpu_count()} cores"
    )
    if args.unit_only:
        one_unit(args)
        return
    try:
        expected = reuse(args) if args.reuse else build(args)
        if args.build_only:
            args.keep = True
            return
        rollover(args, expected)
        one_unit(args)
    finally:
        if not args.keep:
            tenant_drop(args.slug)


if __name__ == "__main__":
    main()
