"""Benchmark: onboarding a county from Excel: 930 units (30 townships × 30 branches) and
25,000 members, dry run and apply, as the import worker runs them.

Run: .venv/bin/python bench/import.py [--members 25000] [--keep]

Builds tenant `benchimport` (dropped first, and at the end unless --keep), generates the
two workbooks (`jifen.testing.county`), then times for each: the dry run
(`import_check`), the apply (`import_apply`), and a second apply of the same file (every
row unchanged, nothing written). The floor printed beside it is reading the workbook with
openpyxl alone, which every pass pays. Target (issue 12): the whole onboarding under a
minute on the development machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
SLUG = "benchimport"


def django_setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("JIFEN_DEBUG", "1")
    from jifen import embedded

    embedded.ensure_services()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
    import django

    django.setup()


def tenant_drop() -> None:
    from django.db import connection

    from tenants.models import Tenant
    from tenants.services import tenant_delete

    connection.set_schema_to_public()
    if Tenant.objects.filter(schema_name=SLUG).exists():
        tenant_delete(slug=SLUG, confirm=SLUG)


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    print(f"  {label:<34} {took:7.2f} s", flush=True)
    return result, took


def run_job(kind: str, content: bytes, admin) -> dict:
    """Dry run, apply and re-apply of one workbook; returns the seconds of each."""
    import hashlib

    from jifen.imports.models import ImportJob, ImportStatus
    from jifen.imports.reading import read_rows
    from jifen.imports.services import import_apply, import_check

    def job():
        return ImportJob.objects.create(
            kind=kind, file_name=f"{kind}.xlsx", content=content,
            content_hash=hashlib.sha256(content).hexdigest(), created_by=admin,
        )  # fmt: skip

    def apply(j):
        ImportJob.objects.filter(pk=j.pk).update(status=ImportStatus.APPLYING)
        return import_apply(job_id=j.pk, actor_id=admin.pk)

    print(f"{kind}: {len(content) / 1e6:.1f} MB", flush=True)
    rows, floor = timed("floor: read the workbook", lambda: read_rows(content, kind))
    first = job()
    checked, check = timed(f"dry run ({len(rows)} rows)", lambda: import_check(job_id=first.pk))
    assert checked.counts["error"] == 0, checked.report[:3]
    applied, took = timed("apply", lambda: apply(checked))
    assert applied.status == ImportStatus.APPLIED, applied.failure
    second = import_check(job_id=job().pk)
    again, took_again = timed("apply the same file again", lambda: apply(second))
    assert again.counts["unchanged"] == again.counts["rows"], again.counts
    print(f"  counts: first {applied.counts}, second {again.counts}")
    return {"floor": floor, "check": check, "apply": took, "again": took_again}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=25_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.testing.county import county_members, county_units, member_rows
    from tenants.services import tenant_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    tenant_drop()
    tenant_create(slug=SLUG, name="基准县", family="county")
    units_book = county_units()
    members_book = county_members(member_rows(args.members))
    try:
        with schema_context(SLUG):
            admin = User.objects.get(username="admin")
            units = run_job("units", units_book, admin)
            members = run_job("members", members_book, admin)
        onboarding = sum(units[k] + members[k] for k in ("check", "apply"))
        floor = units["floor"] + members["floor"]
        print(
            f"\nonboarding (dry run + apply, 930 units and {args.members} members): "
            f"{onboarding:.1f} s (target < 60 s; reading the workbooks alone: {floor:.1f} s)"
        )
    finally:
        if not args.keep:
            tenant_drop()


if __name__ == "__main__":
    main()
