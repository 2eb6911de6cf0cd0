"""The per-account hash chain: the one definition used to write and to verify.

An entry's hash covers the previous entry's hash, the entry's own fields and its event's
digest; the digest covers every column of the event (item, quantity, attributes, date,
version key, the context the engine saw …). Editing an event or an entry, or removing one,
therefore breaks the chain at that entry, and `chain_verify` says where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

GENESIS = ""


def json_text(value: Any) -> str:
    """How a JSON column is chained (and may be written: PostgreSQL parses it the same)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float | int):
        return f"{Decimal(value):.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json_text(value)
    return str(value)


CHAINED_FIELDS = (
    "account_id",
    "seq",
    "event_id",
    "occurred_on",
    "item",
    "bucket",
    "points",
    "raw_points",
    "rule",
    "ruleset_version",
    "group",
    "veto",
    "escalation",
    "reverses_id",
    "reason",
    "decided_by_id",
    "created_at",
)
# Fields added later: hashed only when they differ from their default, so entries written
# before they existed still verify.
LATER_FIELDS = {"kind": "booking", "event_digest": ""}


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """sha256 over the previous hash and the entry's fields in a fixed order."""
    parts = [prev_hash] + [f"{name}={_fmt(fields[name])}" for name in CHAINED_FIELDS]
    parts += [f"{n}={fields[n]}" for n, default in LATER_FIELDS.items() if fields[n] != default]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


EVENT_FIELDS = (
    "key",
    "subject_id",
    "account_id",
    "item",
    "occurred_on",
    "attributes",
    "quantity",
    "source",
    "recorded_by_id",
    "ruleset_version_id",
    "version_key",
    "context",
    "needs_confirmation",
    "payload_hash",
    "explanation",
    "created_at",
)


# Event columns added later, hashed only when set (events written before still verify).
EVENT_LATER_FIELDS = {"supersedes_id": None}


def event_digest(fields: Mapping[str, Any]) -> str:
    """sha256 over every column of an event that says what happened and how it was scored."""
    parts = [f"{name}={_fmt(fields[name])}" for name in EVENT_FIELDS]
    parts += [
        f"{n}={_fmt(fields[n])}"
        for n, default in EVENT_LATER_FIELDS.items()
        if fields[n] != default
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def digest_of(event: Any) -> str:
    """`event_digest` of an event row (or anything with its columns as attributes)."""
    return event_digest({n: getattr(event, n) for n in (*EVENT_FIELDS, *EVENT_LATER_FIELDS)})
