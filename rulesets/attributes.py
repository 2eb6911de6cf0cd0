"""Event attributes an item accepts, and the check every event passes before evaluation.

An item's attributes are what its definition reads (`points_by`, `points_range`, `votes`, a
combination group's key, the fraud and collective flags, `event.<name>` in conditions) plus
what it declares under `attributes:`. Anything else is refused, as are values of the wrong
type or out of range and oversized input: the rules engine never sees unchecked data (its
native code crashes on some numbers and on messages with too many fields).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rulesets.conditions import NAME, _kind
from rulesets.errors import EvaluationError, Problem
from rulesets.i18n import _

MAX_ATTRIBUTES = 32
MAX_TEXT = 500
MAX_NUMBER = 1e9
MAX_BYTES = 8192
MAX_VOTES = 1_000_000
TYPES = ("string", "number", "integer", "boolean", "date", "votes", "scalar")


@dataclass(frozen=True)
class AttributeSpec:
    """What one attribute of one item may hold, and why the item reads it."""

    name: str
    type: str
    required: bool = False
    values: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = MAX_TEXT
    title: str = ""
    read_by: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """What the attribute may hold, in the active language ("a number in [2, 5]")."""
        if self.values:
            shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in self.values)
            return _("one of %(values)s") % {"values": shown}
        if self.type in ("number", "integer") and (
            self.minimum is not None or self.maximum is not None
        ):
            bounds = {
                "low": "−∞" if self.minimum is None else f"{self.minimum:g}",
                "high": "∞" if self.maximum is None else f"{self.maximum:g}",
            }
            if self.type == "integer":
                return _("an integer in [%(low)s, %(high)s]") % bounds
            return _("a number in [%(low)s, %(high)s]") % bounds
        if self.type == "string":
            return _("text of at most %(count)s characters") % {"count": self.max_length}
        return {
            "number": lambda: _("a number"),
            "integer": lambda: _("an integer"),
            "boolean": lambda: _("true or false"),
            "date": lambda: _("a date (YYYY-MM-DD)"),
            "votes": lambda: _("votes per kind, e.g. {excellent: 6, good: 3}"),
            "scalar": lambda: _("text, a number or true/false"),
        }[self.type]()


class InvalidAttributes(EvaluationError):
    """An event's attributes do not fit its item; `problems` names each attribute at fault."""

    def __init__(self, item: str, problems: list[Problem]):
        self.item = item
        self.problems = problems
        listed = _("; ").join(
            _("%(field)s: %(problem)s") % {"field": p.path, "problem": p.message} for p in problems
        )
        super().__init__(
            _("item %(item)s: %(problems)s") % {"item": repr(item), "problems": listed}
        )


def _merge(found: dict[str, AttributeSpec], spec: AttributeSpec) -> None:
    known = found.get(spec.name)
    if known is None:
        found[spec.name] = spec
        return
    merged_type = known.type if known.type == spec.type else "scalar"
    if {known.type, spec.type} <= {"number", "integer"}:
        merged_type = "number"
    found[spec.name] = AttributeSpec(
        name=spec.name,
        type=merged_type,
        required=known.required or spec.required,
        values=known.values or spec.values,
        minimum=known.minimum if known.minimum is not None else spec.minimum,
        maximum=known.maximum if known.maximum is not None else spec.maximum,
        title=known.title or spec.title,
        read_by=tuple(dict.fromkeys((*known.read_by, *spec.read_by))),
    )


def _from_condition(when: Mapping[str, Any], where: str) -> list[AttributeSpec]:
    out = []
    for key, value in (when or {}).items():
        scope, _dot, name = str(key).partition(".")
        if scope != "event":
            continue
        op, arg = _kind(value)
        values = arg if op == "one_of" else [arg]
        if op in ("at_least", "at_most"):
            kind = "number"
        elif all(isinstance(v, bool) for v in values):
            kind = "boolean"
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            kind = "number"
        elif all(isinstance(v, str) for v in values):
            kind = "string"
        else:
            kind = "scalar"
        out.append(AttributeSpec(name, kind, read_by=(where,)))
    return out


