"""The per-account hash chain: the one definition used to write and to verify."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

GENESIS = ""


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return f"{Decimal(value):.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """sha256 over the previous hash and the entry's fields in a fixed order."""
    parts = [prev_hash] + [f"{name}={_fmt(fields[name])}" for name in CHAINED_FIELDS]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


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
