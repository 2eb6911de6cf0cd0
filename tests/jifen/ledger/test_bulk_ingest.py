"""A bulk import books exactly what booking the same events one by one would: the same
contexts, effects, explanations and hash chains, all or none, each key once."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from jifen.cli import main as jifen
from jifen.errors import Conflict
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Account, Entry, Event
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, event_record, events_record_bulk
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.subjects.models import Subject
from jifen.testing.worlds import tenant_admin
from tenants.services import tenant_create, tenant_delete
from tests.jifen.ledger.conftest import publish_stars


def _facts(members, tag):
    """Seven months of missed dues (the veto), two review outcomes (the limit), mixed in."""
    out = []
    for n, member in enumerate(members):
        for month in range(1, 8 - n):
            out.append(EventInput(f"{tag}-dues-{n}-{month}", member.pk, "dues_missed",
                                  date(2026, month, 10)))  # fmt: skip
        out.append(EventInput(f"{tag}-review-{n}-a", member.pk, "review_outcome",
                              date(2026, 11, 1), {"outcome": "excellent"}))  # fmt: skip
        out.append(EventInput(f"{tag}-review-{n}-b", member.pk, "review_outcome",
                              date(2026, 11, 2), {"outcome": "qualified"}))  # fmt: skip
        out.append(EventInput(f"{tag}-absent-{n}", member.pk, "absent_activity",
                              date(2026, 3, 3), quantity=2))  # fmt: skip
    return out


def _booked(members):
    """What was booked for each member's facts, without ids, keys' tags or timestamps."""
    out = []
    for position, member in enumerate(members):
        for event in Event.objects.filter(subject=member).order_by("key"):
            context = dict(event.context)
            out.append(
                (position, event.key.split("-", 1)[1], event.item, event.occurred_on,
                 event.explanation, event.version_key, context,
                 [(e.seq, e.kind, e.bucket, e.points, e.raw_points, e.rule, e.veto, e.group)
                  for e in event.entries.order_by("seq")])
            )  # fmt: skip
    return out


def test_bulk_books_what_one_by_one_books(stars, capsys):
    one_by_one, bulk = stars
    facts = sorted(_facts(one_by_one, "s"), key=lambda e: (e.subject_id, e.key))
    for data in facts:
        event_record(actor=tenant_admin(), data=data, source="import")
    result = events_record_bulk(actor=tenant_admin(), items=_facts(bulk, "b"))
    assert (result.created, result.duplicates) == (len(facts), 0)
    assert _booked(bulk) == _booked(one_by_one)
    vetoed = [e for e in Entry.objects.filter(account__subject=bulk[0]) if e.veto]
    assert vetoed, "the seventh month of missed dues vetoes the period"
    assert chain_verify(accounts=Account.objects.filter(subject__in=bulk)) == []
    for account in Account.objects.filter(subject__in=bulk):
        assert account.last_seq == account.entries.count()
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 0
    assert "all chains intact" in capsys.readouterr().out


def test_bulk_continues_an_existing_chain_and_context(stars):
    _, members = stars
    facts = _facts(members[:1], "c")
    events_record_bulk(actor=tenant_admin(), items=facts[:3])
    events_record_bulk(actor=tenant_admin(), items=facts[3:])
    assert chain_verify(accounts=Account.objects.filter(subject=members[0])) == []
    seventh = Event.objects.get(key="c-dues-0-7")
    assert seventh.context["counters"]["months_without_dues"] == 7.0


def test_a_bad_line_books_nothing_and_is_named(stars):
    _, members = stars
    facts = _facts(members, "x")
    facts[5] = EventInput("x-bad", members[0].pk, "review_outcome", date(2026, 11, 3),
                          {"outcome": "splendid"})  # fmt: skip
    with pytest.raises(LedgerError) as refused:
        events_record_bulk(actor=tenant_admin(), items=facts)
    assert "line 6 (key 'x-bad')" in str(refused.value)
    assert refused.value.field.startswith("events.5.attributes")
    assert not Event.objects.filter(key__startswith="x-").exists()
    assert not Entry.objects.filter(account__subject__in=members).exists()


def test_a_key_reused_for_another_fact_is_refused_in_and_across_batches(stars):
    _, members = stars
    first = EventInput("k-1", members[0].pk, "absent_activity", date(2026, 3, 3))
    other = EventInput("k-1", members[1].pk, "absent_activity", date(2026, 3, 3))
    with pytest.raises(Conflict, match="line 2 \\(key 'k-1'\\)"):
        events_record_bulk(actor=tenant_admin(), items=[first, other])
    events_record_bulk(actor=tenant_admin(), items=[first])
    with pytest.raises(Conflict, match=r"line 1 \(key 'k-1'\).*already used"):
        events_record_bulk(actor=tenant_admin(), items=[other])


def test_reimport_answers_duplicates_with_the_booked_events(stars):
    _, members = stars
    facts = _facts(members, "d")
    first = events_record_bulk(actor=tenant_admin(), items=facts[:10])
    again = events_record_bulk(actor=tenant_admin(), items=facts + facts[:1])
    assert (again.created, again.duplicates) == (len(facts) - 10, 11)
    assert [r.event.pk for r in again.results[:10]] == [r.event.pk for r in first.results]
    assert again.results[0].entries == first.results[0].entries
    assert again.results[-1].event.pk == first.results[0].event.pk
    assert Event.objects.filter(key__startswith="d-").count() == len(facts)


def test_bulk_costs_the_same_queries_for_10_and_100_events(stars):
    _, members = stars

    def queries(n, tag):
        facts = [EventInput(f"{tag}{i}", members[i % 4].pk, "absent_activity",
                            date(2026, 1 + i % 12, 1 + i % 28)) for i in range(n)]  # fmt: skip
        with CaptureQueriesContext(connection) as seen:
            events_record_bulk(actor=tenant_admin(), items=facts)
        return len(seen)

    assert queries(10, "q") == queries(100, "r")


@pytest.mark.worker
def test_concurrent_overlapping_imports_book_each_key_once(worlds, django_db_blocker):
    """Two imports sharing a third of their keys, at once, in two connections: each key
    is booked once, every chain intact."""
    slug = "bulkrace"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="并发县", family="county")
        try:
            with schema_context(slug):
                root = unit_root()
                branch = unit_create(parent=root, name="一支部", kind=UnitKind.BRANCH)
                publish_stars(root.pk, "stars")
                members = Subject.objects.bulk_create(
                    Subject(kind="person", name=f"党员{n}", category="member", home_unit=branch)
                    for n in range(20)
                )
                facts = [
                    EventInput(f"cc-{m.pk}-{month}", m.pk, "absent_activity", date(2026, month, 1))
                    for m in members
                    for month in range(1, 13)
                ]
            halves = (facts[: len(facts) * 2 // 3], facts[len(facts) // 3 :])
            outcomes, errors = [], []

            def run(items):
                try:
                    with schema_context(slug):
                        outcomes.append(events_record_bulk(actor=tenant_admin(), items=items))
                except Exception as exc:
                    errors.append(exc)
                finally:
                    connection.close()

            threads = [threading.Thread(target=run, args=(h,)) for h in halves]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert errors == []
            assert sum(o.created for o in outcomes) == len(facts)
            assert sum(o.duplicates for o in outcomes) == len(halves[0]) + len(halves[1]) - len(
                facts
            )
            with schema_context(slug):
                assert Event.objects.count() == len(facts)
                assert chain_verify() == []
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)
