"""One event booked alone: a constant, small number of statements whatever the account
holds, each key once under concurrency, and the same refusals as a batch."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from jifen.errors import Conflict, DomainError
from jifen.ledger.models import Account, Entry, Event
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import (
    EventInput,
    event_record,
    events_record_bulk,
    subject_for_booking,
)
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.subjects.models import Subject
from jifen.testing.worlds import tenant_admin
from tenants.services import tenant_create, tenant_delete
from tests.jifen.ledger.conftest import publish_stars


def _statements(data: EventInput) -> list[str]:
    actor = tenant_admin()
    with CaptureQueriesContext(connection) as seen:
        event_record(actor=actor, data=data, source="api")
    return [q["sql"] for q in seen.captured_queries]


def test_a_booking_costs_the_same_few_statements_however_full_the_account(stars):
    _, members = stars
    member = members[0].pk
    event_record(  # (the process reads the published version once)
        actor=tenant_admin(),
        data=EventInput("n-warm", members[1].pk, "absent_activity", date(2026, 3, 3)),
    )
    # given an account that exists (its first booking also creates it: two more statements)
    first = _statements(EventInput("n-0", member, "absent_activity", date(2026, 3, 3)))
    # when it is booked into again, and again after 30 more entries
    second = _statements(EventInput("n-1", member, "absent_activity", date(2026, 3, 4)))
    for n in range(2, 32):
        event_record(
            actor=tenant_admin(),
            data=EventInput(f"n-{n}", member, "absent_activity", date(2026, 3, 5)),
        )
    later = _statements(EventInput("n-99", member, "absent_activity", date(2026, 3, 6)))
    # then: subject, version in force, lock, standing entries, write (and the transaction)
    assert len(second) == len(later) <= 7, later
    assert len(first) == len(second) + 2  # the account created, then locked
    # one savepoint: the call's own transaction, nested in the test's (no inner ones)
    assert [sql.split()[0] for sql in later if "SAVEPOINT" in sql] == ["SAVEPOINT", "RELEASE"]
    assert chain_verify(accounts=Account.objects.filter(subject_id=member)) == []


def test_a_retry_costs_no_write(stars):
    _, members = stars
    data = EventInput("r-1", members[0].pk, "absent_activity", date(2026, 3, 3))
    actor = tenant_admin()
    booked = event_record(actor=actor, data=data)
    with CaptureQueriesContext(connection) as seen:
        again = event_record(actor=actor, data=data)
    assert (again.created, again.event.pk) == (False, booked.event.pk)
    assert [e.pk for e in again.entries] == [e.pk for e in booked.entries]
    assert not any(q["sql"].lstrip().startswith(("INSERT", "WITH")) for q in seen.captured_queries)


def _refusal(call) -> tuple[str, str, str]:
    with pytest.raises(DomainError) as refused:
        call()
    return type(refused.value).__name__, refused.value.field, str(refused.value)


@pytest.mark.parametrize(
    "bad",
    [
        EventInput("", 0, "absent_activity", date(2026, 3, 3)),
        EventInput("e-item", 0, "no_such_item", date(2026, 3, 3)),
        EventInput("e-attr", 0, "review_outcome", date(2026, 11, 3), {"outcome": "splendid"}),
        EventInput("e-qty", 0, "absent_activity", date(2026, 3, 3), quantity=-1),
        EventInput("e-subject", -5, "absent_activity", date(2026, 3, 3)),
    ],
    ids=["key", "item", "attribute", "quantity", "subject"],
)
def test_a_batch_refuses_what_a_single_booking_refuses_at_its_line(stars, bad):
    _, members = stars
    bad = EventInput(**{**bad.__dict__, "subject_id": bad.subject_id or members[0].pk})
    good = EventInput("e-good", members[1].pk, "absent_activity", date(2026, 3, 3))
    kind, field, message = _refusal(lambda: event_record(actor=tenant_admin(), data=bad))
    batch_kind, batch_field, batch_message = _refusal(
        lambda: events_record_bulk(actor=tenant_admin(), items=[good, bad])
    )
    assert batch_kind == kind
    assert batch_field == f"events.1.{field}"
    assert batch_message == f"line 2 (key {bad.key!r}): {message}"
    assert not Event.objects.filter(key__startswith="e-").exists()


@pytest.mark.worker
def test_the_same_key_booked_twice_at_once_counts_once(worlds, django_db_blocker):
    """Two connections book the same key at the same moment, for the same subject (one
    waits for the other's account lock) and for two subjects (no shared lock: the key's
    unique index decides); each key is booked once, the other answer is the earlier
    booking or a Conflict."""
    slug = "singlerace"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="单条并发县", family="county")
        try:
            with schema_context(slug):
                branch = unit_create(parent=unit_root(), name="一支部", kind=UnitKind.BRANCH)
                publish_stars(unit_root().pk, "stars")
                a, b = Subject.objects.bulk_create(
                    Subject(kind="person", name=f"党员{n}", category="member", home_unit=branch)
                    for n in range(2)
                )
                for subject in (a, b):  # accounts exist, so both race for the write itself
                    event_record(
                        actor=tenant_admin(),
                        data=EventInput(f"warm-{subject.pk}", subject.pk, "absent_activity",
                                        date(2026, 3, 1)),
                    )  # fmt: skip
            for round_ in range(5):
                same = EventInput(f"same-{round_}", a.pk, "absent_activity", date(2026, 3, 2))
                mine = EventInput(f"other-{round_}", a.pk, "absent_activity", date(2026, 3, 2))
                theirs = EventInput(f"other-{round_}", b.pk, "absent_activity", date(2026, 3, 2))
                for pair in ((same, same), (mine, theirs)):
                    outcomes = _at_once(slug, pair)
                    created = [o for o in outcomes if not isinstance(o, Exception) and o.created]
                    assert len(created) == 1, outcomes
                    for o in outcomes:
                        if isinstance(o, Exception):
                            assert isinstance(o, Conflict), o
                            assert pair[0] != pair[1]
                        elif not o.created:
                            assert o.event.pk == created[0].event.pk
            with schema_context(slug):
                for prefix in ("same-", "other-"):
                    assert Event.objects.filter(key__startswith=prefix).count() == 5
                    assert Entry.objects.filter(event__key__startswith=prefix).count() == 5
                assert chain_verify() == []
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)


def _at_once(slug: str, pair) -> list:
    barrier = threading.Barrier(len(pair))
    outcomes: list = [None] * len(pair)

    def run(index: int, data: EventInput) -> None:
        try:
            with schema_context(slug):
                actor = tenant_admin()
                barrier.wait()
                outcomes[index] = event_record(actor=actor, data=data)
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(pair)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_the_subject_read_for_a_booking_is_the_orms(stars):
    _, members = stars
    member = members[0]
    Subject.objects.filter(pk=member.pk).update(attributes={"职务": "委员", "age": 41.5})
    orm = Subject.objects.select_related("home_unit", "host_unit").get(pk=member.pk)
    read = subject_for_booking(member.pk)
    fields = [f.attname for f in Subject._meta.concrete_fields]
    assert [getattr(read, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert read.attributes == {"职务": "委员", "age": 41.5}
    assert (read.home_unit.path, read.host_unit) == (orm.home_unit.path, None)
    assert subject_for_booking(-1) is None
