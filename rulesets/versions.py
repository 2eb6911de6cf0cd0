"""Pure helpers for versioned rulesets: content hash and the version in force on a date.

A draft is editable; a published version is immutable and applies from `effective_from`.
History is never rewritten: a new version only changes what applies from its date on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


def content_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a document (key order and spacing do not matter)."""
    canonical = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PublishedVersion:
    """One immutable version as the platform stores it."""

    ruleset: str
    version: str
    effective_from: date
    document: Mapping[str, Any]


def version_in_force(versions: Iterable[PublishedVersion], on: date) -> PublishedVersion | None:
    """The version with the latest `effective_from` on or before `on` (ties: last published)."""
    best: PublishedVersion | None = None
    for candidate in versions:
        if candidate.effective_from <= on and (
            best is None or candidate.effective_from >= best.effective_from
        ):
            best = candidate
    return best


@dataclass(frozen=True)
class VersionKey:
    """Which version of which tenant's ruleset, with the hash of its effective document.

    The engine names `version` in explanations; the content hash keys the compiled rules
    (two versions with the same merged document share them). `str(key)` is how ledger rows
    record it; nothing ever splits that string back into parts.
    """

    tenant: str
    ruleset: str
    version: str
    content_hash: str

    def __str__(self) -> str:
        return f"{self.tenant}/{self.ruleset}/{self.version}/{self.content_hash[:12]}"

    @classmethod
    def of(cls, tenant: str, ruleset: str, version: str, document: Mapping[str, Any]) -> VersionKey:
        """The key of `document`, hashing it once (callers keep the key, not the hash)."""
        return cls(tenant, ruleset, version, content_hash(document))
