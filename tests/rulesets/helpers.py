"""Helpers for the rulesets tests: build subjects and events, run a period."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the repo may not be pip-installed yet
    sys.path.insert(0, str(ROOT))

from rulesets.contracts import Event, Subject, frozen_map  # noqa: E402
from rulesets.document import TEMPLATES, load_ruleset  # noqa: E402
from rulesets.engine import CompiledRuleset, compiled  # noqa: E402
from rulesets.periods import period_containing  # noqa: E402
from rulesets.simulate import run  # noqa: E402
from rulesets.versions import VersionKey  # noqa: E402


def template(name: str) -> dict[str, Any]:
    return load_ruleset(TEMPLATES / f"{name}.yaml")


def subject(id: str, category: str = "member", **kw: Any) -> Subject:
    attrs = kw.pop("attributes", {})
    return Subject(id=id, category=category, attributes=frozen_map(attrs), **kw)


_counter = iter(range(10**9))


def event(
    subject: str, item: str, on: str, key: str = "", quantity: float = 1, **attributes: Any
) -> Event:
    n = next(_counter)
    return Event(
        id=f"ev{n:06d}",
        subject=subject,
        item=item,
        occurred_on=date.fromisoformat(on),
        attributes=frozen_map(attributes),
        idempotency_key=key,
        quantity=quantity,
    )


def simulate(
    document: dict[str, Any],
    subjects: list[Subject],
    events: list[Event],
    start: str = "2024-01-01",
    order: str = "date",
    decisions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    period = period_containing(document, date.fromisoformat(start))
    results = run(document, subjects, events, period, order=order, decisions=decisions)
    return {r.id: r for r in results}


def engine(document: dict[str, Any], version: str = "draft", tenant: str = "t1") -> CompiledRuleset:
    """The compiled `document` as version `version` of tenant `tenant`'s ruleset."""
    key = VersionKey.of(tenant, str(document["ruleset"]), version, document)
    return compiled(key, document)
