"""Validation: JSON Schema first, then meaning. Every problem has a path, a line and a hint."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from rulesets import shares
from rulesets.errors import FormulaError, Problem
from rulesets.formulas import names_in
from rulesets.loader import LineMap
from rulesets.visibility import visibility_problems

RESERVED = frozenset({"base", "total", "rank", "count"})
# Names every formula may use besides buckets and formulas (scoring._movement).
MOVEMENT = frozenset({"points_gained", "points_lost", "count_deductions"})
SCHEMA_PATH = Path(__file__).parent / "schema" / "ruleset.schema.json"


@lru_cache(maxsize=2)
def schema(partial: bool = False) -> dict[str, Any]:
    """The published JSON Schema; `partial` relaxes required sections for `extends` children."""
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if partial:
        data["required"] = ["schema", "ruleset", "extends"]
    return data


def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    if not isinstance(error.instance, Mapping) or not isinstance(error.schema, Mapping):
        return []
    allowed = set(error.schema.get("properties", {}))
    patterns = list(error.schema.get("patternProperties", {}))
    return [
        key
        for key in error.instance
        if key not in allowed and not any(re.search(p, str(key)) for p in patterns)
    ]


def schema_problems(doc: Mapping[str, Any], partial: bool = False) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(schema(partial))
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path))):
        path = _json_path(error.absolute_path)
        message = error.message
        hint = ""
        if error.validator == "additionalProperties":
            hint = "check the spelling; see rulesets/README.md for the allowed keys"
            extra = _unexpected_keys(error)
            if extra:  # at the key itself, not at the mapping that holds it
                path = _json_path([*error.absolute_path, extra[0]])
        elif error.validator == "required":
            hint = "add the missing key"
        elif error.validator in ("type", "enum", "const", "pattern"):
            hint = f"expected {error.validator}: {json.dumps(error.validator_value, ensure_ascii=False)[:80]}"
        problems.append(Problem(path, message, hint))
    return problems


def _codes(entries: list[Mapping[str, Any]], path: str, what: str, out: list[Problem]) -> set[str]:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        code = entry.get("code")
        if code in seen:
            out.append(
                Problem(
                    f"{path}[{i}].code",
                    f"duplicate {what} code {code!r}",
                    f"each {what} needs its own code",
                )
            )
        seen.add(code)
    return seen


def _formula(expr: str, known: set[str], path: str, out: list[Problem]) -> set[str]:
    try:
        names = names_in(expr)
    except FormulaError as exc:
        out.append(
            Problem(
                path,
                str(exc),
                "formulas use numbers, names, + - * / and min max abs round clamp floor",
            )
        )
        return set()
    unknown = sorted(n for n in names - known if not n.startswith("subject_"))
    if unknown:
        out.append(
            Problem(
                path,
                f"formula {expr!r} refers to unknown name(s): {', '.join(unknown)}",
                f"known names: {', '.join(sorted(known))}",
            )
        )
    return set(names)


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:g}"


def band_problems(
    bands: list[Mapping[str, Any]], path: str, domain: tuple[float, float]
) -> list[Problem]:
    """Gaps and overlaps of grade bands over `domain` (min inclusive, below exclusive)."""
    out: list[Problem] = []
    spans = []
    for i, band in enumerate(bands):
        low = float(band.get("min", -math.inf))
        high = float(band.get("below", math.inf))
        if low >= high:
            out.append(
                Problem(
                    f"{path}[{i}]",
                    f"band {band.get('code')!r} is empty: min "
                    f"{_fmt(low)} is not below {_fmt(high)}",
                    "swap or fix the bounds",
                )
            )
            continue
        spans.append((low, high, i, band.get("code")))
    spans.sort()
    cursor, top = domain
    prev_code = None
    for low, high, i, code in spans:
        if high <= domain[0] or low > domain[1]:
            continue
        low = max(low, domain[0])
        if low > cursor:
            out.append(
                Problem(
                    path,
                    f"grade bands leave [{_fmt(cursor)}, {_fmt(low)}) unassigned",
                    f"extend the band below {code!r} up to "
                    f"{_fmt(low)} (`below: {_fmt(low)}`) or add a band for it",
                )
            )
        elif low < cursor:
            out.append(
                Problem(
                    f"{path}[{i}]",
                    f"band {code!r} overlaps {prev_code!r} on "
                    f"[{_fmt(low)}, {_fmt(min(cursor, high))})",
                    "make `min` of the higher band equal `below` of the lower one",
                )
            )
        cursor = max(cursor, high)
        prev_code = code
    if cursor <= top and not math.isinf(top):
        out.append(
            Problem(
                path,
                f"grade bands leave [{_fmt(cursor)}, {_fmt(top)}] unassigned",
                "give the best band no `below`",
            )
        )
    elif math.isinf(top) and not math.isinf(cursor):
        out.append(
            Problem(
                path,
                f"grade bands leave [{_fmt(cursor)}, ∞) unassigned",
                "give the best band no `below`",
            )
        )
    return out


def semantic_problems(doc: Mapping[str, Any]) -> list[Problem]:
    """Meaning: references, formulas, bands, quotas, cycles. Assumes the schema passed."""
    out: list[Problem] = []
    buckets = _codes(doc.get("buckets", []), "$.buckets", "bucket", out)
    items_list = doc.get("items", [])
    items = _codes(items_list, "$.items", "item", out)
    subject = doc.get("subject", {})
    categories = subject.get("categories", [])
    _codes(categories, "$.subject.categories", "category", out)
    combination = doc.get("combination", {})
    groups = _codes(combination.get("groups", []), "$.combination.groups", "group", out)
    counters = set((doc.get("counters") or {}).keys())
    _codes(doc.get("vetoes", []), "$.vetoes", "veto", out)
    scoring = doc.get("scoring", {})
    bands = scoring.get("grades", [])
    grade_codes = _codes(bands, "$.scoring.grades", "grade", out)

    out.extend(_risk_grading_problems(doc.get("risk_grading") or {}))
    out.extend(visibility_problems(doc))

    for i, code in enumerate((doc.get("redemption") or {}).get("buckets", [])):
        if code not in buckets:
            out.append(
                Problem(
                    f"$.redemption.buckets[{i}]",
                    f"unknown bucket {code!r}",
                    f"redeemable points come from buckets; known: {', '.join(sorted(buckets))}",
                )
            )

    for i, b in enumerate(doc.get("buckets", [])):
        if b.get("code") in RESERVED:
            out.append(
                Problem(
                    f"$.buckets[{i}].code",
                    f"{b['code']!r} is a reserved name",
                    f"reserved: {', '.join(sorted(RESERVED))}; rename the bucket",
                )
            )
        floor, cap, initial = b.get("floor"), b.get("cap"), b.get("initial", 0)
        p = f"$.buckets[{i}]"
        if floor is not None and cap is not None and floor > cap:
            out.append(Problem(p, f"floor {floor} is above cap {cap}", "swap them"))
        if (floor is not None and initial < floor) or (cap is not None and initial > cap):
            out.append(
                Problem(
                    f"{p}.initial",
                    f"initial {initial} is outside [{floor}, {cap}]",
                    "the initial value must lie between floor and cap",
                )
            )
        if b.get("aggregate") and b.get("per", "period") == "period":
            out.append(
                Problem(
                    f"{p}.aggregate",
                    "`aggregate` needs `per` (month, quarter …)",
                    "say which sub-period the bucket is assessed in",
                )
            )

    for i, item in enumerate(items_list):
        p = f"$.items[{i}]"
        if item.get("bucket") not in buckets:
            out.append(
                Problem(
                    f"{p}.bucket",
                    f"item {item.get('code')!r} uses unknown bucket {item.get('bucket')!r}",
                    f"known buckets: {', '.join(sorted(buckets))}",
                )
            )
        kinds = [k for k in ("points", "points_by", "points_range", "votes") if k in item]
        if len(kinds) != 1:
            out.append(
                Problem(
                    p,
                    f"item {item.get('code')!r} needs exactly one of points, "
                    f"points_by, points_range, votes (has {', '.join(kinds) or 'none'})",
                    "say how many points one occurrence is worth",
                )
            )
        rng = item.get("points_range")
        if rng and rng[0] > rng[1]:
            out.append(
                Problem(f"{p}.points_range", f"range {rng} is reversed", "write [low, high]")
            )
        if item.get("group") and item["group"] not in groups:
            out.append(
                Problem(
                    f"{p}.group",
                    f"unknown combination group {item['group']!r}",
                    "declare it under combination.groups",
                )
            )
        for j, v in enumerate(item.get("variants", [])):
            if v.get("bucket") and v["bucket"] not in buckets:
                out.append(
                    Problem(f"{p}.variants[{j}].bucket", f"unknown bucket {v['bucket']!r}", "")
                )
        for cat in item.get("categories", []):
            if cat not in {c.get("code") for c in categories}:
                out.append(Problem(f"{p}.categories", f"unknown category {cat!r}", ""))

    for i, cat in enumerate(categories):
        p = f"$.subject.categories[{i}]"
        for code in cat.get("items", []):
            if code not in items:
                out.append(Problem(f"{p}.items", f"unknown item {code!r}", "list item codes"))
        for code in cat.get("initial") or {}:
            if code not in buckets:
                out.append(Problem(f"{p}.initial.{code}", f"unknown bucket {code!r}", ""))
        if cat.get("grades"):
            _codes(cat["grades"], f"{p}.grades", "grade", out)
            out.extend(band_problems(cat["grades"], f"{p}.grades", _domain(scoring)))
        if cat.get("default_grade") and cat["default_grade"] not in grade_codes | {
            g.get("code") for g in cat.get("grades", [])
        }:
            out.append(Problem(f"{p}.default_grade", f"unknown grade {cat['default_grade']!r}", ""))

    for name, spec in (doc.get("counters") or {}).items():
        for code in spec.get("items", []):
            if code not in items:
                out.append(Problem(f"$.counters.{name}.items", f"unknown item {code!r}", ""))
    for i, veto in enumerate(doc.get("vetoes", [])):
        p = f"$.vetoes[{i}]"
        if veto.get("counter") not in counters:
            out.append(
                Problem(
                    f"{p}.counter",
                    f"unknown counter {veto.get('counter')!r}",
                    "declare it under `counters:`",
                )
            )
        for code in veto.get("items", []):
            if code not in items:
                out.append(Problem(f"{p}.items", f"unknown item {code!r}", ""))
    for i, req in enumerate(doc.get("requirements", [])):
        p = f"$.requirements[{i}]"
        if req.get("item") not in items:
            out.append(Problem(f"{p}.item", f"unknown item {req.get('item')!r}", ""))
        if req.get("bucket") and req["bucket"] not in buckets:
            out.append(Problem(f"{p}.bucket", f"unknown bucket {req['bucket']!r}", ""))
    for i, rm in enumerate(combination.get("role_multipliers", [])):
        for code in rm.get("buckets", []):
            if code not in buckets:
                out.append(
                    Problem(
                        f"$.combination.role_multipliers[{i}].buckets",
                        f"unknown bucket {code!r}",
                        "",
                    )
                )
    fraud = combination.get("fraud")
    if fraud and fraud.get("bucket") and fraud["bucket"] not in buckets:
        out.append(Problem("$.combination.fraud.bucket", f"unknown bucket {fraud['bucket']!r}", ""))
    share = (combination.get("collective") or {}).get("share")
    if share is not None and not 0 < share <= 1:
        out.append(
            Problem(
                "$.combination.collective.share",
                f"share {share} is not in (0, 1]",
                "50% is written 0.5",
            )
        )

    out.extend(_condition_problems(doc))
    out.extend(_attribute_problems(items_list))
    out.extend(_scoring_problems(doc, buckets, grade_codes, items))
    return out


def _condition_problems(doc: Mapping[str, Any]) -> list[Problem]:
    from rulesets.conditions import condition_problems, condition_sites, decided_at_close

    out: list[Problem] = []
    for path, when in condition_sites(doc):
        problems = condition_problems(when, path)
        out.extend(problems)
        if problems or not decided_at_close(path):
            continue
        for key in when:
            if str(key).startswith(("event.", "context.")):
                out.append(
                    Problem(
                        f"{path}.{key}",
                        f"{key!r} cannot be known at period close: there is no event then",
                        "use category or subject.<attribute> here",
                    )
                )
    return out


def _attribute_problems(items: list[Mapping[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    kinds = {"string": str, "boolean": bool, "date": str}
    for i, item in enumerate(items):
        for name, spec in (item.get("attributes") or {}).items():
            p = f"$.items[{i}].attributes.{name}"
            low, high = spec.get("min"), spec.get("max")
            if low is not None and high is not None and low > high:
                out.append(Problem(p, f"min {low} is above max {high}", "swap them"))
            wanted = kinds.get(spec.get("type"))
            for value in spec.get("values", []):
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                if (wanted is None and not numeric) or (
                    wanted is not None and type(value) is not wanted
                ):
                    out.append(
                        Problem(f"{p}.values", f"{value!r} is not of type {spec.get('type')}", "")
                    )
    return out


def _domain(scoring: Mapping[str, Any]) -> tuple[float, float]:
    clamp = scoring.get("clamp")
    return (float(clamp[0]), float(clamp[1])) if clamp else (-math.inf, math.inf)


def _scoring_problems(
    doc: Mapping[str, Any], buckets: set[str], grade_codes: set[str], items: set[str]
) -> list[Problem]:
    out: list[Problem] = []
    scoring = doc.get("scoring", {})
    known = set(buckets) | {"base"} | MOVEMENT
    formulas = scoring.get("formulas") or {}
    deps = {}
    for name, expr in formulas.items():
        if name in known:
            out.append(
                Problem(
                    f"$.scoring.formulas.{name}",
                    f"formula name {name!r} shadows a bucket",
                    "rename the formula",
                )
            )
        deps[name] = _formula(str(expr), known | set(formulas), f"$.scoring.formulas.{name}", out)
    cycle = _find_cycle(deps)
    if cycle:
        out.append(
            Problem(
                "$.scoring.formulas",
                f"formulas refer to each other in a cycle: {' -> '.join(cycle)}",
                "one of them must not depend on the others",
            )
        )
    known |= set(formulas)
    _formula(str(scoring.get("total", "0")), known, "$.scoring.total", out)
    known.add("total")
    grade_on = scoring.get("grade_on")
    if grade_on:
        _formula(grade_on, known, "$.scoring.grade_on", out)
    bands = scoring.get("grades", [])
    if bands:
        out.extend(band_problems(bands, "$.scoring.grades", _domain(scoring)))
    for i, band in enumerate(bands):
        if band.get("requires"):
            _formula(band["requires"], known, f"$.scoring.grades[{i}].requires", out)
    all_grades = set(grade_codes)
    for cat in doc.get("subject", {}).get("categories", []):
        all_grades |= {g.get("code") for g in cat.get("grades", [])}
    for i, quota in enumerate(scoring.get("quotas", [])):
        p = f"$.scoring.quotas[{i}]"
        if quota.get("grade") not in all_grades:
            out.append(Problem(f"{p}.grade", f"unknown grade {quota.get('grade')!r}", ""))
        try:
            share = shares.share(quota.get("max_share", 0))
        except ValueError as exc:
            out.append(Problem(f"{p}.max_share", str(exc), "write 1/3, 15% or 0.15"))
            continue
        if share > 1:
            out.append(
                Problem(
                    f"{p}.max_share",
                    f"quota {float(share):.0%} is above 100%",
                    "write a share up to 1: 1/3, 15% or 0.15",
                )
            )
        elif share <= 0:
            out.append(
                Problem(f"{p}.max_share", f"quota {quota['max_share']} must be positive", "")
            )
        for j, key in enumerate(quota.get("tie_break", [])):
            _formula(key.get("by", "0"), known, f"{p}.tie_break[{j}].by", out)
    rank = scoring.get("rank") or {}
    if rank.get("by"):
        _formula(rank["by"], known, "$.scoring.rank.by", out)
    stars = scoring.get("stars")
    if stars:
        last = 0
        for i, level in enumerate(stars.get("levels", [])):
            try:
                top = shares.share(level.get("top", 0))
            except ValueError as exc:
                out.append(Problem(f"$.scoring.stars.levels[{i}].top", str(exc), ""))
                continue
            if not last < top <= 1:
                out.append(
                    Problem(
                        f"$.scoring.stars.levels[{i}].top",
                        f"share {top} must be above the previous level's {last} and at most 1",
                        "list levels from the smallest share up (0.1, 0.2, 0.3)",
                    )
                )
            last = max(last, top)
        if stars.get("floor"):
            _formula(stars["floor"], known, "$.scoring.stars.floor", out)
    for i, adj in enumerate(scoring.get("grade_adjustments", [])):
        p = f"$.scoring.grade_adjustments[{i}]"
        _formula(adj.get("when", "0"), known | _item_count_names(items), f"{p}.when", out)
        if adj.get("grade") and adj["grade"] not in all_grades:
            out.append(Problem(f"{p}.grade", f"unknown grade {adj['grade']!r}", ""))
        if "grade" not in adj and "shift" not in adj:
            out.append(Problem(p, "an adjustment needs `shift` or `grade`", ""))
    for i, rule in enumerate(scoring.get("across_periods", [])):
        p = f"$.scoring.across_periods[{i}]"
        for code in [*rule.get("grades", []), *([rule["then"]] if "then" in rule else [])]:
            if code not in all_grades:
                out.append(Problem(p, f"unknown grade {code!r}", ""))
    for i, cons in enumerate(scoring.get("consequences", [])):
        for code in cons.get("grades", []):
            if code not in all_grades:
                out.append(
                    Problem(f"$.scoring.consequences[{i}].grades", f"unknown grade {code!r}", "")
                )
    for i, flag in enumerate(scoring.get("flags", [])):
        _formula(
            flag.get("when", "0"),
            known | _item_count_names(items) | {"rank", "count", "rank_from_bottom"},
            f"$.scoring.flags[{i}].when",
            out,
        )
    exemptions = scoring.get("exemptions") or {}
    for code in exemptions.get("honours", []):
        if code not in all_grades:
            out.append(Problem("$.scoring.exemptions.honours", f"unknown grade {code!r}", ""))
    return out


def _item_count_names(items: set[str]) -> set[str]:
    return {f"count_{re.sub(r'[^A-Za-z0-9_]', '_', code)}" for code in items}


def _find_cycle(deps: Mapping[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(deps.get(node, ())):
            if nxt not in deps:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for name in deps:
        if name not in state:
            found = visit(name)
            if found:
                return found
    return []


def locate(problems: list[Problem], lines: LineMap | None, filename: str) -> list[Problem]:
    """Attach file and line to problems found on a parsed document."""
    return [
        Problem(
            p.path,
            p.message,
            p.hint,
            p.line or (lines.line_for(p.path) if lines else 0),
            p.file or filename,
        )
        for p in problems
    ]


def _risk_grading_problems(section: Mapping[str, Any]) -> list[Problem]:
    """Factor tables that can be scored: codes once, bands ascending with only the last
    open-ended, no band above its factor's maximum."""
    out: list[Problem] = []
    _codes(section.get("static_factors", []), "$.risk_grading.static_factors", "factor", out)
    _codes(section.get("dynamic_checklist", []), "$.risk_grading.dynamic_checklist", "item", out)
    for i, row in enumerate(section.get("static_factors", [])):
        path = f"$.risk_grading.static_factors[{i}].bands"
        bounds = [b.get("up_to") for b in row["bands"]]
        if None in bounds[:-1] or any(
            a >= b for a, b in itertools.pairwise(bounds) if a is not None and b is not None
        ):
            out.append(Problem(path, f"the bands of {row['code']!r} are not in ascending order",
                               "list bands by `up_to`, smallest first; only the last may omit it"))  # fmt: skip
        if any(b["points"] > row["max"] for b in row["bands"]):
            out.append(Problem(path, f"a band of {row['code']!r} scores more than its max {row['max']:g}",
                               "raise `max` or lower the band's points"))  # fmt: skip
    return out
