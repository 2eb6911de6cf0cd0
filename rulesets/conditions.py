"""`when:` conditions: one meaning, decided by durable-rules and nowhere else.

A condition maps keys to tests, all of which must hold:

- keys: `category`, `subject.<attribute>`, `event.<attribute>`, `context.<counter>`;
- tests: a scalar (equals), a list (one of), `{at_least: n}`, `{at_most: n}`, `{not: v}`.

Meaning (README, "Conditions"):

- equals / one of: the value is present and is the same typed value. Strings compare as
  strings, numbers as numbers (1 equals 1.0), booleans only with booleans: `"1"`, `1` and
  `true` are three different values;
- at_least / at_most: the value is present, is a number (a boolean is not), and compares;
- not: the value is absent, or present and not the same typed value (a subject with no
  `status` is "not a guest");
- a value that is not a string, number or boolean (a list, a mapping, null) is absent.

Evaluation: each test compiles into a durable-rules condition over one flat message whose
fields carry typed tokens (for equality) and fixed-point integers (for comparisons). That
wire format keeps durable-rules' own quirks out of the meaning: it equates 1 with `true`,
compares `"10" <= 3` as text, never matches `$neq` on a missing field, and crashes on a
float printed in exponent form (1e16, 1e-05). There is no Python evaluation of a condition:
the engine's verdict is the only one, and `describe` renders the same tests for people.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rulesets.errors import EvaluationError, Problem
from rulesets.i18n import _
from rulesets.registry import CONDITIONS, register_condition

# Fixed point for comparisons: 4 decimals, as the ledger stores points; ints never reach
# durable-rules' float parser, and every int below 2^53 compares exactly.
SCALE = 10_000
LIMIT = 10**11  # largest magnitude a condition or a compared value may have
MAX_TEXT = 200  # longer strings (and any that is not valid UTF-8) are compared by digest
MAX_TESTS = 16  # keys per `when:`: bounds the fields of one engine message
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
SCOPES = {"subject": "s", "event": "e", "context": "c"}


def fixed(value: Any) -> int | None:
    """A number as a fixed-point integer, or None if it is not a comparable number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if abs(value) > LIMIT:
        return None
    return round(value * SCALE)


def token(value: Any) -> str | None:
    """A typed token for equality, or None for a value that counts as absent."""
    if isinstance(value, bool):
        return "b:1" if value else "b:0"
    if isinstance(value, int | float):
        number = fixed(value)
        return None if number is None else f"n:{number}"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: durable-rules rejects the whole post
            return "h:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        if len(value) > MAX_TEXT:
            return "h:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
        return "s:" + value
    return None


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Test:
    """One key of a condition with its test: `subject.role = "officer"`."""

    key: str
    op: str
    value: Any

    @property
    def reads(self) -> str:
        """`token` or `number`: which form of the value the test compares."""
        return CONDITIONS[self.op].reads

    @property
    def field(self) -> str:
        return field_name(self.key, self.reads)

    def durable(self) -> dict[str, Any]:
        return CONDITIONS[self.op].durable(self.field, self.value)

    def describe(self) -> str:
        return CONDITIONS[self.op].describe(self.key, self.value)


def field_name(key: str, reads: str) -> str:
    """`subject.role` read as a token -> `v_s_role`; as a number -> `n_s_role`."""
    if key == "category":
        flat = "category"
    else:
        scope, _dot, name = key.partition(".")
        flat = f"{SCOPES[scope]}_{name}"
    return ("v_" if reads == "token" else "n_") + flat


@dataclass(frozen=True)
class Condition:
    """A parsed `when:`: all tests must hold. `path` names it in the document."""

    path: str
    tests: tuple[Test, ...]

    def durable(self) -> list[dict[str, Any]]:
        return [test.durable() for test in self.tests]

    def fields(self) -> set[tuple[str, str]]:
        """(key, reads) pairs a message must carry for this condition."""
        return {(test.key, test.reads) for test in self.tests}

    def scopes(self) -> set[str]:
        return {test.key.partition(".")[0] for test in self.tests}

    def describe(self) -> str:
        return " and ".join(test.describe() for test in self.tests) or "always"


def _kind(value: Any) -> tuple[str, Any]:
    if isinstance(value, list):
        return "one_of", value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        return op, arg
    return "equals", value


def condition_problems(when: Any, path: str) -> list[Problem]:
    """What is wrong with one `when:` (empty when it is well formed)."""
    if not isinstance(when, Mapping):
        return [Problem(path, "a condition is a mapping of keys to tests", "")]
    out: list[Problem] = []
    if len(when) > MAX_TESTS:
        out.append(
            Problem(path, f"{len(when)} keys in one condition (at most {MAX_TESTS})", "split it")
        )
    for key, value in when.items():
        where = f"{path}.{key}"
        scope, _dot, name = str(key).partition(".")
        if key != "category" and (scope not in SCOPES or not NAME.match(name)):
            out.append(
                Problem(
                    where,
                    f"condition key {key!r} is not category, subject.<name>, event.<name> "
                    "or context.<counter>",
                    "names are letters, digits and underscores",
                )
            )
            continue
        if isinstance(value, dict) and len(value) != 1:
            out.append(Problem(where, "write one test per key: {at_least: 3}", ""))
            continue
        op, arg = _kind(value)
        handler = CONDITIONS.get(op)
        if handler is None:
            out.append(
                Problem(where, f"unknown test {op!r}", f"use one of {', '.join(CONDITIONS)}")
            )
            continue
        for message in handler.problems(arg):
            out.append(Problem(where, message, ""))
    return out


