"""Signed checkpoints: the ledger's chain heads anchored outside the database's control.

The hash chains show any edit that leaves the hashes alone, but the database owner can
disable the append-only triggers, rewrite an entry and recompute every hash after it; the
chain then verifies. A checkpoint is an HMAC-SHA256, under a key from the environment
(`JIFEN_LEDGER_CHECKPOINT_KEYS`, never stored in the database), of the tenant, the moment,
every account's (last seq, head hash), digests of the anchored tables (the ledger's events;
declarations and the timeline, registered by the procedure) and the previous checkpoint's
signature. `checkpoints_verify` recomputes the chains up to each signed head and the anchored
tables up to each signed row: a rewritten chain no longer reaches the head that was signed,
a rewritten or removed row no longer gives its bucket's digest, and a forged or edited
checkpoint does not verify. `changes_since` names what was booked after the last one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from jifen.ledger.chain import GENESIS, entry_hash_matches, json_text
from jifen.ledger.models import Account, Checkpoint, Entry, Event

# Rows of an anchored table are hashed one by one and grouped by `pk // BUCKET`, so that a
# checkpoint stays small and `verify` can still say which ids changed.
BUCKET = 256


@dataclass(frozen=True)
class Anchor:
    """A table whose rows a checkpoint covers: `rows()` the rows, `values(row)` what of a
    row may never change once written (a declaration's decision lives in the timeline)."""

    name: str
    rows: Callable[[], Iterable[Any]]
    values: Callable[[Any], list]


_ANCHORS: dict[str, Anchor] = {}


def anchor_register(name: str, rows: Callable[[], Iterable[Any]], values: Callable[[Any], list]):
    """Let a slice above the ledger put one of its tables inside what checkpoints sign
    (called from its AppConfig.ready; the ledger imports no slice)."""
    _ANCHORS[name] = Anchor(name, rows, values)


def _event_values(event: Event) -> list:
    # the digest covers every column of the event (chain.event_digest)
    return [event.key, event.subject_id, event.item, event.digest]


anchor_register(
    "events", lambda: Event.objects.order_by("pk").only("pk", "key", "subject_id", "item", "digest"),
    _event_values,
)  # fmt: skip


def _row_hashes(anchor: Anchor) -> dict[int, str]:
    hashes = {}
    rows = anchor.rows()
    for row in rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows:
        text = json_text([row.pk, *[_plain(v) for v in anchor.values(row)]])
        hashes[row.pk] = hashlib.sha256(text.encode()).hexdigest()
    return hashes


def _plain(value: Any) -> Any:
    """Dates and times as ISO text, ids and numbers as they are: one spelling per value."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _buckets(hashes: dict[int, str], upto: int) -> dict[str, list]:
    grouped: dict[int, list[str]] = {}
    for pk in sorted(hashes):
        if pk <= upto:
            grouped.setdefault(pk // BUCKET, []).append(f"{pk}:{hashes[pk]}")
    return {
        str(b): [len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()]
        for b, lines in grouped.items()
    }


def _anchors_now() -> tuple[dict, dict[str, dict[int, str]]]:
    signed, hashes = {}, {}
    for name, anchor in sorted(_ANCHORS.items()):
        hashes[name] = _row_hashes(anchor)
        upto = max(hashes[name], default=0)
        signed[name] = {"upto": upto, "buckets": _buckets(hashes[name], upto)}
    return signed, hashes


def _keys() -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for spec in getattr(settings, "LEDGER_CHECKPOINT_KEYS", []) or []:
        key_id, sep, secret = spec.partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured(
                "JIFEN_LEDGER_CHECKPOINT_KEYS holds id:secret pairs separated by commas."
            )
        keys[key_id] = secret.encode()
    return keys


def _signing_key() -> tuple[str, bytes]:
    keys = _keys()
    if not keys:
        raise ImproperlyConfigured(
            "JIFEN_LEDGER_CHECKPOINT_KEYS is not set: no ledger checkpoint can be signed."
        )
    key_id = next(iter(keys))
    return key_id, keys[key_id]


def _message(
    *, tenant: str, created_at, key_id: str, heads: dict, previous: str, reason: str = "",
    anchors: dict | None = None,
) -> bytes:  # fmt: skip
    payload = {
        "tenant": tenant,
        "created_at": created_at.isoformat(),
        "key_id": key_id,
        "heads": {k: [int(v[0]), str(v[1])] for k, v in sorted(heads.items())},
        "previous": previous,
    }
    # checkpoints signed before reasons and anchors existed keep their message
    if reason:
        payload["reason"] = reason
    if anchors:
        payload["anchors"] = anchors
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def _sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_sign(*, reason: str = "periodic") -> Checkpoint | None:
    """Sign the current tenant's chain heads and anchored tables (None when nothing changed
    since the last checkpoint). Idempotent, so the periodic task may run it as often as it
    likes; inside a caller's transaction, the checkpoint commits or rolls back with it."""
    key_id, key = _signing_key()
    with transaction.atomic():
        # one signer at a time per tenant: the previous signature is part of the message
        connection.cursor().execute(
            "SELECT pg_advisory_xact_lock(hashtext('jifen.ledger.checkpoint'))"
        )
        last = Checkpoint.objects.order_by("-created_at", "-pk").first()
        heads = {
            str(pk): [seq, head]
            for pk, seq, head in Account.objects.filter(last_seq__gt=0)
            .order_by("pk")
            .values_list("pk", "last_seq", "head_hash")
        }
        anchors, _hashes = _anchors_now()
        if last is not None and last.heads == heads and last.anchors == anchors:
            return None
        now = timezone.now()
        previous = last.signature if last is not None else ""
        message = _message(
            tenant=connection.schema_name, created_at=now, key_id=key_id, heads=heads,
            previous=previous, reason=reason, anchors=anchors,
        )  # fmt: skip
        return Checkpoint.objects.create(
            created_at=now, key_id=key_id, heads=heads, previous=previous, reason=reason,
            anchors=anchors, signature=_sign(key, message),
        )  # fmt: skip


