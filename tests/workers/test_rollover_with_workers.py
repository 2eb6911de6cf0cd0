"""Rollover in real worker processes: killed mid-way it completes after a restart with the
results of an uninterrupted run; two workers at once do each close once; one tenant's
failing job does not stop another's."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from jifen.access.services import system_actor
from jifen.deadlines.models import Deadline
from jifen.deadlines.services import deadlines_sweep
from jifen.ledger.models import Entry
from jifen.ledger.services import EventInput, events_record_bulk
from jifen.notifications.models import Notification
from jifen.org.models import Role, RoleAssignment, UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.procedure.jobs import deadlines_plan
from jifen.procedure.models import PeriodClose, PeriodResult
from jifen.subjects.models import Subject
from jifen.testing.urls import database_url_from_settings
from jifen.testing.workers import start_worker
from jifen.testing.worlds import publish_template
from tenants.services import tenant_create, tenant_delete
from workers.tasks.deadlines import sweep_all_tenants_task, sweep_tenant_deadlines_task

pytestmark = pytest.mark.worker

UNITS, MEMBERS = 40, 25
QUEUE = "rollover-test"


def _build(slug: str) -> None:
    """A county of 40 branches × 25 members with a 2025 year of points, rollover due."""
    tenant_create(slug=slug, name=f"{slug}县", family="county")
    with schema_context(slug):
        root = unit_root()
        township = unit_create(parent=root, name="一镇党委", kind=UnitKind.COMMITTEE)
        from jifen.access.models import User

        superior = User.objects.create_user(username="superior", password="x-pass-123")
        RoleAssignment.objects.create(user=superior, role=Role.SUPERIOR, unit=township)
        events = []
        for b in range(UNITS):
            branch = unit_create(parent=township, name=f"第{b:02d}支部", kind=UnitKind.BRANCH)
            members = Subject.objects.bulk_create(
                Subject(
                    kind="person", name=f"党员{b:02d}-{m:02d}", home_unit=branch, category="member"
                )
                for m in range(MEMBERS)
            )
            for m, member in enumerate(members):
                late = (b * 7 + m * 3) % 9
                if late:
                    events.append(EventInput(key=f"late-{b}-{m}", subject_id=member.pk,
                                             item="party_day_late", occurred_on=dt.date(2025, 1 + m % 12, 8),
                                             quantity=late))  # fmt: skip
                if m % 4 == 0:
                    events.append(EventInput(key=f"vol-{b}-{m}", subject_id=member.pk,
                                             item="volunteer", occurred_on=dt.date(2025, 6, 1)))  # fmt: skip
        publish_template("yongzhou-safety-bureau", "yongzhou", root.pk)
        events_record_bulk(actor=system_actor(), items=events)
        # the 2025 calendar: every deadline of that year is due now, the rollover included
        deadlines_plan(today=dt.date(2025, 6, 1))


def _results(slug: str) -> dict:
    with schema_context(slug):
        return {
            (r.close.unit.name, r.subject.name): (r.total, r.grade, r.rank, r.stars, r.vetoed)
            for r in PeriodResult.objects.select_related("close__unit", "subject")
        }


def _state(slug: str) -> dict:
    with schema_context(slug):
        return {
            "closes": PeriodClose.objects.count(),
            # closed (results publicised, filed when that ends) or awaiting the committee's
            # decision on a tie for the last 优秀 places
            "statuses": sorted(PeriodClose.objects.values_list("unit__name", "status")),
            "results": PeriodResult.objects.count(),
            "entries": Entry.objects.count(),
            # by content, not key: keys hold row ids, and a killed transaction burns ids
            "notifications": sorted(
                Notification.objects.values_list("recipient__username", "kind", "title")
            ),
        }


@pytest.fixture(scope="module")
def rolled_over(worlds, django_db_blocker):
    with django_db_blocker.unblock():
        for slug in ("rolltwin", "rollcrash"):
            _build(slug)
        connection.set_schema_to_public()
        # the reference: the same tenant rolled over in one uninterrupted run, in-process
        with schema_context("rolltwin"):
            while deadlines_sweep(limit=1000).done:
                pass
        connection.set_schema_to_public()
        yield
        connection.set_schema_to_public()
        for slug in ("rolltwin", "rollcrash"):
            tenant_delete(slug=slug, confirm=slug)


def _wait(predicate, timeout=120.0, every=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached within {timeout} s")


def _closes(slug):
    with schema_context(slug):
        return PeriodClose.objects.count()


def _send_sweep(slug):
    sweep_tenant_deadlines_task.apply_async(headers={"_schema_name": slug}, queue=QUEUE)


def test_rollover_killed_mid_way_completes_after_restart_with_identical_results(
    rolled_over, django_db_blocker
):
    with django_db_blocker.unblock():
        urls = {"database_url": database_url_from_settings(connection.settings_dict),
                "redis_url": settings.CELERY_BROKER_URL}  # fmt: skip
        expected = _results("rolltwin")
        assert expected and _closes("rolltwin") == UNITS
        entries_before = _state("rollcrash")["entries"]

        # given a worker in the middle of the rollover
        first = start_worker(**urls, name="doomed", queues=QUEUE, concurrency=1)
        try:
            _send_sweep("rollcrash")
            _wait(lambda: _closes("rollcrash") >= 3)
        finally:
            # when it is killed outright
            first.kill_hard()
        done_at_kill = _closes("rollcrash")
        assert 0 < done_at_kill < UNITS, "the kill should land mid-way through the rollover"

        # then a new pair of workers, each sweeping at the same time, finishes the job
        second = start_worker(**urls, name="phoenix", queues=QUEUE, concurrency=2)
        try:

            def finished():
                if _closes("rollcrash") < UNITS:
                    _send_sweep("rollcrash")
                    _send_sweep("rollcrash")
                    time.sleep(1)
                    return False
                return True

            _wait(finished, timeout=180, every=0.5)
            time.sleep(1)  # let in-flight sweeps end
        finally:
            second.stop()

        # and the outcome equals the uninterrupted run: nothing lost, nothing doubled
        assert _results("rollcrash") == expected
        crash, twin = _state("rollcrash"), _state("rolltwin")
        assert crash["closes"] == UNITS and crash["statuses"] == twin["statuses"]
        assert crash["results"] == twin["results"] == len(expected)
        assert crash["entries"] == entries_before == twin["entries"]
        assert crash["notifications"] == twin["notifications"]
        assert len(crash["notifications"]) == len(set(crash["notifications"]))


def test_failing_tenant_job_does_not_stop_other_tenants(
    worlds, celery_worker_process, django_db_blocker
):
    with django_db_blocker.unblock():
        now = dt.datetime.now(dt.UTC)
        with schema_context("beta"):
            bad = Deadline.objects.create(
                kind="no_such_kind", key="iso-bad", due_at=now, payload={}
            )
        with schema_context("alpha"):
            good = Deadline.objects.create(kind="daily_reminders", key="iso-good", due_at=now,
                                           payload={"day": "2026-03-20"})  # fmt: skip
        connection.set_schema_to_public()
        try:
            sweep_all_tenants_task.delay()

            def swept():
                with schema_context("alpha"):
                    good.refresh_from_db()
                with schema_context("beta"):
                    bad.refresh_from_db()
                return good.status == "done" and bad.attempts >= 1

            _wait(swept, timeout=60, every=0.2)
            assert "no handler for deadline kind 'no_such_kind'" in bad.last_error
            # each tenant saw only its own row
            with schema_context("alpha"):
                assert not Deadline.objects.filter(key="iso-bad").exists()
            with schema_context("beta"):
                assert not Deadline.objects.filter(key="iso-good").exists()
        finally:
            with schema_context("alpha"):
                Deadline.objects.filter(key="iso-good").delete()
            with schema_context("beta"):
                Deadline.objects.filter(key="iso-bad").delete()
            connection.set_schema_to_public()
