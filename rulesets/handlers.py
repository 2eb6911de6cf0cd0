"""Built-in effect handlers (importing this module registers them).

They run after durable-rules has matched an event: they shape its points, and read the
engine's verdicts on conditions from `draft.holds`, never deciding a condition themselves.
The built-in condition tests live in `conditions.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rulesets.conditions import parse
from rulesets.contracts import EvaluationContext, Event
from rulesets.errors import EvaluationError
from rulesets.i18n import _
from rulesets.registry import Draft, register_effect


def base_points(item: Mapping[str, Any], event: Event) -> float:
    """Points of one occurrence before any combination rule."""
    if "points" in item:
        points = float(item["points"])
    elif "points_by" in item:
        spec = item["points_by"]
        value = event.attributes.get(spec["attribute"])
        if value not in spec["values"]:
            raise EvaluationError(
                _("item %(item)s needs event attribute %(name)s in %(values)s, got %(value)s")
                % {
                    "item": repr(item["code"]),
                    "name": repr(spec["attribute"]),
                    "values": sorted(spec["values"]),
                    "value": repr(value),
                }
            )
        points = float(spec["values"][value])
    elif "points_range" in item:
        low, high = item["points_range"]
        value = event.attributes.get("points")
        if not isinstance(value, int | float) or not low <= value <= high:
            raise EvaluationError(
                _(
                    "item %(item)s is scored case by case: event attribute 'points' must be a "
                    "number in [%(low)s, %(high)s], got %(value)s"
                )
                % {"item": repr(item["code"]), "low": low, "high": high, "value": repr(value)}
            )
        points = float(value)
    else:  # votes: vote-weighted mean, e.g. (优秀×100 + 良好×80 + 合格×60 + 差×40) / votes
        votes = event.attributes.get("votes")
        weights = item["votes"]
        if not isinstance(votes, Mapping) or not votes:
            raise EvaluationError(
                _("item %(item)s needs event attribute 'votes'") % {"item": repr(item["code"])}
            )
        unknown = set(votes) - set(weights)
        if unknown:
            raise EvaluationError(
                _("unknown vote kinds %(unknown)s; use %(kinds)s")
                % {"unknown": sorted(unknown), "kinds": sorted(weights)}
            )
        count = sum(float(n) for n in votes.values())
        if count <= 0:
            raise EvaluationError(_("item %(item)s: no votes cast") % {"item": repr(item["code"])})
        return sum(float(n) * weights[k] for k, n in votes.items()) / count
    if item.get("per_quantity", True):
        points *= event.quantity
    return points


@register_effect("role_multiplier")
class RoleMultiplier:
    """Class officers lose double (seed 004 art. 2): multiply matching subjects' points."""

    stage = 10

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return bool(document.get("combination", {}).get("role_multipliers"))

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        for k, rule in enumerate(document["combination"]["role_multipliers"]):
            scope = rule.get("applies_to", "deductions")
            if (scope == "deductions" and draft.points >= 0) or (
                scope == "bonuses" and draft.points <= 0
            ):
                continue
            if rule.get("buckets") and draft.bucket not in rule["buckets"]:
                continue
            path = f"$.combination.role_multipliers[{k}].when"
            if draft.holds.get(path):
                draft.points *= rule["factor"]
                condition = parse(rule["when"], path).describe()
                draft.notes.append(f"×{rule['factor']:g} for {condition}")


@register_effect("collective")
class CollectiveShare:
    """A collective commendation gives every member a share of the item (seed 000 §14)."""

    stage = 20

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return "collective" in document.get("combination", {})

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        spec = document["combination"]["collective"]
        if event.attributes.get(spec.get("attribute", "collective")):
            draft.points *= spec["share"]
            draft.notes.append(f"collective share {spec['share']:g}")


@register_effect("fraud")
class FraudPenalty:
    """A declaration found false costs the item's points times a factor (seed 000 §17)."""

    stage = 30

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return "fraud" in document.get("combination", {})

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        spec = document["combination"]["fraud"]
        if event.attributes.get(spec.get("attribute", "fraudulent")):
            draft.points = -abs(draft.points) * spec["factor"]
            draft.bucket = spec.get("bucket", draft.bucket)
            draft.notes.append(f"false declaration: -{spec['factor']:g}× the item")


@register_effect("snapshot_raw")
class SnapshotRaw:
    """Everything after this stage is a limit; period close re-applies limits to raw points."""

    stage = 40

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return True

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        draft.raw_points = draft.points


def _cap(draft: Draft, allowed: float, why: str) -> None:
    if allowed != draft.points:
        if draft.capped_from is None:
            draft.capped_from = draft.points
        draft.points = allowed
        draft.notes.append(why)


@register_effect("item_limit")
class ItemLimit:
    """At most N occurrences, or at most P points, of one item per period."""

    stage = 50

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return "limit" in item

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        limit = draft.item["limit"]
        if "occurrences" in limit and context.item_occurrences >= limit["occurrences"]:
            _cap(draft, 0.0, f"limit of {limit['occurrences']} occurrences reached")
        if "points" in limit:
            bound = float(limit["points"])
            so_far = context.item_points
            if bound >= 0:
                allowed = max(0.0, min(draft.points, bound - so_far))
            else:
                allowed = min(0.0, max(draft.points, bound - so_far))
            _cap(draft, allowed, f"item limit {bound:g} per period")


@register_effect("group")
class LargestOnly:
    """Of several items for one incident (or one bonus category) only the largest counts."""

    stage = 60

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return bool(item.get("group"))

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        group = next(
            g for g in document["combination"]["groups"] if g["code"] == draft.item["group"]
        )
        key_attr = group.get("key")
        key = str(event.attributes.get(key_attr, "")) if key_attr else "period"
        draft.group = f"{group['code']}:{key}"
        previous = float(context.group_points.get(draft.group, 0.0))
        if abs(draft.points) <= abs(previous):
            _cap(draft, 0.0, f"a larger item already counted for {draft.group}")
        else:
            _cap(draft, draft.points - previous, f"only the largest of {draft.group} counts")


@register_effect("bucket_bounds")
class BucketBounds:
    """Keep a per-period bucket inside its floor and cap ("扣完为止", "上限封顶")."""

    stage = 70

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return True

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        bucket = next((b for b in document["buckets"] if b["code"] == draft.bucket), None)
        if bucket is None or bucket.get("per", "period") != "period":
            return
        if draft.bucket not in context.bucket_totals:
            return
        current = float(context.bucket_totals[draft.bucket])
        target = current + draft.points
        if bucket.get("cap") is not None:
            target = min(target, float(bucket["cap"]))
        if bucket.get("floor") is not None:
            target = max(target, float(bucket["floor"]))
        allowed = max(min(target - current, max(draft.points, 0.0)), min(draft.points, 0.0))
        _cap(draft, allowed, f"bucket {draft.bucket} bounds")


@register_effect("veto")
class ItemVeto:
    """An item that is itself a veto (留党察看 → 全年无积分)."""

    stage = 80

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return "veto" in item

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        draft.veto = draft.item["veto"]


@register_effect("escalate")
class Escalate:
    """Raise an escalation (talk, parent meeting) at the N-th occurrence in the period."""

    stage = 90

    def applies(self, document: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
        return "escalate" in item

    def apply(
        self, draft: Draft, document: Mapping[str, Any], event: Event, context: EvaluationContext
    ) -> None:
        spec = draft.item["escalate"]
        if context.item_occurrences + 1 == spec["at_occurrence"]:
            draft.escalation = spec["code"]