def checkpoint_at(*, reason: str) -> Checkpoint:
    """The checkpoint that anchors the ledger as it stands now, for a step that must name
    one (a board's confirmation, a period's filing): signed now, or the last one when
    nothing changed since."""
    made = checkpoint_sign(reason=reason)
    if made is not None:
        return made
    return Checkpoint.objects.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class CheckpointProblem:
    checkpoint_id: int
    account_id: int | None
    problem: str


def _signature_problem(checkpoint: Checkpoint, keys: dict[str, bytes]) -> str | None:
    key = keys.get(checkpoint.key_id)
    if key is None:
        return f"signed with key {checkpoint.key_id!r}, which is not configured"
    message = _message(
        tenant=connection.schema_name, created_at=checkpoint.created_at,
        key_id=checkpoint.key_id, heads=checkpoint.heads, previous=checkpoint.previous,
        reason=checkpoint.reason, anchors=checkpoint.anchors,
    )  # fmt: skip
    if not hmac.compare_digest(_sign(key, message), checkpoint.signature):
        return "the signature does not match (the checkpoint was forged or edited)"
    return None


def _chain_reaches(account_id: int, seq: int, head: str) -> str | None:
    """Whether the account's entries, recomputed from their content, still arrive at the
    signed head; what differs if not."""
    prev = GENESIS
    count = 0
    entries = (
        Entry.objects.filter(account_id=account_id, seq__lte=seq)
        .select_related("event")
        .order_by("seq")
    )
    from jifen.ledger.chain import CHAINED_FIELDS

    for entry in entries.iterator(chunk_size=2000):
        count += 1
        fields = {n: getattr(entry, n) for n in (*CHAINED_FIELDS, "kind", "event_digest")}
        if entry.seq != count or not entry_hash_matches(prev, fields, entry.hash):
            return f"entry #{count} no longer hashes into the signed chain"
        prev = entry.hash
    if count < seq:
        return f"entries after #{count} of the {seq} signed are missing"
    if prev != head:
        return (
            f"entries #1–#{seq} recompute to a head other than the one signed "
            "(rewritten since, the hashes recomputed)"
        )
    return None