def parse(when: Mapping[str, Any], path: str) -> Condition:
    """The condition of a validated `when:` (the validator reports problems first)."""
    problems = condition_problems(when, path)
    if problems:
        raise ValueError(problems[0].format())
    return Condition(path, tuple(Test(key, *_kind(value)) for key, value in when.items()))


def conditions_of(document: Mapping[str, Any]) -> dict[str, Condition]:
    """Every `when:` condition of a document by its path, in document order."""
    found: dict[str, Condition] = {}
    for path, when in condition_sites(document):
        found[path] = parse(when, path)
    return found


def condition_sites(document: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    """(path, when) of every structured condition; formulas (`when: "rank <= 15"`) are not."""
    for i, item in enumerate(document.get("items", [])):
        for j, variant in enumerate(item.get("variants", [])):
            yield f"$.items[{i}].variants[{j}].when", variant.get("when")
    combination = document.get("combination") or {}
    for i, rule in enumerate(combination.get("role_multipliers", [])):
        yield f"$.combination.role_multipliers[{i}].when", rule.get("when")
    for i, req in enumerate(document.get("requirements", [])):
        if req.get("when"):
            yield f"$.requirements[{i}].when", req["when"]
    for i, cons in enumerate((document.get("scoring") or {}).get("consequences", [])):
        if cons.get("when"):
            yield f"$.scoring.consequences[{i}].when", cons["when"]


# Conditions decided at period close see the subject only: there is no event then.
AT_CLOSE = ("$.requirements", "$.scoring.consequences")


def decided_at_close(path: str) -> bool:
    return path.startswith(AT_CLOSE)


def value_of(key: str, *, category: str, subject: Mapping, event: Mapping, counters: Mapping):
    """The raw value a key refers to (None when absent)."""
    if key == "category":
        return category
    scope, _dot, name = key.partition(".")
    source = {"subject": subject, "event": event, "context": counters}[scope]
    return source.get(name)


def message_fields(
    fields: Iterable[tuple[str, str]],
    *,
    category: str,
    subject: Mapping[str, Any],
    event: Mapping[str, Any],
    counters: Mapping[str, Any],
) -> dict[str, Any]:
    """The message fields for `fields`: tokens and fixed-point numbers; absent is omitted.

    A number too large to compare is an error for this one evaluation, never a value
    durable-rules might mis-parse.
    """
    out: dict[str, Any] = {}
    for key, reads in fields:
        value = value_of(key, category=category, subject=subject, event=event, counters=counters)
        if value is None:
            continue
        encoded = token(value) if reads == "token" else fixed(value)
        if encoded is None and isinstance(value, int | float) and not isinstance(value, bool):
            raise EvaluationError(
                _(
                    "%(key)s is %(value)s: numbers compared by a condition must be finite and at "
                    "most %(limit)s in size; correct the value"
                )
                % {"key": key, "value": repr(value), "limit": f"{LIMIT:.0e}"}
            )
        if encoded is not None:
            out[field_name(key, reads)] = encoded
    return out


def _scalar_problems(value: Any) -> list[str]:
    if isinstance(value, bool | str):
        return []
    if isinstance(value, int | float):
        return [] if fixed(value) is not None else [f"{value!r} is not a number up to {LIMIT:.0e}"]
    return [f"{value!r} is not a string, number or boolean"]


@register_condition("equals")
class Equals:
    reads = "token"

    def durable(self, field: str, value: Any) -> dict[str, Any]:
        return {field: token(value)}

    def describe(self, key: str, value: Any) -> str:
        return f"{key} = {_shown(value)}"

    def problems(self, value: Any) -> list[str]:
        return _scalar_problems(value)


@register_condition("one_of")
class OneOf:
    reads = "token"

    def durable(self, field: str, value: Any) -> dict[str, Any]:
        tokens = list(dict.fromkeys(token(v) for v in value))
        if len(tokens) == 1:
            return {field: tokens[0]}
        return {"$or": [{field: t} for t in tokens]}

    def describe(self, key: str, value: Any) -> str:
        return f"{key} in {_shown(list(value))}"

    def problems(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            return ["a list of values must name at least one value"]
        if len(value) > 50:
            return [f"{len(value)} values in one list (at most 50)"]
        return [p for v in value for p in _scalar_problems(v)]


class _Compare:
    reads = "number"
    operator = ""
    sign = ""

    def durable(self, field: str, value: Any) -> dict[str, Any]:
        return {self.operator: {field: fixed(value)}}

    def describe(self, key: str, value: Any) -> str:
        return f"{key} {self.sign} {value:g}"

    def problems(self, value: Any) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"{value!r} is not a number; at_least and at_most compare numbers"]
        return _scalar_problems(value)


@register_condition("at_least")
class AtLeast(_Compare):
    operator = "$gte"
    sign = "≥"


@register_condition("at_most")
class AtMost(_Compare):
    operator = "$lte"
    sign = "≤"


@register_condition("not")
class Not:
    reads = "token"

    def durable(self, field: str, value: Any) -> dict[str, Any]:
        # durable-rules' $neq never matches a missing field; absent means "not v" here
        return {"$or": [{"$nex": {field: 1}}, {"$neq": {field: token(value)}}]}

    def describe(self, key: str, value: Any) -> str:
        return f"{key} ≠ {_shown(value)}"

    def problems(self, value: Any) -> list[str]:
        return _scalar_problems(value)
