"""The per-account hash chain: the one definition used to write and to verify.

An entry's hash covers the previous entry's hash, the entry's own fields and its event's
digest; the digest covers every column of the event (item, quantity, attributes, date,
version key, the context the engine saw …). Editing an event or an entry, or removing one,
therefore breaks the chain at that entry, and `chain_verify` says where.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from itertools import product
from typing import Any

GENESIS = ""


FOUR = Decimal("0.0001")


def _decimal(value: Decimal | float | int) -> Decimal:
    """A number as PostgreSQL stores it in a numeric(…, 4) column: four places rounded half
    away from zero, and no negative zero (PostgreSQL has none: −0 reads back as 0)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not exact.is_finite():
        return exact
    stored = exact.quantize(FOUR, rounding=ROUND_HALF_UP)
    return stored if stored != 0 else Decimal("0.0000")


def _json_number(value: Decimal | float | int) -> str:
    """A JSON number in one spelling whatever jsonb made of it (1.0, 1, 1e0 and −0 read back
    differently from how they were written)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not exact.is_finite():
        return str(exact)
    if exact == 0:
        return "0"
    return format(exact.normalize(), "f")


def _json(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, canonical numbers, non-ASCII as itself."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, Decimal | float | int):
        return _json_number(value)
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        return (
            "{"
            + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_json(v)}" for k, v in items)
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


class _NotPlain(Exception):
    """A value the C encoder would spell otherwise than `_json` (the slow path takes it)."""


_plain_dumps = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, check_circular=False
).encode
_EXACT = 2**53  # integral floats below it are exact ints, and repr spells them plainly


def _plain(value: Any) -> Any:
    """`value` with every number as the C encoder spells it canonically: integral floats
    and Decimals as ints, zeros as 0, other floats only where repr has no exponent (repr
    is then the shortest decimal, which is `_json_number`'s spelling)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                raise _NotPlain
            out[k] = _plain(v)
        return out
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if kind is int:
        return value
    if kind is float:
        if value == 0:
            return 0
        if value.is_integer():
            if -_EXACT < value < _EXACT:
                return int(value)
            raise _NotPlain
        if "e" in repr(value) or value != value or value in (math.inf, -math.inf):
            raise _NotPlain
        return value
    if kind is Decimal and value.is_finite() and value == value.to_integral_value():
        return int(value)
    raise _NotPlain


def json_text(value: Any) -> str:
    """How a JSON column is chained, and may be written as it is (the bulk path's COPY):
    the canonical JSON, which PostgreSQL parses to the value that hashes the same.

    The C encoder over `_plain` spells it as `_json` does, five times faster; values it
    would spell otherwise (non-text keys, exponents, fractional Decimals) take `_json`.
    """
    try:
        return _plain_dumps(_plain(value))
    except _NotPlain:
        return _json(value)


def _fmt(value: Any) -> str:
    """A hashed value in its canonical form: the same before it is stored and after it is
    read back (for values written before −0 and jsonb numbers were canonical, see
    `_fmt_v1`)."""
    kind = type(value)
    if kind is str:  # most chained fields: as they are
        return value
    if kind is int and -_EXACT < value < _EXACT:  # ids and seqs, exactly as _decimal has them
        return f"{value}.0000"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float | int):
        return f"{_decimal(value):.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json_text(value)
    return str(value)


def _fmt_v1(value: Any) -> str:
    """The first format, kept to verify entries written with it: −0 stayed "-0.0000" and
    JSON numbers were spelt as Python spelt them. It equals `_fmt` for every other value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float | int):
        return f"{Decimal(value):.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _sha(parts: list[str]) -> str:
    # surrogatepass: a lone surrogate is hashed, not a crash; PostgreSQL refuses to store it
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


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


def entry_hash(prev_hash: str, fields: Mapping[str, Any], fmt: Callable = _fmt) -> str:
    """sha256 over the previous hash and the entry's fields in a fixed order."""
    parts = [prev_hash] + [f"{name}={fmt(fields[name])}" for name in CHAINED_FIELDS]
    parts += [f"{n}={fields[n]}" for n, default in LATER_FIELDS.items() if fields[n] != default]
    return _sha(parts)


# The numbers the first format may have hashed as −0 while PostgreSQL stored 0.
ZERO_SIGNED_ENTRY_FIELDS = ("points", "raw_points")
ZERO_SIGNED_EVENT_FIELDS = ("quantity",)


def _v1_variants(fields: Mapping[str, Any], signed: tuple[str, ...]) -> Iterator[dict]:
    """The fields as the first format may have seen them: each stored zero as 0 or −0."""
    zeros = [n for n in signed if isinstance(fields.get(n), Decimal) and fields[n] == 0]
    for signs in product((Decimal("0.0000"), Decimal("-0.0000")), repeat=len(zeros)):
        yield {**fields, **dict(zip(zeros, signs, strict=True))}


def entry_hash_matches(prev_hash: str, fields: Mapping[str, Any], expected: str) -> bool:
    """Whether `expected` is the hash of these stored fields, in the current format or in
    the first one (entries written before it still verify; nothing else does)."""
    if entry_hash(prev_hash, fields) == expected:
        return True
    return any(
        entry_hash(prev_hash, variant, _fmt_v1) == expected
        for variant in _v1_variants(fields, ZERO_SIGNED_ENTRY_FIELDS)
    )


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


def event_digest(fields: Mapping[str, Any], fmt: Callable = _fmt) -> str:
    """sha256 over every column of an event that says what happened and how it was scored."""
    parts = [f"{name}={fmt(fields[name])}" for name in EVENT_FIELDS]
    parts += [
        f"{n}={fmt(fields[n])}" for n, default in EVENT_LATER_FIELDS.items() if fields[n] != default
    ]
    return _sha(parts)


def _event_fields(event: Any) -> dict[str, Any]:
    return {n: getattr(event, n) for n in (*EVENT_FIELDS, *EVENT_LATER_FIELDS)}


def digest_of(event: Any) -> str:
    """`event_digest` of an event row (or anything with its columns as attributes)."""
    return event_digest(_event_fields(event))


def digest_matches(event: Any, expected: str) -> bool:
    """Whether `expected` is the digest of this stored event, in either format."""
    fields = _event_fields(event)
    if event_digest(fields) == expected:
        return True
    return any(
        event_digest(variant, _fmt_v1) == expected
        for variant in _v1_variants(fields, ZERO_SIGNED_EVENT_FIELDS)
    )
