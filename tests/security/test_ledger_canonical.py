"""What the chain hashes is what PostgreSQL gives back: every booking verifies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from jifen.cli import main as jifen
from jifen.ledger import chain
from jifen.ledger.models import Account, Entry
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, append_entry, entry_reverse, event_record
from jifen.testing.worlds import tenant_admin

ODD_JSON = {
    "名称": "张三 · Ünïcödé ✓",
    "integral_float": 1.0,
    "negative_zero": -0.0,
    "big": 1e20,
    "tiny": 1e-7,
    "sum": 0.1 + 0.2,
    "long": 1.2345678901234567,
    "nested": [{"b": 2.50, "a": -0.0}, 10**20],
}


def _book(world, key: str, item: str = "party_day_late"):
    return event_record(
        actor=tenant_admin(),
        data=EventInput(key=key, subject_id=world.member_subject, item=item,
                        occurred_on=date(2026, 1, 5)),
    )  # fmt: skip


@pytest.mark.parametrize(
    "points", [Decimal("-0"), -0.0, 0, 0.1 + 0.2, Decimal("1.23456789"), Decimal("-0.00005"),
               Decimal("2.00015")], ids=repr,
)  # fmt: skip
def test_entries_of_any_points_verify(yongzhou, in_alpha, points):
    recorded = _book(in_alpha, "p")
    booked = recorded.entries[0]
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=booked.account_id)
        append_entry(account, event=booked.event, event_digest=booked.event_digest,
                     occurred_on=booked.occurred_on, item=booked.item, bucket=booked.bucket,
                     points=points, raw_points=points, rule="test", ruleset_version="x")  # fmt: skip
    assert chain_verify() == []
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 0


def test_reversing_an_entry_of_zero_points_verifies(yongzhou, in_alpha):
    recorded = _book(in_alpha, "z")
    booked = recorded.entries[0]
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=booked.account_id)
        zero = append_entry(account, event=booked.event, event_digest=booked.event_digest,
                            occurred_on=booked.occurred_on, item=booked.item,
                            bucket=booked.bucket, points=Decimal("0"), raw_points=Decimal("0"),
                            rule="capped", ruleset_version="x")  # fmt: skip
    reversal = entry_reverse(actor=tenant_admin(), entry=zero, reason="wrong subject")
    assert str(reversal.points) == "0.0000"  # −0 would hash as "-0.0000" and read back as 0
    assert chain_verify() == []


def test_json_values_hash_the_same_after_jsonb_gave_them_back(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::jsonb", [__import__("json").dumps(ODD_JSON)])
        (back,) = cursor.fetchone()
    if isinstance(back, str):
        back = __import__("json").loads(back)
    assert chain._fmt(back) == chain._fmt(ODD_JSON)


@pytest.mark.parametrize("value", [Decimal("-0.0000"), -0.0, 0.1 + 0.2, Decimal("1.23456789")])
def test_numbers_hash_the_same_after_numeric_gave_them_back(db, value):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::numeric(12, 4)", [value])
        (back,) = cursor.fetchone()
    assert chain._fmt(back) == chain._fmt(value)


def test_entries_hashed_with_negative_zero_before_the_fix_still_verify_and_nothing_else(
    yongzhou, in_alpha
):
    _book(in_alpha, "v")
    entry = Entry.objects.get(event__key="v")
    fields = {n: getattr(entry, n) for n in (*chain.CHAINED_FIELDS, "kind", "event_digest")}
    as_stored = {**fields, "points": Decimal("0.0000"), "raw_points": Decimal("0.0000")}
    # what the first format wrote for a zero-quantity penalty: −0 in the hash, 0 in the row
    legacy = chain.entry_hash(
        entry.prev_hash,
        {**fields, "points": Decimal("-0.0000"), "raw_points": Decimal("-0.0000")},
        chain._fmt_v1,
    )
    assert chain.entry_hash_matches(entry.prev_hash, as_stored, legacy)
    assert not chain.entry_hash_matches(
        entry.prev_hash, {**as_stored, "points": Decimal("1.0000")}, legacy
    )
    # and the current format agrees with the first one on every ordinary value
    assert chain.entry_hash(entry.prev_hash, fields) == chain.entry_hash(
        entry.prev_hash, fields, chain._fmt_v1
    )
