"""With Redis stopped, the API answers reads and a booking commits with its follow-up written
as an outbox row; once Redis is back the sweep runs the grade recompute."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from jifen import embedded
from jifen.access.services import token_create
from jifen.deadlines.models import Deadline, DeadlineStatus
from jifen.deadlines.services import deadlines_sweep
from jifen.graphql.ids import to_global_id
from jifen.inspections.models import RiskGrade
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.rulebook.models import RulesetAssignment
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.workers import broker_connections_reset
from jifen.testing.worlds import publish_template, tenant_admin

# It stops the Redis every test process of the run shares: nothing else runs meanwhile.
pytestmark = pytest.mark.serial

BOOK = """mutation($s: ID!) { eventRecord(input: {key: "outage-1", subject: $s,
  item: "static_assessment", occurredOn: "%s", attributes: {points: 30}}) {
  created errors { code message } } }"""


@pytest.fixture
def shop(in_alpha):
    station = unit_create(parent=unit_root(), name="城关市场监管所", kind=UnitKind.STATION)
    publish_template("food-seller-risk", "food", station.pk)
    RulesetAssignment.objects.filter(unit=station).update(subject_kind="business")
    return Subject.objects.create(
        kind="business", name="赵记熟食店", home_unit=station, category="licensed",
        attributes={"near_school": False},
    )  # fmt: skip


@pytest.fixture
def redis_down():
    """Stop this run's embedded Redis (the broker and the cache); start it again after."""
    folder = embedded.data_dir() / "redis"
    port_file = folder / "port"
    broker = urlsplit(settings.CELERY_BROKER_URL)
    if not port_file.exists() or broker.port != int(port_file.read_text()):
        pytest.skip("Redis is not this run's embedded server; it is not ours to stop")
    try:
        assert embedded.redis_stop()
        yield
    finally:
        # whatever happened, the rest of the run finds its Redis where it was, and this
        # process's next task a live connection to it
        assert embedded.redis_start() == f"redis://127.0.0.1:{broker.port}/0"
        broker_connections_reset()


def test_reads_answer_and_a_booking_keeps_its_follow_up_while_redis_is_down(
    shop, django_capture_on_commit_callbacks, request
):
    client = TenantClient("alpha", token_create(user=tenant_admin(), name="outage"))
    today = timezone.localdate()
    request.getfixturevalue("redis_down")
    # a read
    response = client.post(
        "/graphql", data='{"query": "{ me { username } }"}', content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["data"]["me"]["username"] == "admin"
    # a write, whose after-commit dispatch meets no broker
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/graphql",
            data={
                "query": BOOK % today.isoformat(),
                "variables": {"s": to_global_id("Subject", shop.pk)},
            },
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["eventRecord"] == {"created": True, "errors": []}
    [outbox] = Deadline.objects.filter(kind="risk_grades_recompute")
    assert outbox.status == DeadlineStatus.PENDING and outbox.payload == {
        "subject_ids": [shop.pk],
        "reason": "recomputed",
    }
    assert not RiskGrade.objects.filter(subject=shop).exists()
    # when Redis is back, the sweep (what beat and the dispatch run) does the recompute
    embedded.redis_start()  # (the fixture's teardown then finds it running)
    report = deadlines_sweep(now=timezone.now() + dt.timedelta(seconds=1))
    assert report.done >= 1
    outbox.refresh_from_db()
    assert outbox.status == DeadlineStatus.DONE
    grade = RiskGrade.objects.get(subject=shop)
    assert grade.total == 30


def test_a_request_queued_after_commit_is_no_client_error_while_redis_is_down(
    in_alpha, django_capture_on_commit_callbacks, request
):
    from jifen.ops.models import WorkerCheck

    client = TenantClient("alpha", token_create(user=tenant_admin(), name="outage-check"))
    request.getfixturevalue("redis_down")
    with django_capture_on_commit_callbacks(execute=True) as dispatched:
        response = client.post(
            "/graphql",
            data={"query": "mutation { workerCheckRequest { errors { code } } }"},
            content_type="application/json",
        )
    # the check committed; its dispatch met no broker, and the client is not told otherwise
    assert len(dispatched) == 1
    assert response.status_code == 200, response.content
    assert response.json()["data"]["workerCheckRequest"]["errors"] == []
    [check] = WorkerCheck.objects.filter(completed_at__isnull=True)
    [outbox] = Deadline.objects.filter(kind="worker_check_complete")
    assert outbox.status == DeadlineStatus.PENDING and outbox.payload == {"check_id": check.pk}
    # when Redis is back, the sweep completes the check that was requested during the outage
    embedded.redis_start()
    assert deadlines_sweep(now=timezone.now() + dt.timedelta(seconds=1)).done >= 1
    check.refresh_from_db()
    outbox.refresh_from_db()
    assert check.completed_at is not None and check.worker_schema == "alpha"
    assert outbox.status == DeadlineStatus.DONE