def item_attributes(
    document: Mapping[str, Any], item: Mapping[str, Any]
) -> dict[str, AttributeSpec]:
    """Every attribute `item` accepts, by name (explicit declarations win)."""
    found: dict[str, AttributeSpec] = {}
    if "points_by" in item:
        spec = item["points_by"]
        _merge(
            found,
            AttributeSpec(
                spec["attribute"],
                "string",
                required=True,
                values=tuple(spec["values"]),
                read_by=("points_by",),
            ),
        )
    if "points_range" in item:
        low, high = item["points_range"]
        _merge(
            found,
            AttributeSpec(
                "points", "number", required=True, minimum=low, maximum=high,
                read_by=("points_range",),
            ),
        )  # fmt: skip
    if "votes" in item:
        _merge(
            found,
            AttributeSpec(
                "votes", "votes", required=True, values=tuple(item["votes"]), read_by=("votes",)
            ),
        )
    combination = document.get("combination") or {}
    for group in combination.get("groups", []):
        if group.get("code") == item.get("group") and group.get("key"):
            # without its key, deductions of unrelated incidents would merge into one
            _merge(
                found,
                AttributeSpec(
                    group["key"],
                    "string",
                    required=True,
                    read_by=(f"group {group['code']}: only the largest of one {group['key']}",),
                ),
            )
    for kind, default in (("fraud", "fraudulent"), ("collective", "collective")):
        if kind in combination:
            name = combination[kind].get("attribute", default)
            _merge(found, AttributeSpec(name, "boolean", read_by=(kind,)))
    for j, variant in enumerate(item.get("variants", [])):
        for spec in _from_condition(variant.get("when"), f"variant {variant.get('code', j + 1)}"):
            _merge(found, spec)
    for rule in combination.get("role_multipliers", []):
        for spec in _from_condition(rule.get("when"), "role multiplier"):
            _merge(found, spec)
    for name, declared in (item.get("attributes") or {}).items():
        found[name] = AttributeSpec(
            name=name,
            type=declared.get("type", "string"),
            required=bool(declared.get("required", False)),
            values=tuple(declared.get("values", ())),
            minimum=declared.get("min"),
            maximum=declared.get("max"),
            max_length=int(declared.get("max_length", MAX_TEXT)),
            title=declared.get("title", ""),
            read_by=(*found[name].read_by, "declared") if name in found else ("declared",),
        )
    return found


