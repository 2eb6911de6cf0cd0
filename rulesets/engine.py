"""Compile a ruleset version into durable-rules and evaluate events through it.

durable-rules 2.0.28 is the matcher; everything around it is our boundary:

- Matching only. Each item, variant, veto and `when:` condition is one durable-rules rule;
  its action records which rule matched a message, nothing more. The effect pipeline runs
  afterwards in plain Python on what matched, so an effect's failure is an error for that
  one event and never lives inside durable-rules' state.
- Every message is safe for its native code (measured in rulesets/README.md): it carries
  only the fields the rules read, as typed tokens and fixed-point integers (see
  `conditions.py`), so no float in exponent form, no oversized string and never more than
  250 fields reach it. Event attributes are checked against the item first
  (`attributes.py`).
- Every message matches some rule: unknown items, items outside the subject's category and
  conditions that do not hold all have catch-all rules. durable-rules raises
  `MessageNotHandledException` before running any action, and deleting such a never-used
  state crashes the process, so an unmatched message must not happen; if it does anyway,
  the state is left alone and the event fails.
- One short-lived sid per `evaluate` call or per batch of `evaluate_many`, deleted
  afterwards (a ruleset holds at most 1,024 live sids; each costs about 100 KB); every
  message carries an `id` that maps it back to its (event, context); every rule has `cap`,
  so one action call receives all of a batch's messages that the rule matched.
- Ruleset names cannot be re-registered: a compiled document is keyed by its content hash,
  compiled lazily on first use and cached for the life of the process; versions with the
  same merged document share it. Its durable-rules ruleset is named by the hash of the
  matching rules (`jf_<hash>`), registered on first evaluation and shared by every version
  whose rules match alike (they differ in points or titles only). Equal document parts are
  one shared, read-only object (`intern_tree`).
- `set_rulesets` mutates its input, so it receives the definition, which is dropped
  afterwards; actions resolve through `Host.get_action`, which only knows the actions
  compiled here.
- durable-rules timers are not used (whole seconds, `when_start` broken in v2): time lives
  in the caller's context (counters, period dates); the host starts no polling threads.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from durable.engine import Host, MessageNotHandledException

import rulesets.handlers  # noqa: F401  (registers the built-in effect handlers)
from rulesets.attributes import check_attributes
from rulesets.conditions import (
    Condition,
    conditions_of,
    decided_at_close,
    fixed,
    message_fields,
    token,
)
from rulesets.contracts import Effect, Evaluation, EvaluationContext, Event, Subject
from rulesets.errors import EvaluationError, ItemNotForCategory, RulesetInvalid, UnknownItem
from rulesets.handlers import base_points
from rulesets.i18n import _
from rulesets.registry import Draft, EffectHandler, pipeline
from rulesets.validator import schema_problems, semantic_problems
from rulesets.versions import VersionKey, content_hash

MAX_FIELDS = 250  # durable-rules crashes on a message of more than 254 properties
BATCH_SIZE = 500  # messages' pairs per sid: bounds the memory one durable-rules state holds


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
_CORES: dict[str, _Core] = {}  # content hash -> compiled document
_REGISTERED: set[str] = set()  # names of the durable-rules rulesets registered in this process
_PARTS: dict[Any, tuple[Any, Any]] = {}  # key of a document part -> (the shared part, its key)
_BOUND: dict[VersionKey, CompiledRuleset] = {}
_SLOTS: dict[str, dict[str, str]] = {}  # sid -> message id -> name of the rule that matched
_SIDS = itertools.count()  # sids only need to be unique per process (uuid4 cost 10 µs each)


def _host() -> _WhitelistHost:
    global _HOST
    if _HOST is None:
        _HOST = _WhitelistHost()
    return _HOST


@dataclass(frozen=True)
class _Rule:
    """What a rule means once durable-rules says it matched."""

    kind: str  # item | variant | wrong_category | unknown | veto | no_veto | holds | fails
    item: Mapping[str, Any] | None = None
    variant: Mapping[str, Any] | None = None
    condition: Condition | None = None
    veto: Mapping[str, Any] | None = None
    handlers: tuple[EffectHandler, ...] = ()
    label: str = ""

    @property
    def name(self) -> str:
        if self.kind == "variant":
            return f"item {self.item['code']} (variant {self.label}: {self.condition.describe()})"
        if self.kind == "veto":
            return f"veto {self.veto['code']}"
        return f"item {self.item['code']}" if self.item else self.kind


class _Core:
    """One effective document compiled into durable-rules rules (shared by content hash)."""

    def __init__(self, document: Mapping[str, Any], digest: str):
        problems = schema_problems(document) or semantic_problems(document)
        if problems:
            raise RulesetInvalid(problems)
        # identical parts (items, formulas, buckets …) are one shared object per content
        self.document = intern_tree(copy.deepcopy(dict(document)))
        self.content_hash = digest
        self.items = {item["code"]: item for item in self.document.get("items", [])}
        self.conditions = conditions_of(self.document)
        self.rules: dict[str, _Rule] = {}
        self.vetoed_items: set[str] = set()
        self.item_fields: dict[str, set[tuple[str, str]]] = {}
        self.veto_counters: set[str] = set()
        # event-time conditions checked by their own messages (role multipliers)
        self.event_checks = {
            p: c for p, c in self.conditions.items() if p.startswith("$.combination")
        }
        self.close_checks = {p: c for p, c in self.conditions.items() if decided_at_close(p)}
        self.item_categories = self._categories()
        self.check_ids = {p: f"c{n}" for n, p in enumerate(self.conditions)}
        rules = self._compile()
        # The matching rules name item codes, categories, conditions and veto thresholds,
        # never points, titles or formulas: versions that differ only in those (most edits)
        # share one durable-rules ruleset, keyed by the hash of the rules themselves.
        self.name = f"jf_{content_hash(rules)[:24]}"
        for name, rule in rules.items():
            rule["run"] = f"{self.name}:{name}"
        self.definition = {self.name: rules}

    @property
    def registered(self) -> bool:
        return self.name in _REGISTERED

    def _add(self, rules: dict[str, Any], name: str, pri: int, match: list[Any], rule: _Rule):
        rules[name] = {
            "pri": pri,  # a lower number wins
            "cap": BATCH_SIZE,
            "all": [{"m": match[0] if len(match) == 1 else {"$and": match}}],
        }
        self.rules[name] = rule

    def _categories(self) -> dict[str, list[str]]:
        """Item code -> the categories it applies to (absent: every category). An item
        lists them (`items[].categories`), or a category lists its items (`subject.
        categories[].items`); an item named only by other categories is not this one's."""
        out: dict[str, list[str]] = {}
        for category in (self.document.get("subject") or {}).get("categories", []):
            for code in category.get("items", []):
                out.setdefault(code, []).append(category["code"])
        for code, item in self.items.items():
            if item.get("categories"):
                out[code] = sorted({*out.get(code, []), *item["categories"]})
        return out

    def _compile(self) -> dict[str, Any]:
        rules: dict[str, Any] = {}
        allowed = self.item_categories
        for n, (code, item) in enumerate(self.items.items()):
            handlers = tuple(pipeline(self.document, item))
            base: list[Any] = [{"t": "item"}, {"item": token(code)}]
            fields: set[tuple[str, str]] = set()
            categories = allowed.get(code)
            if categories:
                fields.add(("category", "token"))
                options = [{"v_category": token(c)} for c in categories]
                applies = [*base, options[0] if len(options) == 1 else {"$or": options}]
                self._add(rules, f"i{n}w", 200, base, _Rule("wrong_category", item))
            else:
                applies = base
            self._add(rules, f"i{n}", 100, applies, _Rule("item", item, handlers=handlers))
            for j, variant in enumerate(item.get("variants", [])):
                condition = self.conditions[f"$.items[{n}].variants[{j}].when"]
                fields |= condition.fields()
                self._add(
                    rules,
                    f"i{n}v{j}",
                    50 + j,
                    applies + condition.durable(),
                    _Rule(
                        "variant",
                        item,
                        variant,
                        condition,
                        handlers=handlers,
                        label=str(variant.get("code") or j + 1),
                    ),
                )
            self.item_fields[code] = fields
        self._add(rules, "iunknown", 60000, [{"t": "item"}], _Rule("unknown"))
        for k, veto in enumerate(self.document.get("vetoes", [])):
            self.veto_counters.add(veto["counter"])
            match = [{"t": "veto"}, {"$gte": {f"n_c_{veto['counter']}": fixed(veto["at_least"])}}]
            if veto.get("items"):
                triggers = [{"trigger": token(code)} for code in veto["items"]]
                match.append(triggers[0] if len(triggers) == 1 else {"$or": triggers})
                self.vetoed_items.update(veto["items"])
            else:
                self.vetoed_items.update(self.items)
            self._add(rules, f"x{k}", 10 + k, match, _Rule("veto", veto=veto))
        self._add(rules, "xnone", 1000, [{"t": "veto"}], _Rule("no_veto"))
        for path, condition in self.conditions.items():
            if path.startswith("$.items"):
                continue  # variants are matched on the item message itself
            cid = self.check_ids[path]
            match = [{"t": "cond"}, {"cond": cid}, *condition.durable()]
            self._add(rules, cid, 10, match, _Rule("holds", condition=condition))
        self._add(rules, "cnone", 1000, [{"t": "cond"}], _Rule("fails"))
        return rules

    def register(self) -> None:
        """Register the matching rules with durable-rules on first use (once per process
        for every version that shares them); the definition is not kept afterwards."""
        with _LOCK:
            if self.name not in _REGISTERED:
                host = _host()
                for name in self.rules:
                    host.actions[f"{self.name}:{name}"] = _action(name)
                host.set_rulesets(self.definition)  # set_rulesets mutates its input
                _REGISTERED.add(self.name)
            self.definition = None

    # --- messages ------------------------------------------------------------------------

    def _fields(
        self, fields: set[tuple[str, str]], event: Event | None, context: EvaluationContext
    ) -> dict[str, Any]:
        return message_fields(
            sorted(fields),
            category=context.subject_category,
            subject=context.subject_attributes,
            event=event.attributes if event else {},
            counters=context.counters,
        )

    def _event_messages(
        self, n: int, event: Event, context: EvaluationContext
    ) -> list[dict[str, Any]]:
        item = self.items.get(event.item)
        if item is not None:
            check_attributes(self.document, item, event.attributes, event.quantity)
        out = [
            {
                "t": "item",
                "id": f"{n}",
                "item": token(event.item),
                **self._fields(self.item_fields.get(event.item, set()), event, context),
            }
        ]
        if event.item in self.vetoed_items:
            counters = {(f"context.{c}", "number") for c in self.veto_counters}
            out.append(
                {
                    "t": "veto",
                    "id": f"{n}x",
                    "trigger": token(event.item),
                    **self._fields(counters, event, context),
                }
            )
        for path, condition in self.event_checks.items():
            cid = self.check_ids[path]
            out.append(
                {
                    "t": "cond",
                    "id": f"{n}{cid}",
                    "cond": cid,
                    **self._fields(condition.fields(), event, context),
                }
            )
        return out

    def _post(self, messages: list[dict[str, Any]]) -> dict[str, str]:
        """Post messages into one short-lived sid; return message id -> matched rule name."""
        if not messages:
            return {}  # an empty batch crashes durable-rules
        self.register()
        sid = f"s{next(_SIDS)}"
        for message in messages:
            if len(message) + 1 > MAX_FIELDS:
                raise EvaluationError(
                    _(
                        "a message for durable-rules would carry %(count)s fields (at most "
                        "%(limit)s); the ruleset's conditions read too many values"
                    )
                    % {"count": len(message), "limit": MAX_FIELDS}
                )
            message["sid"] = sid
        matched: dict[str, str] = {}
        host = _host()
        with _LOCK:
            _SLOTS[sid] = matched
            try:
                try:
                    state = host.post_batch(self.name, messages)
                except MessageNotHandledException:
                    # Raised before any action ran: deleting that state would crash.
                    raise EvaluationError(
                        _("durable-rules matched no rule for a message; nothing was booked")
                    ) from None
                except Exception as exc:  # the native engine refused the batch
                    host.delete_state(self.name, sid)
                    raise EvaluationError(
                        _("the rules engine refused the event: %(problem)s") % {"problem": exc}
                    ) from None
                host.delete_state(self.name, sid)
            finally:
                _SLOTS.pop(sid, None)
        if isinstance(state, dict) and state.get("exception"):
            raise EvaluationError(
                _("a rule action failed: %(problem)s") % {"problem": str(state["exception"])[:200]}
            )
        return matched

    # --- results ---------------------------------------------------------------------------

    def _rule(self, matched: Mapping[str, str], message_id: str, event: Event) -> _Rule:
        name = matched.get(message_id)
        if name is None:
            raise EvaluationError(
                _(
                    "no rule completed for event %(id)s (durable-rules drops actions that run "
                    "over 10 s, and messages after one it cannot read)"
                )
                % {"id": repr(event.id)}
            )
        return self.rules[name]

    def match(
        self, pairs: Sequence[tuple[Event, EvaluationContext]], key: VersionKey
    ) -> list[tuple[_Rule, _Rule | None, dict[str, bool]] | EvaluationError]:
        """For each pair: the item rule, the veto rule and the event-time verdicts, or the
        error of that one pair (bad attributes, a value no condition can compare)."""
        messages: list[dict[str, Any]] = []
        failed: dict[int, EvaluationError] = {}
        for n, (event, context) in enumerate(pairs):
            try:
                messages.extend(self._event_messages(n, event, context))
            except EvaluationError as exc:
                failed[n] = exc
        matched = self._post(messages)
        out: list[tuple[_Rule, _Rule | None, dict[str, bool]] | EvaluationError] = []
        for n, (event, _context) in enumerate(pairs):
            if n in failed:
                out.append(failed[n])
                continue
            try:
                rule = self._rule(matched, f"{n}", event)
                if rule.kind == "unknown":
                    raise UnknownItem(
                        _("item %(item)s is not in ruleset %(ruleset)s version %(version)s")
                        % {"item": repr(event.item), "ruleset": key.ruleset, "version": key.version}
                    )
                if rule.kind == "wrong_category":
                    raise ItemNotForCategory(
                        _(
                            "item %(item)s does not apply to category %(category)s; it is for "
                            "%(categories)s"
                        )
                        % {
                            "item": repr(event.item),
                            "category": repr(pairs[n][1].subject_category),
                            "categories": ", ".join(self.item_categories.get(event.item, [])),
                        }
                    )
                veto = (
                    self._rule(matched, f"{n}x", event) if event.item in self.vetoed_items else None
                )
                holds = {
                    path: self._rule(matched, f"{n}{self.check_ids[path]}", event).kind == "holds"
                    for path in self.event_checks
                }
                out.append((rule, veto, holds))
            except EvaluationError as exc:
                out.append(exc)
        return out

    def holds_at_close(self, subjects: Sequence[Subject]) -> dict[str, frozenset[str]]:
        """Subject id -> paths of the close-time conditions that hold for it."""
        if not self.close_checks:
            return {s.id: frozenset() for s in subjects}
        out: dict[str, set[str]] = {s.id: set() for s in subjects}
        per_batch = max(1, BATCH_SIZE // len(self.close_checks))
        for start in range(0, len(subjects), per_batch):
            chunk = subjects[start : start + per_batch]
            messages = []
            for n, subject in enumerate(chunk):
                context = EvaluationContext(
                    period_start=None,  # type: ignore[arg-type]
                    period_end=None,  # type: ignore[arg-type]
                    subject_category=subject.category,
                    subject_attributes=subject.attributes,
                )
                for path, condition in self.close_checks.items():
                    cid = self.check_ids[path]
                    messages.append(
                        {
                            "t": "cond",
                            "id": f"{n}{cid}",
                            "cond": cid,
                            **self._fields(condition.fields(), None, context),
                        }
                    )
            matched = self._post(messages)
            for n, subject in enumerate(chunk):
                for path in self.close_checks:
                    name = matched.get(f"{n}{self.check_ids[path]}")
                    if name is None:
                        raise EvaluationError(
                            _("no rule completed for subject %(id)s at period close")
                            % {"id": repr(subject.id)}
                        )
                    if self.rules[name].kind == "holds":
                        out[subject.id].add(path)
        return {k: frozenset(v) for k, v in out.items()}


class CompiledRuleset:
    """One ruleset version bound to its compiled document; evaluation is a pure function."""

    def __init__(self, key: VersionKey, core: _Core):
        self.key = key
        self.core = core
        self.document = core.document
        self.items = core.items
        self.name = core.name
        self.content_hash = core.content_hash
        self.ruleset = key.ruleset
        self.version = key.version

    def _effects(
        self, rule: _Rule, event: Event, context: EvaluationContext, holds: Mapping[str, bool]
    ) -> tuple[Effect, ...]:
        item = rule.item
        variant = rule.variant or {}
        points = base_points(item, event)
        if "points" in variant:
            points = float(variant["points"]) * (
                event.quantity if item.get("per_quantity", True) else 1
            )
        points *= float(variant.get("factor", 1))
        draft = Draft(
            item=item,
            rule=rule.name,
            bucket=variant.get("bucket", item["bucket"]),
            points=points,
            holds=holds,
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

    def _veto_effect(self, veto: Mapping[str, Any], event: Event) -> Effect:
        return Effect(
            bucket="",
            points=0.0,
            raw_points=0.0,
            item=event.item,
            rule=f"veto {veto['code']}",
            veto=veto["effect"],
            note=f"{veto.get('title', veto['code'])}: {veto['counter']} ≥ {veto['at_least']:g}",
        )

    def _evaluation(
        self,
        event: Event,
        context: EvaluationContext,
        matched: tuple[_Rule, _Rule | None, dict[str, bool]] | EvaluationError,
    ) -> Evaluation:
        if isinstance(matched, EvaluationError):
            raise matched
        rule, veto, holds = matched
        try:
            effects = self._effects(rule, event, context, holds)
        except EvaluationError as exc:
            raise type(exc)(
                _("event %(id)s: %(problem)s") % {"id": repr(event.id), "problem": exc}
            ) from None
        except Exception as exc:  # an effect handler's bug fails this one event
            raise EvaluationError(
                _("rule failed for event %(id)s: %(problem)s")
                % {"id": repr(event.id), "problem": exc}
            ) from exc
        fired = [rule.name]
        if veto is not None and veto.kind == "veto":
            fired.append(veto.name)
            effects = (*effects, self._veto_effect(veto.veto, event))
        explanation = (
            f"{', '.join(fired)} of ruleset {self.key.ruleset} version {self.key.version} "
            f"({self.key.content_hash[:12]})"
        )
        notes = [e.note for e in effects if e.note]
        if notes:
            explanation += ": " + "; ".join(notes)
        return Evaluation(
            event_id=event.id,
            ruleset=self.key.ruleset,
            version=self.key.version,
            rule=fired[0],
            effects=effects,
            explanation=explanation,
        )

    def evaluate(self, event: Event, context: EvaluationContext) -> Evaluation:
        """Effects of one event. Pure: same (version, event, context) -> same Evaluation."""
        (matched,) = self.core.match([(event, context)], self.key)
        return self._evaluation(event, context, matched)

    def evaluate_many(
        self, pairs: Sequence[tuple[Event, EvaluationContext]], *, batch_size: int = BATCH_SIZE
    ) -> list[Evaluation]:
        """`[evaluate(e, c) for e, c in pairs]`, with one durable-rules post per batch.

        Same results as one call per pair (each context must already count the events
        before it: the engine keeps no state between pairs either). Raises the error of the
        first failing pair, in input order.
        """
        results = self.evaluate_each(pairs, batch_size=batch_size)
        for result in results:
            if isinstance(result, EvaluationError):
                raise result
        return results  # type: ignore[return-value]

    def evaluate_each(
        self, pairs: Sequence[tuple[Event, EvaluationContext]], *, batch_size: int = BATCH_SIZE
    ) -> list[Evaluation | EvaluationError]:
        """Like `evaluate_many`, but each pair's error in its place instead of raising."""
        out: list[Evaluation | EvaluationError] = []
        for start in range(0, len(pairs), batch_size):
            chunk = pairs[start : start + batch_size]
            for (event, context), matched in zip(
                chunk, self.core.match(chunk, self.key), strict=True
            ):
                try:
                    out.append(self._evaluation(event, context, matched))
                except EvaluationError as exc:
                    out.append(exc)
        return out

    def holds_at_close(self, subjects: Sequence[Subject]) -> dict[str, frozenset[str]]:
        """Subject id -> the close-time `when:` conditions (paths) that hold for it."""
        return self.core.holds_at_close(subjects)

    def categories_of(self, item: str) -> list[str] | None:
        """The categories `item` is for (None: every category), as compiled."""
        return self.core.item_categories.get(item)


def _action(rule_name: str) -> Callable[[Any], None]:
    """The action of one matching rule: record which rule matched each message of a sid.
    It depends on the rule's name only, so every version sharing the rules shares it."""

    def run(c: Any) -> None:
        # `cap` rules get every matching message of the sid at once: a list of Content
        for content in c.m:
            message = content._d  # the raw dict: Content.__getattr__ wraps every field
            _SLOTS[message["sid"]][message["id"]] = rule_name

    return run


def _interned(value: Any) -> tuple[Any, Any]:
    """(canonical object, its key) for a JSON-like value whose parts are interned already."""
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            value[k], child = _interned(v)
            parts.append((k, child))
        key: Any = ("d", tuple(parts))
    elif isinstance(value, list):
        children = []
        for n, v in enumerate(value):
            value[n], child = _interned(v)
            children.append(child)
        key = ("l", tuple(children))
    else:
        # the type is part of the key: 1, 1.0 and True are equal but not the same value
        return value, (type(value).__name__, value)
    found = _PARTS.get(key)
    if found is None:
        _PARTS[key] = found = (value, key)
    return found


def intern_tree(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with every dict and list equal to one already seen replaced by that one.

    Versions of a ruleset are mostly equal (a county edits one item's points or a title),
    so a thousand loaded versions hold each unchanged item, formula and bucket once.
    Compiled documents are read-only: nothing may mutate a part (it is shared). Keys are
    built bottom-up from the parts' keys, so interning costs one pass over the document.
    """
    with _LOCK:
        interned, _key = _interned(document)
    return interned


def _core(document: Mapping[str, Any], digest: str) -> _Core:
    with _LOCK:
        found = _CORES.get(digest)
        if found is None:
            found = _Core(document, digest)  # registered with durable-rules on first use
            _CORES[digest] = found
        return found


def compiled(key: VersionKey, document: Mapping[str, Any]) -> CompiledRuleset:
    """The compiled ruleset for a version, compiled and registered on first use per process.

    `key.content_hash` must be the hash of `document` (`VersionKey.of` computes it once);
    it is trusted here so that a hot path never re-hashes a document.
    """
    with _LOCK:
        found = _BOUND.get(key)
        if found is None:
            found = CompiledRuleset(key, _core(document, key.content_hash))
            _BOUND[key] = found
        return found


def compiled_document(document: Mapping[str, Any]) -> CompiledRuleset:
    """A compiled document without a stored version (the simulator, scoring on its own)."""
    key = VersionKey.of(
        "local", str(document.get("ruleset", "")), str(document.get("version", "draft")), document
    )
    return compiled(key, document)


def cache_size() -> int:
    return len(_CORES)
