"""What counts is one ledger read: entries that stand (not reversed, not reversals) and are
confirmed (booked without review, or confirmed after publicity); one query for any number
of accounts."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.access.services import system_actor
from jifen.ledger.models import Account, Source
from jifen.ledger.selectors import account_balance, counted_entries
from jifen.ledger.services import (
    EventInput,
    entry_reverse,
    event_confirm,
    event_record,
    events_record_bulk,
)
from jifen.org.models import OrgUnit
from jifen.testing.factories import PersonFactory, UnitFactory
from jifen.testing.worlds import tenant_admin


def _branch_with_points(name: str, members: int) -> list[Account]:
    branch = UnitFactory(parent=OrgUnit.objects.get(name="甲县一镇党委"), name=name)
    subjects = PersonFactory.create_batch(members, home_unit=branch)
    events_record_bulk(
        actor=tenant_admin(),
        items=[
            EventInput(
                key=f"{name}-{s.pk}-{m}",
                subject_id=s.pk,
                item="party_day_late",
                occurred_on=date(2026, m, 8),
            )
            for s in subjects
            for m in (1, 2, 3)
        ],
    )
    return list(Account.objects.filter(subject__in=subjects).order_by("pk"))


def test_what_counts_takes_the_same_number_of_queries_for_any_number_of_accounts(yongzhou):
    # given a branch of 2 members and one of 12, three entries each
    small = _branch_with_points("小支部", 2)
    large = _branch_with_points("大支部", 12)

    # when what counts in their accounts is read
    with CaptureQueriesContext(connection) as few:
        small_entries = counted_entries(accounts=small)
    with CaptureQueriesContext(connection) as many:
        large_entries = counted_entries(accounts=large)

    # then the query count does not grow with the accounts
    assert (len(small_entries), len(large_entries)) == (6, 36)
    assert len(few.captured_queries) == len(many.captured_queries) <= 2  # SET LOCAL + SELECT


def test_reversed_and_unconfirmed_entries_do_not_count(yongzhou):
    # given three members with three direct bookings each
    accounts = _branch_with_points("三人支部", 3)
    first, second, third = accounts
    actor = system_actor()
    # one entry reversed; one declared event per member still under review; one confirmed
    entry_reverse(actor=actor, entry=first.entries.get(seq=1), reason="recorded twice")
    declared = {}
    for account in (second, third):
        declared[account.pk] = event_record(
            actor=actor,
            data=EventInput(
                key=f"decl-{account.pk}",
                subject_id=account.subject_id,
                item="party_day_late",
                occurred_on=date(2026, 3, 20),
            ),
            source=Source.DECLARATION,
            needs_confirmation=True,
        ).event
    event_confirm(actor=actor, event=declared[third.pk])

    # when the close reads what counts
    entries = counted_entries(accounts=accounts)

    # then the reversed pair and the unconfirmed declaration's entry are left out
    by_subject = {}
    for e in entries:
        by_subject.setdefault(e.subject, []).append((e.occurred_on.day, e.points))
    assert by_subject == {
        str(first.subject_id): [(8, -1.0), (8, -1.0)],
        str(second.subject_id): [(8, -1.0)] * 3,
        str(third.subject_id): [(8, -1.0)] * 3 + [(20, -1.0)],
    }
    assert counted_entries(accounts=[]) == []
    # the balance still shows the unconfirmed points as booked, not yet counted
    balance = account_balance(account=second)
    assert (balance.total, balance.counted) == (-4, -3)


def test_confirming_twice_appends_one_confirmation(yongzhou):
    [account] = _branch_with_points("确认支部", 1)
    actor = system_actor()
    event = event_record(
        actor=actor,
        data=EventInput(
            key="twice", subject_id=account.subject_id, item="party_day_late",
            occurred_on=date(2026, 3, 20),
        ),
        needs_confirmation=True,
    ).event  # fmt: skip
    first = event_confirm(actor=actor, event=event)
    again = event_confirm(actor=actor, event=event)
    assert first.pk == again.pk and first.kind == "confirmation"
    assert account.entries.filter(kind="confirmation").count() == 1


def test_no_slice_but_the_ledger_reads_the_entries_on_its_own():
    # "What counts" is defined once (the ledger_standing_entry view and ledger.selectors);
    # a slice that filtered the view or the entry table itself would define it again.
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    own = ("StandingEntry", "ledger_standing_entry", "ledger_entry", "Entry.objects")
    found = [
        f"{path.relative_to(root)}: {word}"
        for base in ("platform/jifen", "workers", "tenants")
        for path in sorted((root / base).rglob("*.py"))
        if "migrations" not in path.parts
        and not path.is_relative_to(root / "platform/jifen/ledger")
        for word in own
        if word in path.read_text(encoding="utf-8")
    ]
    allowed = {
        # the API reads one entry by id within the caller's scope, and shows every entry
        "platform/jifen/graphql/lookups.py: Entry.objects",
        "platform/jifen/graphql/ledger/types.py: Entry.objects",
        # `jifen status` prints how many rows there are
        "platform/jifen/cli.py: Entry.objects",
        # the database role's grants name the ledger's tables (INSERT and SELECT only)
        "platform/jifen/db_roles.py: ledger_entry",
        # re-scoring a factor reverses the standing entries the ledger's selector found
        "platform/jifen/inspections/recording.py: Entry.objects",
    }
    assert sorted(set(found) - allowed) == []
