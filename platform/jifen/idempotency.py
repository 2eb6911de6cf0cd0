"""Idempotency keys, one meaning everywhere.

A request that creates something carries a key naming the real-world fact. The same key
with the same content returns the earlier result (a retry after a timeout is harmless);
the same key with different content is a `Conflict` (two facts cannot share a key). Rows
keep the digest of what created them in `payload_hash`; a unique index on `key` decides
between concurrent requests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen.errors import Conflict

T = TypeVar("T", bound=models.Model)

# The `what` of the callers, in words (a caller may also pass its own `gettext_lazy` noun).
WHAT = {
    "declaration": gettext_lazy("declaration"),
    "event": gettext_lazy("event"),
    "redemption": gettext_lazy("redemption"),
}


def digest(content: Mapping[str, Any]) -> str:
    """The digest of a request's content (key order does not matter)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def conflict(*, key: str, what: str, row: Any) -> Conflict:
    """The refusal of `key` reused for something else than `row`, what it named first."""
    return Conflict(
        _(
            "key %(key)s was already used for a different %(what)s (%(row)s); "
            "use a new key for a new fact."
        )
        % {"key": repr(key), "what": WHAT.get(what, what), "row": row},
        field="key",
    )


def earlier(model: type[T], *, key: str, payload_hash: str, what: str) -> T | None:
    """The row an earlier request with `key` created, or None; `Conflict` if that request
    said something else."""
    row = model.objects.filter(key=key).first()
    if row is None:
        return None
    if row.payload_hash != payload_hash:
        raise conflict(key=key, what=what, row=row)
    return row


def create_once(
    model: type[T], *, key: str, payload_hash: str, what: str, create: Callable[[], T]
) -> tuple[T, bool]:
    """(row, created): the earlier row for `key`, or the one `create()` makes now."""
    found = earlier(model, key=key, payload_hash=payload_hash, what=what)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        # a concurrent request with the same key committed first
        found = earlier(model, key=key, payload_hash=payload_hash, what=what)
        if found is None:
            raise
        return found, False