def checkpoints_verify() -> list[CheckpointProblem]:
    """Every checkpoint's signature and link to the one before, and each account's chain
    against the latest valid checkpoint that signed it."""
    keys = _keys()
    problems: list[CheckpointProblem] = []
    latest: dict[str, tuple[int, list]] = {}
    previous = ""
    _signed, hashes = _anchors_now()
    for checkpoint in Checkpoint.objects.order_by("created_at", "pk"):
        wrong = _signature_problem(checkpoint, keys)
        if wrong is None and checkpoint.previous != previous:
            wrong = "it does not follow the checkpoint before it (one was removed or replaced)"
        previous = checkpoint.signature
        if wrong:
            problems.append(CheckpointProblem(checkpoint.pk, None, wrong))
            continue
        for account_id, head in checkpoint.heads.items():
            latest[account_id] = (checkpoint.pk, head)
        problems.extend(_anchor_problems(checkpoint, hashes))
    present = set(Account.objects.values_list("pk", flat=True))
    for account_id, (checkpoint_id, (seq, head)) in sorted(latest.items(), key=lambda i: int(i[0])):
        if int(account_id) not in present:
            problems.append(CheckpointProblem(checkpoint_id, int(account_id), "account removed"))
            continue
        wrong = _chain_reaches(int(account_id), int(seq), head)
        if wrong:
            problems.append(CheckpointProblem(checkpoint_id, int(account_id), wrong))
    return problems


def _anchor_problems(checkpoint: Checkpoint, hashes: dict[str, dict[int, str]]) -> Iterator:
    """Each anchored table as the checkpoint signed it, recomputed from today's rows up to
    the last row it signed: which ids changed, and how many rows went missing."""
    for name, signed in sorted((checkpoint.anchors or {}).items()):
        now = _buckets(hashes.get(name, {}), int(signed["upto"]))
        for bucket, (count, digest) in sorted(signed["buckets"].items(), key=lambda b: int(b[0])):
            first, last = int(bucket) * BUCKET, int(bucket) * BUCKET + BUCKET - 1
            found = now.get(bucket, [0, ""])
            if found[1] == digest:
                continue
            if found[0] < count:
                what = f"{count - found[0]} of its {count} row(s) removed"
            else:
                what = "rewritten since (a row's content no longer hashes as signed)"
            yield CheckpointProblem(
                checkpoint.pk, None, f"{name} with ids {max(first, 1)}–{last}: {what}"
            )


@dataclass(frozen=True)
class Unanchored:
    """What was booked or written after the last checkpoint: not yet signed, so what an
    operator reads when the next checkpoint is due (or an attack is suspected)."""

    account_id: int | None
    table: str
    first: int
    last: int

    def __str__(self) -> str:
        where = f"account {self.account_id} entries" if self.account_id else self.table
        span = f"#{self.first}" if self.first == self.last else f"#{self.first}–#{self.last}"
        return f"{where} {span}"


def changes_since() -> tuple[Checkpoint | None, list[Unanchored]]:
    """The last checkpoint, and every account's entries and every anchored table's rows
    written after it (nothing after it is vouched for by a signature yet)."""
    last = Checkpoint.objects.order_by("-created_at", "-pk").first()
    signed_heads = last.heads if last is not None else {}
    found: list[Unanchored] = []
    # the entries themselves, not the account's head: an entry appended without moving
    # the head is exactly what to name
    written = Entry.objects.values("account_id").annotate(top=Max("seq")).order_by("account_id")
    for pk, seq in written.values_list("account_id", "top"):
        before = int(signed_heads.get(str(pk), [0])[0])
        if seq > before:
            found.append(Unanchored(pk, "entries", before + 1, seq))
    for name, anchor in sorted(_ANCHORS.items()):
        upto = int(((last.anchors or {}).get(name) or {}).get("upto", 0)) if last else 0
        rows = anchor.rows()
        newer = list(rows.filter(pk__gt=upto).values_list("pk", flat=True))
        if newer:
            found.append(Unanchored(None, name, min(newer), max(newer)))
    return last, found
