"""Compile a ruleset version into durable-rules and evaluate events through it.

durable-rules 2.0.28 is used as a stateless matcher behind this interface:
- one short-lived sid per evaluation, deleted afterwards (a ruleset holds at most 1,024
  live sids; each costs about 100 KB);
- ruleset names cannot be re-registered: the name is derived from version key and content
  hash, compiled lazily on first use and cached for the life of the process;
- `set_rulesets` mutates its input, so it receives a deep copy;
- actions resolve through `Host.get_action`, which only knows the actions compiled here;
- an exception in an action lands in the state, an unmatched event raises
  MessageNotHandledException, an action over 10 s is silently dropped: all three are checked
  after every post and become `EvaluationError`s;
- durable-rules timers are not used (whole seconds, `when_start` broken in v2): time lives in
  the caller's context (counters, period dates).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from durable.engine import Host, MessageNotHandledException

import rulesets.handlers  # noqa: F401  (registers the built-in handlers)
from rulesets.contracts import Effect, Evaluation, EvaluationContext, Event
from rulesets.errors import EvaluationError, RulesetInvalid, UnknownItem
from rulesets.handlers import base_points, durable_conditions
from rulesets.registry import Draft, EffectHandler, pipeline
from rulesets.validator import schema_problems, semantic_problems
from rulesets.versions import content_hash

VETO_CHECK = "__veto_check__"


class _WhitelistHost(Host):
    """A durable-rules host whose string actions resolve only to compiled rulesets' actions."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: dict[str, Callable[[Any], None]] = {}

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self.actions[action_name]
        except KeyError:
            raise EvaluationError(f"action {action_name!r} is not whitelisted") from None


_HOST: _WhitelistHost | None = None
_LOCK = threading.RLock()
_CACHE: dict[tuple[str, str], CompiledRuleset] = {}
_SLOTS: dict[str, Any] = {}  # sid -> (event, context) while one post runs, then -> result


def _host() -> _WhitelistHost:
    global _HOST
    if _HOST is None:
        _HOST = _WhitelistHost()
    return _HOST


