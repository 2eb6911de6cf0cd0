"""Load, resolve and validate a ruleset file into its effective document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from rulesets.errors import Problem, RulesetInvalid
from rulesets.inheritance import Resolver, effective_document
from rulesets.loader import LineMap, load, loads
from rulesets.validator import locate, schema_problems, semantic_problems

TEMPLATES = Path(__file__).parent / "templates"


def directory_resolver(*folders: Path) -> Resolver:
    """Find a parent ruleset by its `ruleset:` code among the YAML files of `folders`."""

    def resolve(code: str, on: date | None) -> Mapping[str, Any] | None:
        for folder in folders:
            for path in sorted(folder.glob("*.yaml")):
                try:
                    doc, _ = load(path)
                except RulesetInvalid:
                    continue
                if doc.get("ruleset") == code:
                    return doc
        return None

    return resolve


def validate(
    doc: Mapping[str, Any],
    lines: LineMap | None = None,
    filename: str = "",
    resolver: Resolver | None = None,
    on: date | None = None,
) -> dict[str, Any]:
    """Return the effective (merged) document or raise RulesetInvalid with located problems."""
    partial = bool(doc.get("extends"))
    problems = schema_problems(doc, partial=partial)
    if problems:
        raise RulesetInvalid(locate(problems, lines, filename))
    effective = dict(doc)
    if partial:
        try:
            effective = effective_document(doc, resolver, on)
        except RulesetInvalid as exc:
            raise RulesetInvalid(locate(exc.problems, lines, filename)) from None
        problems = [
            Problem(p.path, f"{p.message} (in the merged ruleset)", p.hint)
            for p in schema_problems(effective)
        ]
        if problems:
            raise RulesetInvalid(locate(problems, lines, filename))
    problems = semantic_problems(effective)
    if problems:
        raise RulesetInvalid(locate(problems, lines, filename))
    return effective


def load_ruleset(
    path: str | Path, resolver: Resolver | None = None, on: date | None = None
) -> dict[str, Any]:
    """Parse and validate a ruleset file; parents resolve from its folder and the templates."""
    p = Path(path)
    doc, lines = load(p)
    resolver = resolver or directory_resolver(p.parent, TEMPLATES)
    return validate(doc, lines, str(p), resolver, on)


def load_text(
    text: str, filename: str = "<string>", resolver: Resolver | None = None, on: date | None = None
) -> dict[str, Any]:
    doc, lines = loads(text, filename)
    return validate(doc, lines, filename, resolver or directory_resolver(TEMPLATES), on)


def check(path: str | Path) -> list[Problem]:
    """Every problem of one file (empty when valid); never raises for a bad ruleset."""
    try:
        load_ruleset(path)
    except RulesetInvalid as exc:
        return exc.problems
    return []
