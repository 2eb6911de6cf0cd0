"""Registries of condition and effect handlers (the shape of Sentry's workflow_engine).

A ruleset stores conditions and effects as data; a handler class registered by type turns
each condition test into a durable-rules condition (durable-rules alone decides it) and
each effect into one step of the Python effect pipeline that runs on what it matched. New
kinds plug in with the `register_condition` / `register_effect` decorators without touching
the compiler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from rulesets.contracts import EvaluationContext, Event


class ConditionHandler(Protocol):
    """One kind of `when:` test: its durable-rules form, its wording, its checks.

    There is deliberately no Python predicate: a condition has one evaluation path.
    """

    reads: ClassVar[str]  # "token" (typed equality) or "number" (fixed-point comparison)

    def durable(self, field: str, value: Any) -> dict[str, Any]: ...

    def describe(self, key: str, value: Any) -> str: ...

    def problems(self, value: Any) -> list[str]: ...


CONDITIONS: dict[str, ConditionHandler] = {}


def register_condition(kind: str) -> Callable[[type], type]:
    def wrap(cls: type) -> type:
        CONDITIONS[kind] = cls()
        return cls

    return wrap


@dataclass
class Draft:
    """The effect being built for one event, handed from one effect handler to the next."""

    item: Mapping[str, Any]
    rule: str
    bucket: str
    points: float
    raw_points: float = 0.0
    capped_from: float | None = None
    group: str | None = None
    veto: str | None = None
    escalation: str | None = None
    notes: list[str] = field(default_factory=list)
    # The engine's verdicts on the document's event-time conditions, by path.
    holds: Mapping[str, bool] = field(default_factory=dict)


class EffectHandler(Protocol):
    """One step of the effect pipeline; mutates the draft, never the context."""

    stage: ClassVar[int]

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool: ...

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None: ...


EFFECTS: dict[str, EffectHandler] = {}


def register_effect(kind: str) -> Callable[[type], type]:
    def wrap(cls: type) -> type:
        EFFECTS[kind] = cls()
        return cls

    return wrap


def pipeline(document: Mapping[str, Any], item: Mapping[str, Any]) -> list[EffectHandler]:
    """The effect handlers that apply to `item`, in stage order (fixed at compile time)."""
    handlers = [h for h in EFFECTS.values() if h.applies(document, item)]
    return sorted(handlers, key=lambda h: h.stage)
