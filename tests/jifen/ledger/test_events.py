"""Events are evaluated by the version in force on their date and booked atomically."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from jifen.access.models import User
from jifen.errors import Conflict, NotConfigured
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Account, Entry, Event
from jifen.ledger.selectors import account_balance
from jifen.ledger.services import EventInput, entry_reverse, event_record, events_record_bulk
from jifen.testing.worlds import tenant_admin


def _volunteer(world, key="v1", day=date(2026, 3, 5)):
    return EventInput(key=key, subject_id=world.member_subject, item="volunteer", occurred_on=day)


def test_event_is_booked_with_rule_and_version_named(yongzhou, in_alpha):
    recorded = event_record(actor=tenant_admin(), data=_volunteer(in_alpha))
    assert recorded.created
    [entry] = recorded.entries
    assert (entry.bucket, entry.points, entry.item) == ("bonus", Decimal("2.0000"), "volunteer")
    assert "volunteer" in entry.rule
    assert entry.ruleset_version.startswith("alpha/yongzhou/v1/")
    assert recorded.event.explanation.startswith("item volunteer of ruleset yongzhou version v1 (")
    account = entry.account
    assert (account.period_start, account.period_end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_same_key_twice_counts_once(yongzhou, in_alpha):
    first = event_record(actor=tenant_admin(), data=_volunteer(in_alpha))
    again = event_record(actor=tenant_admin(), data=_volunteer(in_alpha))
    assert not again.created and again.event.pk == first.event.pk
    assert Entry.objects.filter(event__key="v1").count() == 1


def test_same_key_with_different_content_is_refused(yongzhou, in_alpha):
    event_record(actor=tenant_admin(), data=_volunteer(in_alpha))
    with pytest.raises(Conflict, match="already used for a different event"):
        event_record(actor=tenant_admin(), data=_volunteer(in_alpha, day=date(2026, 3, 6)))


def test_bulk_import_is_all_or_nothing_and_names_the_bad_line(yongzhou, in_alpha):
    items = [_volunteer(in_alpha, key=f"b{i}") for i in range(5)]
    items[3] = EventInput(key="b3", subject_id=in_alpha.member_subject, item="no_such_item",
                          occurred_on=date(2026, 3, 5))  # fmt: skip
    with pytest.raises(LedgerError, match="line 4 \\(key 'b3'\\)"):
        events_record_bulk(actor=tenant_admin(), items=items)
    assert not Event.objects.filter(key__startswith="b").exists()


def test_bulk_retry_after_partial_arrival_counts_each_event_once(yongzhou, in_alpha):
    events_record_bulk(
        actor=tenant_admin(), items=[_volunteer(in_alpha, key=f"r{i}") for i in range(3)]
    )
    result = events_record_bulk(
        actor=tenant_admin(), items=[_volunteer(in_alpha, key=f"r{i}") for i in range(6)]
    )
    assert (result.created, result.duplicates) == (3, 3)
    assert Event.objects.filter(key__startswith="r").count() == 6


def test_event_without_ruleset_in_force_is_refused_with_the_reason(yongzhou, in_alpha):
    with pytest.raises(NotConfigured, match="no published version in force on 2019-06-01"):
        event_record(actor=tenant_admin(), data=_volunteer(in_alpha, day=date(2019, 6, 1)))


def test_unknown_subject_is_refused(yongzhou, in_alpha):
    with pytest.raises(LedgerError, match="subject 999999 does not exist"):
        event_record(actor=tenant_admin(), data=EventInput(key="x", subject_id=999999, item="volunteer",
                                     occurred_on=date(2026, 3, 5)))  # fmt: skip


def test_reversal_names_what_it_reverses_and_who_decided(yongzhou, in_alpha):
    [entry] = event_record(actor=tenant_admin(), data=_volunteer(in_alpha)).entries
    secretary = User.objects.get(username="secretary_1")
    reversal = entry_reverse(actor=secretary, entry=entry, reason="重复申报")
    assert (reversal.reverses_id, reversal.decided_by_id, reversal.points) == (
        entry.pk, secretary.pk, Decimal("-2.0000"),
    )  # fmt: skip
    # neither the entry nor its reversal stands any more
    assert account_balance(account=entry.account).buckets == {}
    with pytest.raises(LedgerError, match="already reversed"):
        entry_reverse(actor=secretary, entry=entry, reason="again")


def test_balance_as_of_a_date(yongzhou, in_alpha):
    event_record(actor=tenant_admin(), data=_volunteer(in_alpha, key="a", day=date(2026, 2, 1)))
    event_record(actor=tenant_admin(), data=_volunteer(in_alpha, key="b", day=date(2026, 4, 1)))
    account = Account.objects.get(subject_id=in_alpha.member_subject)
    assert account_balance(account=account, as_of=date(2026, 3, 1)).total == Decimal("2")
    assert account_balance(account=account).total == Decimal("4")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET points = 100",
        "DELETE FROM ledger_entry",
        "TRUNCATE ledger_entry CASCADE",
    ],
)
def test_database_refuses_to_change_ledger_entries(yongzhou, in_alpha, statement):
    event_record(actor=tenant_admin(), data=_volunteer(in_alpha))
    with (
        pytest.raises(Exception, match="ledger entries are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as outside a test transaction
        cursor.execute(statement)
    assert Entry.objects.get(event__key="v1").points == Decimal("2.0000")
