"""The entries a period close scores: one query for any number of accounts, and only the
live, confirmed ones."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.access.models import User
from jifen.ledger.models import Account
from jifen.ledger.services import EventInput, entry_reverse, events_record_bulk
from jifen.org.models import OrgUnit, UnitKind
from jifen.org.services import unit_create
from jifen.procedure.models import Declaration, DeclarationStatus
from jifen.procedure.services import confirmed_entries
from jifen.subjects.models import Subject


def _branch_with_points(name: str, members: int) -> list[Account]:
    township = OrgUnit.objects.get(name="甲县一镇党委")
    branch = unit_create(parent=township, name=name, kind=UnitKind.BRANCH)
    subjects = Subject.objects.bulk_create(
        Subject(kind="person", name=f"{name}{i}", home_unit=branch, category="member")
        for i in range(members)
    )
    events_record_bulk(
        items=[
            EventInput(
                key=f"{name}-{s.pk}-{m}",
                subject_id=s.pk,
                item="party_day_late",
                occurred_on=date(2026, m, 8),
            )
            for s in subjects
            for m in (1, 2, 3)
        ]
    )
    return list(Account.objects.filter(subject__in=subjects).order_by("pk"))


def test_confirmed_entries_takes_the_same_number_of_queries_for_any_number_of_accounts(yongzhou):
    # given a branch of 2 members and one of 12, three entries each
    small = _branch_with_points("小支部", 2)
    large = _branch_with_points("大支部", 12)

    # when their confirmed entries are read
    with CaptureQueriesContext(connection) as few:
        small_entries = confirmed_entries(small)
    with CaptureQueriesContext(connection) as many:
        large_entries = confirmed_entries(large)

    # then the query count does not grow with the accounts
    assert (len(small_entries), len(large_entries)) == (6, 36)
    assert len(few.captured_queries) == len(many.captured_queries) <= 2  # SET LOCAL + SELECT


def test_confirmed_entries_leave_out_reversed_and_unconfirmed_declared_entries(yongzhou):
    # given three members with three entries each
    accounts = _branch_with_points("三人支部", 3)
    first, second, third = accounts
    # one entry reversed, one booked from a declaration still on its board, one confirmed
    entry_reverse(entry=first.entries.get(seq=1), reason="recorded twice", user=None)
    declarer = User.objects.get(username="recorder_1")
    for account, status in ((second, DeclarationStatus.PUBLICISED),
                            (third, DeclarationStatus.CONFIRMED)):  # fmt: skip
        event = account.entries.get(seq=2).event
        Declaration.objects.create(
            key=f"decl-{event.key}", subject_id=account.subject_id, unit=event.subject.home_unit,
            item=event.item, occurred_on=event.occurred_on, kind="record",
            declared_by=declarer, status=status, event=event,
        )  # fmt: skip

    # when the close reads them
    entries = confirmed_entries(accounts)

    # then the reversed pair and the unconfirmed declaration's entry are left out
    by_subject = {}
    for e in entries:
        by_subject.setdefault(e.subject, []).append((e.occurred_on.month, e.points))
    assert by_subject == {
        str(first.subject_id): [(2, -1.0), (3, -1.0)],
        str(second.subject_id): [(1, -1.0), (3, -1.0)],
        str(third.subject_id): [(1, -1.0), (2, -1.0), (3, -1.0)],
    }
    assert all(e.idempotency_key.startswith("三人支部-") for e in entries)
    assert confirmed_entries([]) == []
