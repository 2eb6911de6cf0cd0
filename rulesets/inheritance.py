"""`extends`: the effective ruleset is the parent merged with the child's overrides.

Lists of coded things (buckets, items, categories, grade bands, vetoes …) merge by `code`:
a child entry with a parent's code replaces the fields it names, new codes are appended, and
`remove:` drops parent entries. Mappings merge key by key; scalars are replaced. Resolution
goes through a callback, so a parent's new version reaches every child from its effective
date without copying.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from rulesets.errors import Problem, RulesetInvalid

# resolver(ruleset_code, on_date) -> the parent's document in force on that date (or None)
Resolver = Callable[[str, date | None], Mapping[str, Any] | None]

MAX_DEPTH = 16


def _is_coded_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "code" in v for v in value)
    )


def merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Merge one child document over one parent document (pure; inputs are not mutated)."""
    out = _merge(parent, child)
    out.pop("extends", None)
    out["ruleset"] = child.get("ruleset", out.get("ruleset"))
    return out


def _merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    # Recursive part: document-level keys (`ruleset`, `extends`) are settled by `merge` only,
    # so merging an item or a bucket never gives it a `ruleset` key.
    out: dict[str, Any] = copy.deepcopy(dict(parent))
    for key, value in child.items():
        if key in ("extends", "remove"):
            continue
        base = out.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            out[key] = _merge(base, value)
        elif _is_coded_list(base) and isinstance(value, list) and _is_coded_list(value):
            by_code = {entry["code"]: i for i, entry in enumerate(base)}
            merged = list(base)
            for entry in value:
                if entry["code"] in by_code:
                    merged[by_code[entry["code"]]] = _merge(merged[by_code[entry["code"]]], entry)
                else:
                    merged.append(copy.deepcopy(entry))
            out[key] = merged
        else:
            out[key] = copy.deepcopy(value)
    for section, codes in (child.get("remove") or {}).items():
        if isinstance(out.get(section), list):
            out[section] = [e for e in out[section] if e.get("code") not in set(codes)]
    return out


def effective_document(
    document: Mapping[str, Any], resolver: Resolver | None = None, on: date | None = None
) -> dict[str, Any]:
    """Resolve the whole `extends` chain of `document` as it stands on date `on`."""
    chain = [dict(document)]
    seen = [str(document.get("ruleset"))]
    while chain[-1].get("extends"):
        ref = str(chain[-1]["extends"])
        if ref in seen or len(chain) > MAX_DEPTH:
            raise RulesetInvalid(
                [
                    Problem(
                        "$.extends",
                        f"inheritance cycle: {' -> '.join([*seen, ref])}",
                        "a ruleset cannot extend itself, directly or through its parents",
                    )
                ]
            )
        parent = resolver(ref, on) if resolver else None
        if parent is None:
            raise RulesetInvalid(
                [
                    Problem(
                        "$.extends",
                        f"parent ruleset {ref!r} not found",
                        "publish the parent first or fix the code",
                    )
                ]
            )
        seen.append(ref)
        chain.append(dict(parent))
    result = chain[-1]
    for child in reversed(chain[:-1]):
        result = merge(result, child)
    result.pop("extends", None)
    return result
