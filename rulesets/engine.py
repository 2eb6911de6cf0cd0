"""Compile a ruleset version into durable-rules and evaluate events through it.

durable-rules 2.0.28 is used as a stateless matcher behind this interface:
- one short-lived sid per `evaluate` call or per batch of `evaluate_many`, deleted
  afterwards (a ruleset holds at most 1,024 live sids; each costs about 100 KB); every
  message carries an `id` that maps it back to its (event, context), and every rule has
  `cap`, so one action call receives all of a batch's messages that the rule matched (the
  per-action cost of the Python binding is paid once per rule and batch, not per event);
- ruleset names cannot be re-registered: the name is derived from version key and content
  hash, compiled lazily on first use and cached for the life of the process;
- `set_rulesets` mutates its input, so it receives a deep copy;
- actions resolve through `Host.get_action`, which only knows the actions compiled here;
- an exception in an action lands in the state, an unmatched event raises
  MessageNotHandledException, an action over 10 s is silently dropped: all three are checked
  after every post and become `EvaluationError`s;
- durable-rules timers are not used (whole seconds, `when_start` broken in v2): time lives in
  the caller's context (counters, period dates); so the host starts no polling threads.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import itertools
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
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

    def _run(self) -> None:
        """Start no background dispatch threads.

        durable-rules' Host polls every ruleset from `threading.Timer` threads (one new
        thread per ruleset per round) to fire timers and retry abandoned actions. We use no
        timers and run every action synchronously inside `post_batch`, then delete the sid,
        so the polling only costs CPU and GIL time, more with every loaded version.
        """

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self.actions[action_name]
        except KeyError:
            raise EvaluationError(f"action {action_name!r} is not whitelisted") from None


_HOST: _WhitelistHost | None = None
_LOCK = threading.RLock()
_CACHE: dict[tuple[str, str], CompiledRuleset] = {}
_SLOTS: dict[str, _Batch] = {}  # sid -> the batch being evaluated in that sid
_SIDS = itertools.count()  # sids only need to be unique per process (uuid4 cost 10 µs each)
BATCH_SIZE = 500  # messages' pairs per sid: bounds the memory one durable-rules state holds


@dataclass
class _Batch:
    """(event, context) per message id while one post runs, and what each action produced."""

    jobs: dict[str, tuple[Event, EvaluationContext]] = field(default_factory=dict)
    results: dict[str, tuple[_Rule, tuple[Effect, ...]]] = field(default_factory=dict)
    errors: dict[str, Exception] = field(default_factory=dict)


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
        rules[name] = {
            "pri": pri,
            "cap": BATCH_SIZE,
            "all": [{"m": match}],
            "run": f"{self.name}:{name}",
        }
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
            # `cap` rules get every matching message of the sid at once: a list of Content
            for content in c.m:
                message = content._d  # the raw dict: Content.__getattr__ wraps every field
                batch = _SLOTS[message["sid"]]
                event, context = batch.jobs[message["id"]]
                try:
                    batch.results[message["id"]] = (rule, self._effects(rule, event, context))
                except Exception as exc:  # kept per message: a batch names the failing event
                    batch.errors[message["id"]] = exc

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

    def _message(self, event: Event, context: EvaluationContext) -> dict[str, Any]:
        return {
            "item": event.item,
            "s__category": context.subject_category,
            **_flat("s_", context.subject_attributes),
            **_flat("e_", event.attributes),
            **_flat("c_", context.counters),
        }

    def _check(self, event: Event, context: EvaluationContext) -> None:
        if event.item not in self.items:
            raise UnknownItem(
                f"item {event.item!r} is not in ruleset {self.ruleset} version {self.version}"
            )
        categories = self.items[event.item].get("categories")
        if categories and context.subject_category not in categories:
            raise EvaluationError(
                f"item {event.item!r} does not apply to category {context.subject_category!r}"
            )

    def _post_batch(
        self, pairs: Sequence[tuple[Event, EvaluationContext]]
    ) -> list[tuple[tuple[_Rule, tuple[Effect, ...]], tuple[_Rule, tuple[Effect, ...]] | None]]:
        """Post every pair's item message (and veto check) into one short-lived sid.

        Each message carries its own `id`; the action finds its (event, context) by that id,
        so the order in which durable-rules runs the actions does not matter. Afterwards the
        three silent failure modes are checked: an exception stored in the state (or caught
        in our action), an unmatched message, a message whose action never completed.
        """
        sid = f"s{next(_SIDS)}"
        batch = _Batch()
        messages: list[dict[str, Any]] = []
        for n, (event, context) in enumerate(pairs):
            message = self._message(event, context)
            message["sid"] = sid
            message["id"] = f"{n}"
            batch.jobs[message["id"]] = (event, context)
            messages.append(message)
            if event.item in self._vetoed_items:
                check = {"kind": VETO_CHECK, "trigger": event.item}
                check.update(_flat("c_", context.counters))
                check["sid"] = sid
                check["id"] = f"{n}x"
                batch.jobs[check["id"]] = (event, context)
                messages.append(check)
        host = _host()
        _SLOTS[sid] = batch
        try:
            with _LOCK:
                try:
                    state = host.post_batch(self.name, messages)
                except MessageNotHandledException:
                    unknown = next(
                        (e.item for e, _ in pairs if e.item not in self.items), pairs[0][0].item
                    )
                    raise UnknownItem(
                        f"item {unknown!r} is not in ruleset {self.ruleset} version {self.version}"
                    ) from None
                finally:
                    with contextlib.suppress(Exception):  # the sid may never have been created
                        host.delete_state(self.name, sid)
            out = []
            for n, (event, _) in enumerate(pairs):
                for key in (f"{n}", f"{n}x"):
                    if key in batch.errors:
                        raise EvaluationError(
                            f"rule failed for event {event.id!r}: {batch.errors[key]}"
                        )
                if isinstance(state, dict) and state.get("exception"):
                    raise EvaluationError(
                        f"rule failed for event {event.id!r}: {_first_line(state['exception'])}"
                    )
                main = batch.results.get(f"{n}")
                veto = batch.results.get(f"{n}x")
                if main is None or (event.item in self._vetoed_items and veto is None):
                    raise EvaluationError(
                        f"no action completed for event {event.id!r} (durable-rules drops "
                        "actions that run over 10 s)"
                    )
                out.append((main, veto))
            return out
        finally:
            _SLOTS.pop(sid, None)

    def _evaluation(
        self,
        event: Event,
        main: tuple[_Rule, tuple[Effect, ...]],
        veto: tuple[_Rule, tuple[Effect, ...]] | None,
    ) -> Evaluation:
        rule, effects = main
        fired = [rule.name]
        if veto is not None and veto[1]:
            fired.append(veto[0].name)
            effects = effects + veto[1]
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

    def evaluate(self, event: Event, context: EvaluationContext) -> Evaluation:
        """Effects of one event. Pure: same (version, event, context) -> same Evaluation."""
        self._check(event, context)
        ((main, veto),) = self._post_batch(((event, context),))
        return self._evaluation(event, main, veto)

    def evaluate_many(
        self, pairs: Sequence[tuple[Event, EvaluationContext]], *, batch_size: int = BATCH_SIZE
    ) -> list[Evaluation]:
        """`[evaluate(e, c) for e, c in pairs]`, with one durable-rules post per batch.

        Same results as one call per pair (each context must already count the events
        before it: the engine keeps no state between pairs either). Raises the error of the
        first failing pair, in input order; nothing is returned for the others, so a caller
        that needs to isolate a bad event evaluates that batch one pair at a time.
        """
        for event, context in pairs:
            self._check(event, context)
        out: list[Evaluation] = []
        for start in range(0, len(pairs), batch_size):
            chunk = pairs[start : start + batch_size]
            for (event, _), (main, veto) in zip(chunk, self._post_batch(chunk), strict=True):
                out.append(self._evaluation(event, main, veto))
        return out


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