def _flat(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Scalar attributes only: durable-rules matches on flat scalar fields."""
    return {
        prefix + k: v
        for k, v in values.items()
        if isinstance(v, str | int | float | bool) and v is not None
    }


@dataclass(frozen=True)
class _Rule:
    name: str
    item: Mapping[str, Any] | None
    variant: Mapping[str, Any] | None
    veto: Mapping[str, Any] | None
    handlers: tuple[EffectHandler, ...]


class CompiledRuleset:
    """One ruleset version registered in durable-rules; evaluation is a pure function."""

    def __init__(self, version_key: str, document: Mapping[str, Any]):
        problems = schema_problems(document) or semantic_problems(document)
        if problems:
            raise RulesetInvalid(problems)
        self.version_key = version_key
        self.document = copy.deepcopy(dict(document))
        self.content_hash = content_hash(self.document)
        slug = re.sub(r"[^A-Za-z0-9]+", "_", version_key)[:80]
        self.name = f"jf_{slug}_{self.content_hash[:16]}"
        self.ruleset = str(self.document["ruleset"])
        self.version = str(self.document.get("version", version_key.rsplit("/", 1)[-1]))
        self.items = {item["code"]: item for item in self.document.get("items", [])}
        self.rules: dict[str, _Rule] = {}
        self._vetoed_items: set[str] = set()
        self.definition = self._compile()

    def _add(
        self, rules: dict[str, Any], name: str, pri: int, conditions: list[Any], rule: _Rule
    ) -> None:
        match = conditions[0] if len(conditions) == 1 else {"$and": conditions}
        rules[name] = {"pri": pri, "all": [{"m": match}], "run": f"{self.name}:{name}"}
        self.rules[name] = rule

    def _compile(self) -> dict[str, Any]:
        rules: dict[str, Any] = {}
        for n, (code, item) in enumerate(self.items.items()):
            handlers = tuple(pipeline(self.document, item))
            base = [{"item": code}]
            self._add(rules, f"i{n}", 100, base, _Rule(f"item {code}", item, None, None, handlers))
            for j, variant in enumerate(item.get("variants", [])):
                label = variant.get("code", f"variant {j + 1}")
                self._add(
                    rules,
                    f"i{n}v{j}",
                    50 + j,
                    base + durable_conditions(variant["when"]),
                    _Rule(f"item {code} ({label})", item, variant, None, handlers),
                )
        check = [{"kind": VETO_CHECK}]
        for k, veto in enumerate(self.document.get("vetoes", [])):
            conditions = [*check, {"$gte": {"c_" + veto["counter"]: veto["at_least"]}}]
            if veto.get("items"):
                conditions.append({"$or": [{"trigger": code} for code in veto["items"]]})
                self._vetoed_items.update(veto["items"])
            else:
                self._vetoed_items.update(self.items)
            self._add(
                rules,
                f"x{k}",
                10 + k,
                conditions,
                _Rule(f"veto {veto['code']}", None, None, veto, ()),
            )
        self._add(rules, "xnone", 1000, check, _Rule("no veto", None, None, None, ()))
        return {self.name: rules}

    def register(self) -> None:
        host = _host()
        for name, rule in self.rules.items():
            host.actions[f"{self.name}:{name}"] = self._action(rule)
        host.set_rulesets(copy.deepcopy(self.definition))  # set_rulesets mutates its input

    def _action(self, rule: _Rule) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            event, context = _SLOTS[c.m.sid]
            _SLOTS[c.m.sid] = (rule, self._effects(rule, event, context))

        return run

    def _effects(self, rule: _Rule, event: Event, context: EvaluationContext) -> tuple[Effect, ...]:
        if rule.veto is not None:
            veto = rule.veto
            return (
                Effect(
                    bucket="",
                    points=0.0,
                    raw_points=0.0,
                    item=event.item,
                    rule=rule.name,
                    veto=veto["effect"],
                    note=f"{veto.get('title', veto['code'])}: "
                    f"{veto['counter']} ≥ {veto['at_least']:g}",
                ),
            )
        if rule.item is None:
            return ()
        item = rule.item
        variant = rule.variant or {}
        points = base_points(item, event)
        if "points" in variant:
            points = float(variant["points"]) * (
                event.quantity if item.get("per_quantity", True) else 1
            )
        points *= float(variant.get("factor", 1))
        draft = Draft(
            item=item, rule=rule.name, bucket=variant.get("bucket", item["bucket"]), points=points
        )
        for handler in rule.handlers:
            handler.apply(draft, self.document, event, context)
        return (
            Effect(
                bucket=draft.bucket,
                points=round(draft.points, 6),
                raw_points=round(draft.raw_points, 6),
                item=event.item,
                rule=rule.name,
                capped_from=draft.capped_from,
                group=draft.group,
                veto=draft.veto,
                escalation=draft.escalation,
                note="; ".join(draft.notes),
            ),
        )

    def _post(
        self, message: dict[str, Any], event: Event, context: EvaluationContext
    ) -> tuple[_Rule, tuple[Effect, ...]]:
        sid = uuid.uuid4().hex
        message["sid"] = sid
        host = _host()
        _SLOTS[sid] = (event, context)
        try:
            with _LOCK:
                try:
                    state = host.post(self.name, message)
                except MessageNotHandledException:
                    raise UnknownItem(
                        f"item {event.item!r} is not in ruleset {self.ruleset} version "
                        f"{self.version}"
                    ) from None
                finally:
                    with contextlib.suppress(Exception):  # the sid may never have been created
                        host.delete_state(self.name, sid)
            if isinstance(state, dict) and state.get("exception"):
                raise EvaluationError(
                    f"rule failed for event {event.id!r}: {_first_line(state['exception'])}"
                )
            result = _SLOTS.get(sid)
            if not (isinstance(result, tuple) and isinstance(result[0], _Rule)):
                raise EvaluationError(
                    f"no action completed for event {event.id!r} (durable-rules drops "
                    "actions that run over 10 s)"
                )
            return result
        finally:
            _SLOTS.pop(sid, None)

    def evaluate(self, event: Event, context: EvaluationContext) -> Evaluation:
        """Effects of one event. Pure: same (version, event, context) -> same Evaluation."""
        if event.item not in self.items:
            raise UnknownItem(
                f"item {event.item!r} is not in ruleset {self.ruleset} version {self.version}"
            )
        item = self.items[event.item]
        if item.get("categories") and context.subject_category not in item["categories"]:
            raise EvaluationError(
                f"item {event.item!r} does not apply to category {context.subject_category!r}"
            )
        message = {
            "item": event.item,
            "s__category": context.subject_category,
            **_flat("s_", context.subject_attributes),
            **_flat("e_", event.attributes),
            **_flat("c_", context.counters),
        }
        rule, effects = self._post(message, event, context)
        fired = [rule.name]
        if event.item in self._vetoed_items:
            check = {"kind": VETO_CHECK, "trigger": event.item, **_flat("c_", context.counters)}
            veto_rule, veto_effects = self._post(check, event, context)
            if veto_effects:
                fired.append(veto_rule.name)
                effects = effects + veto_effects
        explanation = (
            f"{', '.join(fired)} of ruleset {self.ruleset} version {self.version} "
            f"({self.content_hash[:12]})"
        )
        notes = [e.note for e in effects if e.note]
        if notes:
            explanation += ": " + "; ".join(notes)
        return Evaluation(
            event_id=event.id,
            ruleset=self.ruleset,
            version=self.version,
            rule=fired[0],
            effects=effects,
            explanation=explanation,
        )


def _first_line(text: str) -> str:
    return str(text).split(", traceback")[0]


def compiled(version_key: str, document: Mapping[str, Any]) -> CompiledRuleset:
    """The compiled ruleset for a version, compiled and registered on first use per process."""
    key = (version_key, content_hash(document))
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            found = CompiledRuleset(version_key, document)
            found.register()
            _CACHE[key] = found
        return found


def cache_size() -> int:
    return len(_CACHE)


def stable_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]
