"""A large import is booked by a real worker process; the importer polls its job."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from jifen.ledger.models import Account, Event, ImportJob
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, events_import_start
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.subjects.models import Subject
from jifen.testing.worlds import publish_template, tenant_admin
from tenants.services import tenant_create, tenant_delete

pytestmark = pytest.mark.worker


def _wait(job_id: int, seconds: float = 120) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job.status} after {seconds} s")


def test_a_worker_books_a_large_import_all_or_nothing(
    worlds, celery_worker_process, django_db_blocker
):
    slug = "importjob"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="导入县", family="county")
        try:
            with schema_context(slug):
                root = unit_root()
                branch = unit_create(parent=root, name="一支部", kind=UnitKind.BRANCH)
                publish_template("yongzhou-safety-bureau", "yongzhou", root.pk)
                members = Subject.objects.bulk_create(
                    Subject(kind="person", name=f"党员{n}", category="member", home_unit=branch)
                    for n in range(300)
                )
                day = dt.date.today().replace(day=1)
                items = [
                    EventInput(f"att-{m.pk}-{n}", m.pk, "party_day_late", day)
                    for m in members
                    for n in range(5)
                ]
                with transaction.atomic():  # the task is sent once the job is committed
                    job = events_import_start(actor=tenant_admin(), items=items)
                done = _wait(job.pk)
                assert (done.status, done.created, done.duplicates) == ("done", 1500, 0)
                assert Event.objects.count() == 1500
                assert chain_verify(accounts=Account.objects.all()) == []

                bad = [*items[:10], EventInput("att-bad", members[0].pk, "nothing", day)]
                with transaction.atomic():
                    job = events_import_start(actor=tenant_admin(), items=bad)
                failed = _wait(job.pk)
                assert failed.status == "failed" and failed.created is None
                assert failed.errors[0]["field"] == "events.10.item"
                assert "line 11" in failed.errors[0]["message"]
                assert Event.objects.count() == 1500
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)