def _show(value: Any, limit: int = 40) -> str:
    """A value quoted in an error message: short, and always encodable as UTF-8."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    if len(text) > limit:
        text = text[:limit] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _must_be(spec: AttributeSpec) -> str:
    return _("must be %(spec)s") % {"spec": spec.describe()}


def _number_problem(value: Any, spec: AttributeSpec) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _("must be %(spec)s, got %(value)s") % {
            "spec": spec.describe(),
            "value": _show(value),
        }
    if isinstance(value, float) and not math.isfinite(value):
        return _("must be a finite number")
    if abs(value) > MAX_NUMBER:
        return _("%(value)s is too large (at most %(limit)s)") % {
            "value": repr(value),
            "limit": f"{MAX_NUMBER:.0e}",
        }
    if spec.type == "integer" and value != int(value):
        return _("must be an integer, got %(value)s") % {"value": repr(value)}
    if (spec.minimum is not None and value < spec.minimum) or (
        spec.maximum is not None and value > spec.maximum
    ):
        return _("%(value)s is outside: must be %(spec)s") % {
            "value": f"{value:g}",
            "spec": spec.describe(),
        }
    return None


def _value_problem(value: Any, spec: AttributeSpec) -> str | None:
    if spec.values and spec.type != "votes":
        if value not in spec.values or isinstance(value, bool) != any(
            isinstance(v, bool) for v in spec.values
        ):
            return _("%(value)s is not allowed: must be %(spec)s") % {
                "value": _show(value),
                "spec": spec.describe(),
            }
        return None
    if spec.type in ("number", "integer"):
        return _number_problem(value, spec)
    if spec.type == "string":
        if not isinstance(value, str):
            return _must_be(spec)
        if len(value) > spec.max_length:
            return _("is %(length)s characters long (at most %(limit)s)") % {
                "length": len(value),
                "limit": spec.max_length,
            }
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("contains characters that are not valid text")
        return None
    if spec.type == "boolean":
        return None if isinstance(value, bool) else _("must be true or false")
    if spec.type == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return _("must be a date (YYYY-MM-DD)")
        return None
    if spec.type == "votes":
        if not isinstance(value, Mapping) or not value:
            return _must_be(spec)
        unknown = sorted(str(k) for k in value if k not in spec.values)
        if unknown:
            return _("unknown vote kinds %(unknown)s: use %(kinds)s") % {
                "unknown": unknown,
                "kinds": ", ".join(map(str, spec.values)),
            }
        for kind, count in value.items():
            if (
                isinstance(count, bool)
                or not isinstance(count, int | float)
                or count != int(count)
                or not 0 <= count <= MAX_VOTES
            ):
                return _("votes for %(kind)s must be a whole number from 0 to %(limit)s") % {
                    "kind": repr(kind),
                    "limit": MAX_VOTES,
                }
        if not any(value.values()):
            return _("no votes cast")
        return None
    # scalar
    if isinstance(value, str):
        if len(value) <= spec.max_length:
            return None
        return _("at most %(limit)s characters") % {"limit": spec.max_length}
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _number_problem(value, spec)
    return _must_be(spec)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _required(spec: AttributeSpec) -> str:
    return _("is required: %(spec)s") % {"spec": spec.describe()}


def attribute_problems(
    document: Mapping[str, Any], item: Mapping[str, Any], attributes: Any
) -> list[Problem]:
    """Every way `attributes` do not fit `item`; paths are `attributes.<name>`."""
    if not isinstance(attributes, Mapping):
        return [Problem("attributes", _("attributes must be a mapping of names to values"), "")]
    if len(attributes) > MAX_ATTRIBUTES:
        return [
            Problem(
                "attributes",
                _("%(count)s attributes (at most %(limit)s)")
                % {"count": len(attributes), "limit": MAX_ATTRIBUTES},
                _("send only the attributes the item defines"),
            )
        ]
    try:
        text = json.dumps(attributes, ensure_ascii=False, default=_plain)
        size = len(text.encode("utf-8", "surrogatepass"))
    except (TypeError, ValueError, RecursionError):
        return [Problem("attributes", _("attributes must be plain JSON values"), "")]
    if size > MAX_BYTES:
        return [
            Problem(
                "attributes",
                _("attributes take %(size)s bytes (at most %(limit)s)")
                % {"size": size, "limit": MAX_BYTES},
                "",
            )
        ]
    specs = item_attributes(document, item)
    out: list[Problem] = []
    for name, value in attributes.items():
        path = f"attributes.{name}"
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None:
            shown = _show(str(name), 64).strip('"')
            out.append(
                Problem(
                    f"attributes.{shown}",
                    _("item %(item)s has no attribute %(name)s")
                    % {"item": repr(item.get("code")), "name": repr(shown)},
                    _("its attributes: %(names)s") % {"names": ", ".join(sorted(specs))}
                    if specs
                    else _("the item takes no attributes"),
                )
            )
            continue
        if not NAME.match(name):
            out.append(Problem(path, _("attribute names are letters, digits and underscores"), ""))
            continue
        if value is None:
            if spec.required:
                out.append(Problem(path, _required(spec), ""))
            continue
        problem = _value_problem(value, spec)
        if problem:
            out.append(
                Problem(
                    path,
                    problem,
                    _("%(field)s: %(problem)s") % {"field": name, "problem": spec.describe()},
                )
            )
    for name, spec in specs.items():
        if spec.required and attributes.get(name) is None and name not in attributes:
            out.append(
                Problem(
                    f"attributes.{name}",
                    _required(spec),
                    _("the item reads it (%(readers)s)") % {"readers": ", ".join(spec.read_by)},
                )
            )
    return out


def check_attributes(
    document: Mapping[str, Any], item: Mapping[str, Any], attributes: Any, quantity: Any = 1
) -> None:
    """Raise `InvalidAttributes` naming every attribute (and the quantity) at fault; return
    when they fit."""
    problems = attribute_problems(document, item, attributes)
    wrong = quantity_problem(item, quantity)
    if wrong:
        problems = [*problems, Problem("quantity", wrong, "")]
    if problems:
        raise InvalidAttributes(str(item.get("code")), problems)


def quantity_problem(item: Mapping[str, Any], quantity: Any) -> str | None:
    """What is wrong with one event's quantity for `item` (None when it fits): a whole
    number from 1 unless the item allows fractions, and at most its `quantity.max`."""
    spec = item.get("quantity") or {}
    if isinstance(quantity, bool) or not isinstance(quantity, int | float):
        return _("quantity must be a number")
    if not math.isfinite(quantity) or quantity <= 0:
        return _("quantity must be above 0")
    if not spec.get("fractions") and quantity != int(quantity):
        return _("quantity must be a whole number for item %(item)s, got %(quantity)s") % {
            "item": repr(item.get("code")),
            "quantity": f"{quantity:g}",
        }
    limit = spec.get("max", 10_000)
    if quantity > limit:
        return _("quantity may be at most %(limit)s for item %(item)s") % {
            "limit": f"{limit:g}",
            "item": repr(item.get("code")),
        }
    return None
