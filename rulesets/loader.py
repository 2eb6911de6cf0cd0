"""YAML loading that remembers the line of every JSON path, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rulesets.errors import Problem, RulesetInvalid


class LineMap(dict[str, int]):
    """JSON path (`$.items[3].points`) -> 1-based line number."""

    def line_for(self, path: str) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self:
                return self[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return self.get("$", 1)


def _construct(node: yaml.Node, path: str, lines: LineMap, dups: list[Problem]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)  # codes are plain scalars
            child = f"{path}.{key}"
            line = key_node.start_mark.line + 1
            if key in out:
                dups.append(Problem(child, f"duplicate key {key!r}", "remove one of them", line))
            lines[child] = line
            out[key] = _construct(value_node, child, lines, dups)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, f"{path}[{i}]", lines, dups) for i, v in enumerate(node.value)]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def loads(text: str, filename: str = "<string>") -> tuple[dict[str, Any], LineMap]:
    """Parse one YAML ruleset; raise RulesetInvalid with the line of any syntax error."""
    lines = LineMap()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise RulesetInvalid(
            [
                Problem(
                    "$",
                    f"YAML syntax error: {problem}",
                    "check indentation and quoting",
                    line,
                    filename,
                )
            ]
        ) from None
    if node is None or not isinstance(node, yaml.MappingNode):
        raise RulesetInvalid(
            [
                Problem(
                    "$",
                    "a ruleset must be a YAML mapping",
                    "start with `ruleset: <code>`",
                    1,
                    filename,
                )
            ]
        )
    dups: list[Problem] = []
    try:
        doc = _construct(node, "$", lines, dups)
    except yaml.YAMLError as exc:
        raise RulesetInvalid([Problem("$", f"YAML value error: {exc}", "", 1, filename)]) from None
    if dups:
        raise RulesetInvalid([Problem(p.path, p.message, p.hint, p.line, filename) for p in dups])
    return doc, lines


def load(path: str | Path) -> tuple[dict[str, Any], LineMap]:
    """Read and parse a ruleset file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetInvalid([Problem("$", f"cannot read file: {exc}", "", 0, str(p))]) from None
    return loads(text, str(p))
