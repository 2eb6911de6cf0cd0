"""Period close: totals, grades, ranks, quotas, stars and consequences from ledger entries.

Invariants:
- order-independent: entries are de-duplicated by idempotency key and limits are re-applied
  to raw points in a canonical order, so the order entries arrive in never matters;
- caps and floors always hold: every bucket is clamped after summing, the total is clamped;
- pure: the same (document, subjects, entries, period) always gives the same results;
- `when:` conditions (requirements, consequences) are decided by the rules engine, the
  one evaluation path of a condition (`CompiledRuleset.holds_at_close`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache, partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rulesets.contracts import (
    ExplainLine,
    LedgerEntry,
    Period,
    QuotaTie,
    Subject,
    SubjectResult,
    SubPeriodPoints,
)
from rulesets.errors import QuotaTieUnresolved
from rulesets.formulas import evaluate, names_in
from rulesets.periods import index_of, months_between, sub_periods
from rulesets.shares import places, share, within
from rulesets.validator import _find_cycle

if TYPE_CHECKING:
    from rulesets.engine import CompiledRuleset

ROUND = 2


@lru_cache(maxsize=4096)
def _name(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", code)


def _dedupe(entries: Iterable[LedgerEntry], period: Period) -> list[LedgerEntry]:
    """One event per idempotency key (the lowest event id wins), inside the period only."""
    chosen: dict[str, str] = {}
    kept = [e for e in entries if period.start <= e.occurred_on <= period.end]
    for e in kept:
        key = e.idempotency_key or e.event_id
        if key not in chosen or e.event_id < chosen[key]:
            chosen[key] = e.event_id
    out = [e for e in kept if chosen[e.idempotency_key or e.event_id] == e.event_id]
    return sorted(out, key=lambda e: (e.occurred_on, e.event_id, e.bucket, e.veto or ""))


def _apply_limits(document: Mapping[str, Any], entries: list[LedgerEntry]) -> list[float]:
    """Points each entry counts for after item limits and largest-only groups."""
    items = {i["code"]: i for i in document.get("items", [])}
    points = [e.raw_points for e in entries]
    seen: dict[str, int] = defaultdict(int)
    booked: dict[str, float] = defaultdict(float)
    for n, e in enumerate(entries):
        limit = items.get(e.item, {}).get("limit")
        if not limit or (e.veto and not e.bucket):
            continue
        seen[e.item] += 1
        if "occurrences" in limit and seen[e.item] > limit["occurrences"]:
            points[n] = 0.0
        if "points" in limit:
            bound = float(limit["points"])
            left = bound - booked[e.item]
            points[n] = (
                max(0.0, min(points[n], left)) if bound >= 0 else min(0.0, max(points[n], left))
            )
        booked[e.item] += points[n]
    best: dict[str, int] = {}
    for n, e in enumerate(entries):
        if e.group and (e.group not in best or abs(points[n]) > abs(points[best[e.group]])):
            best[e.group] = n
    for n, e in enumerate(entries):
        if e.group and best[e.group] != n:
            points[n] = 0.0
    return points


def _clamp(value: float, bucket: Mapping[str, Any]) -> float:
    if bucket.get("cap") is not None:
        value = min(value, float(bucket["cap"]))
    if bucket.get("floor") is not None:
        value = max(value, float(bucket["floor"]))
    return value


def _formula_order(formulas: Mapping[str, str]) -> list[str]:
    deps = {k: set(names_in(str(v))) & set(formulas) for k, v in formulas.items()}
    if _find_cycle(deps):
        raise ValueError("formula cycle")  # the validator reports it with a path first
    order: list[str] = []
    while len(order) < len(deps):
        for k in deps:
            if k not in order and deps[k] <= set(order):
                order.append(k)
    return order


class _Work:
    """Mutable per-subject working state while one period is scored."""

    def __init__(self, subject: Subject, holds: frozenset[str] = frozenset()):
        self.subject = subject
        self.holds = holds  # paths of the close-time conditions that hold for the subject
        self.entries: list[LedgerEntry] = []
        self.points: list[float] = []
        self.buckets: dict[str, float] = {}
        self.subs: dict[str, list[float | None]] = {}
        self.vars: dict[str, float] = {}
        self.total: float | None = None
        self.grade: str | None = None
        self.rank: int | None = None
        self.rank_from_bottom: int | None = None
        self.sub_periods: list[dict[str, Any]] = []
        self.stars: int | None = None
        self.vetoes: set[str] = set()
        self.flags: list[str] = []
        self.assessed = True
        self.honours = True


def score_period(
    document: Mapping[str, Any],
    subjects: Sequence[Subject],
    entries: Iterable[LedgerEntry],
    period: Period,
    *,
    engine: CompiledRuleset | None = None,
    decisions: Mapping[str, Collection[str]] | None = None,
) -> list[SubjectResult]:
    """Close one period for `subjects` from their ledger `entries` (see module invariants).

    `engine` is the compiled version of `document` (the caller usually has it); without
    it the document is compiled here. `decisions` are the committee's choices on quota
    ties (`QuotaTie.key` → the subject ids it admits); a tie whose policy is `committee`
    and that has none raises `QuotaTieUnresolved`, naming who is tied for how many places.
    """
    from rulesets.engine import compiled_document

    scoring = document["scoring"]
    bucket_specs = {b["code"]: b for b in document["buckets"]}
    categories = {c["code"]: c for c in document.get("subject", {}).get("categories", [])}
    holds = (engine or compiled_document(document)).holds_at_close(subjects)
    works = {s.id: _Work(s, holds[s.id]) for s in subjects}
    for e in _dedupe(entries, period):
        if e.subject in works:
            works[e.subject].entries.append(e)
    exemptions = scoring.get("exemptions") or {}
    parts_by_unit = {
        u: sub_periods(period, u) for u in {s.get("per", "period") for s in bucket_specs.values()}
    }
    slots: dict[tuple[str, date], tuple[str, int]] = {}

    for w in works.values():
        w.points = _apply_limits(document, w.entries)
        w.vetoes = {e.veto for e in w.entries if e.veto}
        if w.subject.exempt:
            w.assessed = False
            w.flags.append("exempt")
        if (
            exemptions
            and w.subject.joined_on
            and months_between(w.subject.joined_on, period.end) < exemptions["joined_within_months"]
        ):
            if exemptions["action"] == "not_assessed":
                w.assessed = False
                w.flags.append("not_assessed_new_member")
            else:
                w.honours = False
                w.flags.append("no_honours_new_member")
        _buckets(document, w, bucket_specs, categories, period, parts_by_unit, slots)

    _fill_partial(document, works, bucket_specs)
    for w in works.values():
        _aggregate(w, bucket_specs)
        _totals(document, w, categories)
        _grade(document, w, categories)
    _rank(scoring, works)
    _quotas(document, works, categories, decisions or {})
    _stars(scoring, works, categories)
    assessed = len([x for x in works.values() if x.assessed])
    for w in works.values():
        _consequences(scoring, w, assessed)
    _sub_period_flags(document, works, period, bucket_specs, categories)
    _sub_period_totals(document, works, period, bucket_specs)
    return [_result(w) for w in works.values()]


def score_period_provisionally(
    document: Mapping[str, Any],
    subjects: Sequence[Subject],
    entries: Iterable[LedgerEntry],
    period: Period,
    *,
    engine: CompiledRuleset | None = None,
    decisions: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[SubjectResult], frozenset[str]]:
    """`score_period` for a figure that is not a close (a class's week, a what-if): a quota
    tie left to the committee is settled provisionally (the first tied by id keep the
    places) and the tied subjects are returned, to be marked, never hidden."""
    decided = {k: list(v) for k, v in (decisions or {}).items()}
    tied: set[str] = set()
    entries = list(entries)
    while True:
        try:
            results = score_period(
                document, subjects, entries, period, engine=engine, decisions=decided
            )
        except QuotaTieUnresolved as exc:
            fresh = [t for t in exc.ties if t.key not in decided]
            if not fresh:
                raise
            for tie in fresh:
                members = sorted(
                    tie.tied, key=lambda s: (not s.isdigit(), int(s) if s.isdigit() else 0, s)
                )
                decided[tie.key] = members[: tie.places]
                tied.update(members)
            continue
        return results, frozenset(tied)


def _initial(code: str, spec: Mapping[str, Any], w: _Work, categories: Mapping[str, Any]) -> float:
    category = categories.get(w.subject.category, {})
    value = float((category.get("initial") or {}).get(code, spec.get("initial", 0)))
    carry = spec.get("carry_over")
    if carry and carry.get("from", "previous_period") == "previous_period" and w.subject.previous:
        prev = w.subject.previous[0].total
        if prev is not None:
            value = carry["share"] * prev
    return value


def _buckets(
    document: Mapping[str, Any],
    w: _Work,
    specs: Mapping[str, Any],
    categories: Mapping[str, Any],
    period: Period,
    parts_by_unit: Mapping[str, list[Period]],
    slots: dict[tuple[str, date], tuple[str, int]],
) -> None:
    """Bucket sums per sub-period. `slots` memoises (bucket, day) → (bucket, sub-period
    index) across the subjects of one close (it is the same for all of them)."""
    sums: dict[tuple[str, int], float] = defaultdict(float)
    for e, pts in zip(w.entries, w.points, strict=True):
        if not e.bucket or e.bucket not in specs:
            continue
        slot = slots.get((e.bucket, e.occurred_on))
        if slot is None:
            unit = specs[e.bucket].get("per", "period")
            slot = (e.bucket, index_of(parts_by_unit[unit], e.occurred_on))
            slots[(e.bucket, e.occurred_on)] = slot
        sums[slot] += pts
    for k, req in enumerate(document.get("requirements", [])):
        if req.get("when") and f"$.requirements[{k}].when" not in w.holds:
            continue
        done = sum(1 for e in w.entries if e.item == req["item"] and e.bucket)
        if done < req["at_least"]:
            w.flags.append(f"requirement_unmet:{req['code']}")
            if req.get("points_per_missing") and req.get("bucket"):
                sums[(req["bucket"], 0)] += (req["at_least"] - done) * req["points_per_missing"]
    w.vars["base"] = 0.0
    initials = {code: _initial(code, spec, w, categories) for code, spec in specs.items()}
    w.vars["base"] = sum(initials.values())
    for code, spec in specs.items():
        if spec.get("per", "period") == "period":
            w.buckets[code] = _clamp(initials[code] + sums[(code, 0)], spec)
        else:
            w.subs[code] = []
    for unit, parts in parts_by_unit.items():
        codes = [c for c, s in specs.items() if s.get("per", "period") == unit != "period"]
        for i, part in enumerate(parts):
            for code in codes:
                spec = specs[code]
                if w.subject.joined_on and part.end < w.subject.joined_on:
                    w.subs[code].append(None)  # not a member yet: `partial` fills or skips it
                    continue
                start = initials[code]
                carry = spec.get("carry_over")
                if carry and carry.get("from") == "previous_sub_period":
                    prev = w.subject.previous[0] if w.subject.previous else None
                    if i > 0 and w.subs[code][i - 1] is not None:
                        start = carry["share"] * _sub_total(w, codes, i - 1)
                    elif i == 0 and prev is not None and prev.total is not None:
                        start = carry["share"] * (
                            prev.sub_totals[-1] if prev.sub_totals else prev.total
                        )
                w.subs[code].append(_clamp(start + sums[(code, i)], spec))


def _sub_total(w: _Work, codes: list[str], i: int) -> float:
    """The whole score of sub-period i (all its buckets), for monthly carry-over."""
    return sum(w.subs[c][i] or 0.0 for c in codes)


def _fill_partial(
    document: Mapping[str, Any], works: Mapping[str, _Work], specs: Mapping[str, Any]
) -> None:
    how = (document["scoring"].get("partial") or {}).get("missing_sub_periods")
    if not how:
        return
    for code in specs:
        columns: dict[int, list[float]] = defaultdict(list)
        for w in works.values():
            for i, v in enumerate(w.subs.get(code, [])):
                if v is not None and w.assessed:
                    columns[i].append(v)
        for w in works.values():
            seq = w.subs.get(code, [])
            for i, v in enumerate(seq):
                if v is None:
                    col = columns.get(i, [])
                    seq[i] = (
                        (sum(col) / len(col) if col else 0.0) if how == "branch_average" else 0.0
                    )
                    if how == "branch_average":
                        w.flags.append(f"filled_at_branch_average:{code}:{i + 1}")


def _aggregate(w: _Work, specs: Mapping[str, Any]) -> None:
    for code, values in w.subs.items():
        present = [v for v in values if v is not None]
        if not present:
            w.buckets[code] = 0.0
        elif specs[code].get("aggregate", "sum") == "mean":
            w.buckets[code] = sum(present) / len(present)
        else:
            w.buckets[code] = sum(present)


def _names(w: _Work, document: Mapping[str, Any]) -> dict[str, float]:
    names = dict(w.buckets)
    names["base"] = w.vars["base"]
    counted = Counter(e.item for e in w.entries if e.bucket)
    for item in document.get("items", []):
        names[f"count_{_name(item['code'])}"] = float(counted[item["code"]])
    names.update(_movement(w.entries, w.points))
    for expr in _expressions(document):
        for used in names_in(expr):
            if used.startswith("subject_"):
                names.setdefault(used, 0.0)  # an attribute the subject lacks counts as 0/false
    for key, value in w.subject.attributes.items():
        if isinstance(value, bool | int | float):
            names[f"subject_{_name(key)}"] = float(value)
    # per-category thresholds in one formula: `subject_category_a and total >= 80`
    names[f"subject_category_{_name(w.subject.category)}"] = 1.0
    return names


def _movement(entries: Sequence[LedgerEntry], points: Sequence[float]) -> dict[str, float]:
    """What moved: points gained and lost (after limits) and the number of deductions."""
    gained = sum(p for e, p in zip(entries, points, strict=True) if e.bucket and p > 0)
    lost = -sum(p for e, p in zip(entries, points, strict=True) if e.bucket and p < 0)
    deductions = sum(1 for e, p in zip(entries, points, strict=True) if e.bucket and p < 0)
    return {
        "points_gained": round(gained, 6) + 0.0,
        "points_lost": round(lost, 6) + 0.0,
        "count_deductions": float(deductions),
    }


def _expressions(document: Mapping[str, Any]) -> list[str]:
    scoring = document["scoring"]
    out = [scoring["total"], *(str(v) for v in (scoring.get("formulas") or {}).values())]
    out += [a["when"] for a in scoring.get("grade_adjustments", [])]
    out += [f["when"] for f in scoring.get("flags", [])]
    out += [b["requires"] for b in scoring.get("grades", []) if b.get("requires")]
    out += [k["by"] for q in scoring.get("quotas", []) for k in q.get("tie_break", [])]
    return out


def _totals(document: Mapping[str, Any], w: _Work, categories: Mapping[str, Any]) -> None:
    scoring = document["scoring"]
    names = _names(w, document)
    formulas = scoring.get("formulas") or {}
    for name in _formula_order(formulas):
        names[name] = evaluate(str(formulas[name]), names, f"$.scoring.formulas.{name}")
    total = evaluate(scoring["total"], names, "$.scoring.total")
    if scoring.get("clamp"):
        total = max(scoring["clamp"][0], min(scoring["clamp"][1], total))
    if "zero_period" in w.vetoes:
        total = 0.0
        w.flags.append("veto:zero_period")
    w.total = round(total, scoring.get("round", ROUND)) + 0.0
    names["total"] = w.total
    w.vars = names


def _bands(
    document: Mapping[str, Any], w: _Work, categories: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    category = categories.get(w.subject.category, {})
    return category.get("grades") or document["scoring"].get("grades") or []


def _band_of(bands: list[Mapping[str, Any]], value: float) -> int:
    for i, band in enumerate(bands):
        if band.get("min", -math.inf) <= value < band.get("below", math.inf):
            return i
    return -1


def _grade(document: Mapping[str, Any], w: _Work, categories: Mapping[str, Any]) -> None:
    scoring = document["scoring"]
    bands = _bands(document, w, categories)
    if not w.assessed or not bands:
        return
    category = categories.get(w.subject.category, {})
    if category.get("default_grade") and not w.entries:
        w.grade = category["default_grade"]
        w.flags.append("default_grade")
    else:
        value = evaluate(scoring["grade_on"], w.vars) if scoring.get("grade_on") else w.total
        index = _band_of(bands, value)
        while (
            0 <= index < len(bands) - 1
            and bands[index].get("requires")
            and not evaluate(
                bands[index]["requires"], w.vars, f"grades.{bands[index]['code']}.requires"
            )
        ):
            w.flags.append(f"requires_unmet:{bands[index]['code']}")
            index += 1
        w.grade = bands[index]["code"] if index >= 0 else None
    codes = [b["code"] for b in bands]
    for adj in scoring.get("grade_adjustments", []):
        if w.grade is None or not evaluate(adj["when"], w.vars, f"adjustment {adj['code']}"):
            continue
        if adj.get("grade"):
            w.grade = adj["grade"]
        else:
            at = codes.index(w.grade) + int(adj["shift"])
            w.grade = codes[max(0, min(len(codes) - 1, at))]
        w.flags.append(f"adjusted:{adj['code']}")
    if "lowest_grade" in w.vetoes:
        w.grade = codes[-1]
        w.flags.append("veto:lowest_grade")
    for rule in scoring.get("across_periods", []):
        need = rule["consecutive"] - 1
        history = [p.grade for p in w.subject.previous[:need]]
        if (
            w.grade in rule["grades"]
            and len(history) == need
            and all(g in rule["grades"] for g in history)
        ):
            w.grade = rule.get("then", w.grade)  # `flag` only: the grade stands
            w.flags.append(f"across_periods:{rule['code']}")
            if rule.get("flag"):
                w.flags.append(rule["flag"])
    honours = set((scoring.get("exemptions") or {}).get("honours", []))
    while not w.honours and w.grade in honours and codes.index(w.grade) < len(codes) - 1:
        w.grade = codes[codes.index(w.grade) + 1]


def _rank(scoring: Mapping[str, Any], works: Mapping[str, _Work]) -> None:
    spec = scoring.get("rank") or {}
    scopes: dict[str, list[_Work]] = defaultdict(list)
    for w in works.values():
        if w.assessed:
            scopes[w.subject.category if spec.get("scope") == "category" else ""].append(w)
    sign = 1 if spec.get("order", "desc") == "desc" else -1
    for members in scopes.values():
        keyed = [
            (sign * (evaluate(spec["by"], w.vars) if spec.get("by") else w.total), w)
            for w in members
        ]
        for w, position in _competition(keyed, best_first=True).items():
            w.rank = position
        # from the bottom, ties for last share the place (the last three with a tie: 4 people)
        for w, position in _competition(keyed, best_first=False).items():
            w.rank_from_bottom = position


def _tie_key(quota: Mapping[str, Any], scope: str) -> str:
    return f"{quota['grade']}:{scope or 'all'}"


def _demote(w: _Work, document: Mapping[str, Any], categories: Mapping[str, Any], grade: str):
    codes = [b["code"] for b in _bands(document, w, categories)]
    w.grade = codes[min(codes.index(w.grade) + 1, len(codes) - 1)]
    w.flags.append(f"quota:{grade}")


def _competition(keyed: list[tuple[float, _Work]], *, best_first: bool) -> dict[_Work, int]:
    """Competition ranking (1, 2, 2, 4) of (key, work) pairs; higher keys are better."""
    ordered = sorted(keyed, key=lambda kw: ((-kw[0] if best_first else kw[0]), kw[1].subject.id))
    out: dict[_Work, int] = {}
    for position, (key, w) in enumerate(ordered):
        if position == 0 or key != ordered[position - 1][0]:
            out[w] = position + 1
        else:
            out[w] = out[ordered[position - 1][1]]
    return out


def _quota_order(keys: Sequence[Mapping[str, Any]], w: _Work) -> tuple:
    """A holder's place in the queue for a quota: rank, then each tie-break key."""
    values = [evaluate(k["by"], w.vars, "tie_break") for k in keys]
    signed = [
        -v if k.get("order", "desc") == "desc" else v for k, v in zip(keys, values, strict=True)
    ]
    return (w.rank or 0, *signed)


def _quotas(
    document: Mapping[str, Any],
    works: Mapping[str, _Work],
    categories: Mapping[str, Any],
    decisions: Mapping[str, Collection[str]],
) -> None:
    """Admit each quota's grade by rank, in exact arithmetic; a tie across the boundary is
    ordered by the quota's `tie_break` keys, and what is still tied gets its `ties` policy:
    all in, all out, or the committee's decision (`decisions`, else QuotaTieUnresolved)."""
    unresolved: list[QuotaTie] = []
    for quota in document["scoring"].get("quotas", []):
        policy = quota.get("ties", "committee")
        keys = quota.get("tie_break", [])
        scopes: dict[str, list[_Work]] = defaultdict(list)
        for w in works.values():
            if w.assessed:
                scopes[w.subject.category if quota.get("scope") == "category" else ""].append(w)
        for scope, members in scopes.items():
            allowed = places(quota["max_share"], len(members))

            order = partial(_quota_order, keys)
            holders = sorted((w for w in members if w.grade == quota["grade"]), key=order)
            groups: list[list[_Work]] = []
            for w in holders:
                if groups and order(groups[-1][0]) == order(w):
                    groups[-1].append(w)
                else:
                    groups.append([w])
            admitted, full = 0, False
            for group in groups:
                if full or admitted >= allowed:
                    for w in group:
                        _demote(w, document, categories, quota["grade"])
                    full = True
                    continue
                if admitted + len(group) <= allowed:
                    admitted += len(group)
                    continue
                left = allowed - admitted
                full = True
                tie = _tie_key(quota, scope)
                if policy == "all_in":
                    for w in group:
                        w.flags.append(f"quota_tie_all_in:{quota['grade']}")
                elif policy == "all_out":
                    for w in group:
                        _demote(w, document, categories, quota["grade"])
                elif tie in decisions:
                    chosen = set(decisions[tie])
                    ids = {w.subject.id for w in group}
                    if not chosen <= ids or len(chosen) > left:
                        raise ValueError(
                            f"the decision on the tie for {quota['grade']} ({tie}) must choose at "
                            f"most {left} of {sorted(ids)}"
                        )
                    for w in group:
                        if w.subject.id in chosen:
                            w.flags.append(f"quota_committee:{quota['grade']}")
                        else:
                            _demote(w, document, categories, quota["grade"])
                else:
                    unresolved.append(
                        QuotaTie(
                            key=tie,
                            grade=quota["grade"],
                            scope=scope,
                            places=left,
                            tied=tuple(sorted(w.subject.id for w in group)),
                            rank=group[0].rank or 0,
                        )
                    )
    if unresolved:
        raise QuotaTieUnresolved(tuple(unresolved))


def _stars(
    scoring: Mapping[str, Any], works: Mapping[str, _Work], categories: Mapping[str, Any]
) -> None:
    spec = scoring.get("stars")
    assessed = [w for w in works.values() if w.assessed]
    for w in assessed:
        bands = categories.get(w.subject.category, {}).get("grades") or scoring.get("grades", [])
        band = next((b for b in bands if b["code"] == w.grade), None)
        if band is not None and "stars" in band:
            w.stars = int(band["stars"])
    if not spec:
        return
    n = len(assessed)
    for w in assessed:
        w.stars = 0
        if not w.honours or w.rank is None:
            continue
        for level in sorted(spec["levels"], key=lambda lv: share(lv["top"])):
            if within(w.rank, level["top"], n):
                floor_ok = not spec.get("floor") or w.total >= evaluate(spec["floor"], w.vars)
                if floor_ok:
                    w.stars = int(level["stars"])
                else:
                    w.flags.append("stars_below_floor")
                break


def _consequences(scoring: Mapping[str, Any], w: _Work, count: int) -> None:
    if "bar_redemption" in w.vetoes:
        w.flags.append("veto:bar_redemption")
    for k, cons in enumerate(scoring.get("consequences", [])):
        holds = not cons.get("when") or f"$.scoring.consequences[{k}].when" in w.holds
        if w.grade in cons["grades"] and holds:
            w.flags.append(cons["flag"])
    if not w.assessed:
        return
    names = {**w.vars, "rank": float(w.rank or 0), "count": float(count)}
    names["rank_from_bottom"] = float(w.rank_from_bottom or 0)
    for flag in scoring.get("flags", []):
        if flag.get("per"):
            continue  # decided sub-period by sub-period (_sub_period_flags)
        if evaluate(flag["when"], names, f"flags.{flag['code']}"):
            w.flags.append(flag["code"])
    for e in w.entries:
        if e.escalation:
            w.flags.append(f"escalation:{e.escalation}")


def _to_date(
    document: Mapping[str, Any],
    w: _Work,
    specs: Mapping[str, Any],
    categories: Mapping[str, Any],
    parts_done: Mapping[str, int],
    end: date,
) -> dict[str, float]:
    """The subject's names as they stood at `end`: buckets from the entries up to then (a
    sub-period bucket from its sub-periods done by then), formulas and total recomputed."""
    names = dict(w.vars)
    sums: dict[str, float] = defaultdict(float)
    for e, p in zip(w.entries, w.points, strict=True):
        if e.bucket in specs and e.occurred_on <= end:
            sums[e.bucket] += p
    for code, spec in specs.items():
        unit = spec.get("per", "period")
        if unit == "period":
            names[code] = _clamp(_initial(code, spec, w, categories) + sums[code], spec)
        else:
            done = [v for v in w.subs.get(code, [])[: parts_done[unit]] if v is not None]
            if not done:
                names[code] = 0.0
            elif spec.get("aggregate", "sum") == "mean":
                names[code] = sum(done) / len(done)
            else:
                names[code] = sum(done)
    scoring = document["scoring"]
    formulas = scoring.get("formulas") or {}
    for name in _formula_order(formulas):
        names[name] = evaluate(str(formulas[name]), names, f"$.scoring.formulas.{name}")
    total = evaluate(scoring["total"], names, "$.scoring.total")
    if scoring.get("clamp"):
        total = max(scoring["clamp"][0], min(scoring["clamp"][1], total))
    names["total"] = round(total, scoring.get("round", ROUND)) + 0.0
    return names


def _sub_period_flags(
    document: Mapping[str, Any],
    works: Mapping[str, _Work],
    period: Period,
    specs: Mapping[str, Any],
    categories: Mapping[str, Any],
) -> None:
    """Flags decided in each sub-period (`per: month`): the names stand as of the
    sub-period's end (`total`, buckets, `rank` and `rank_from_bottom` among the assessed),
    `points_lost` / `points_gained` / `count_deductions` are the sub-period's own, `count`
    the assessed. A flag that holds in any sub-period is set, with its start date too
    (`parent_meeting@2024-10-01`)."""
    flags = [f for f in document["scoring"].get("flags", []) if f.get("per")]
    if not flags:
        return
    assessed = [w for w in works.values() if w.assessed]
    units = {s.get("per", "period") for s in specs.values()} - {"period"}
    for per in {f["per"] for f in flags}:
        parts = sub_periods(period, per)
        for part in parts:
            done = {u: sum(1 for p in sub_periods(period, u) if p.end <= part.end) for u in units}
            names = {w: _to_date(document, w, specs, categories, done, part.end) for w in assessed}
            keyed = [(names[w]["total"], w) for w in assessed]
            top = _competition(keyed, best_first=True)
            bottom = _competition(keyed, best_first=False)
            for w in assessed:
                inside = [
                    (e, p)
                    for e, p in zip(w.entries, w.points, strict=True)
                    if part.start <= e.occurred_on <= part.end
                ]
                values = {
                    **names[w],
                    **_movement([e for e, _ in inside], [p for _, p in inside]),
                    "rank": float(top[w]),
                    "rank_from_bottom": float(bottom[w]),
                    "count": float(len(assessed)),
                }
                for flag in flags:
                    if flag["per"] == per and evaluate(
                        flag["when"], values, f"flags.{flag['code']}"
                    ):
                        w.flags.append(flag["code"])
                        w.flags.append(f"{flag['code']}@{part.start.isoformat()}")


def _sub_period_totals(
    document: Mapping[str, Any],
    works: Mapping[str, _Work],
    period: Period,
    specs: Mapping[str, Any],
) -> None:
    """What each bucket gained or lost in each sub-period (`period.sub_period`), for reports
    (a weekly summary, a monthly report to parents) and `rules simulate`."""
    unit = (document.get("period") or {}).get("sub_period")
    if not unit or unit == "none":
        return
    parts = sub_periods(period, unit)
    for w in works.values():
        rows = []
        for part in parts:
            moved: dict[str, float] = {}
            for e, p in zip(w.entries, w.points, strict=True):
                if e.bucket in specs and part.start <= e.occurred_on <= part.end:
                    moved[e.bucket] = round(moved.get(e.bucket, 0.0) + p, 6) + 0.0
            rows.append({"start": part.start, "end": part.end, "buckets": moved})
        w.sub_periods = rows


def _result(w: _Work) -> SubjectResult:
    explain = tuple(
        ExplainLine(
            e.event_id,
            e.item,
            round(p, 6) + 0.0,
            e.rule if e.bucket else f"{e.rule} (veto {e.veto})",
        )
        for e, p in zip(w.entries, w.points, strict=True)
    )
    return SubjectResult(
        id=w.subject.id,
        category=w.subject.category,
        total=w.total if w.assessed else None,
        buckets=MappingProxyType({k: round(v, 6) + 0.0 for k, v in w.buckets.items()}),
        variables=MappingProxyType(dict(w.vars)),
        grade=w.grade if w.assessed else None,
        rank=w.rank,
        stars=w.stars,
        vetoed=bool(w.vetoes),
        redeemable="bar_redemption" not in w.vetoes,
        flags=tuple(dict.fromkeys(w.flags)),
        explain=explain,
        sub_periods=tuple(
            SubPeriodPoints(r["start"], r["end"], MappingProxyType(r["buckets"]))
            for r in w.sub_periods
        ),
    )
