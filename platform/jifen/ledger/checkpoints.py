"""Signed checkpoints: the ledger's chain heads anchored outside the database's control.

The hash chains show any edit that leaves the hashes alone, but the database owner can
disable the append-only triggers, rewrite an entry and recompute every hash after it; the
chain then verifies. A checkpoint is an HMAC-SHA256, under a key from the environment
(`JIFEN_LEDGER_CHECKPOINT_KEYS`, never stored in the database), of the tenant, the moment,
every account's (last seq, head hash) and the previous checkpoint's signature.
`checkpoints_verify` recomputes the chains up to each signed head: a rewritten chain no
longer reaches the head that was signed, and a forged or edited checkpoint does not verify.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from jifen.ledger.chain import GENESIS, entry_hash_matches
from jifen.ledger.models import Account, Checkpoint, Entry


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


def _message(*, tenant: str, created_at, key_id: str, heads: dict, previous: str) -> bytes:
    payload = {
        "tenant": tenant,
        "created_at": created_at.isoformat(),
        "key_id": key_id,
        "heads": {k: [int(v[0]), str(v[1])] for k, v in sorted(heads.items())},
        "previous": previous,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def _sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_sign() -> Checkpoint | None:
    """Sign the current tenant's chain heads (None when nothing changed since the last
    checkpoint). Idempotent, so the periodic task may run it as often as it likes."""
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
        if last is not None and last.heads == heads:
            return None
        now = timezone.now()
        previous = last.signature if last is not None else ""
        message = _message(
            tenant=connection.schema_name, created_at=now, key_id=key_id, heads=heads,
            previous=previous,
        )  # fmt: skip
        return Checkpoint.objects.create(
            created_at=now, key_id=key_id, heads=heads, previous=previous,
            signature=_sign(key, message),
        )  # fmt: skip


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
    present = set(Account.objects.values_list("pk", flat=True))
    for account_id, (checkpoint_id, (seq, head)) in sorted(latest.items(), key=lambda i: int(i[0])):
        if int(account_id) not in present:
            problems.append(CheckpointProblem(checkpoint_id, int(account_id), "account removed"))
            continue
        wrong = _chain_reaches(int(account_id), int(seq), head)
        if wrong:
            problems.append(CheckpointProblem(checkpoint_id, int(account_id), wrong))
    return problems
