"""Safe formula evaluation (simpleeval, never Python `eval`) with name checking up front."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from functools import lru_cache

import simpleeval

from rulesets.errors import FormulaError


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


FUNCTIONS = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "clamp": _clamp,
    "floor": lambda x: float(int(x // 1)),
}
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Mod,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.FloorDiv,
)


@lru_cache(maxsize=4096)
def names_in(expression: str) -> frozenset[str]:
    """Variable names an expression reads; raises FormulaError on syntax it does not allow."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(expression, f"syntax error at column {exc.offset}: {exc.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(expression, f"{type(node).__name__} is not allowed in a formula")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise FormulaError(
                    expression, f"unknown function; allowed: {', '.join(sorted(FUNCTIONS))}"
                )
            if node.keywords:
                raise FormulaError(expression, "keyword arguments are not allowed")
        if isinstance(node, ast.Name) and not (node.id in FUNCTIONS and _is_called(tree, node)):
            names.add(node.id)
    return frozenset(names)


def _is_called(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


@lru_cache(maxsize=4096)
def _parsed(expression: str) -> ast.AST:
    """simpleeval's parse, once per expression (a close evaluates each per subject)."""
    return simpleeval.SimpleEval.parse(expression)


def evaluate(expression: str, names: Mapping[str, float], path: str = "") -> float:
    """Evaluate `expression` with `names`; errors name the expression and its path."""
    missing = names_in(expression) - set(names)
    if missing:
        raise FormulaError(expression, f"unknown name(s): {', '.join(sorted(missing))}", path)
    evaluator = simpleeval.SimpleEval(names=dict(names), functions=FUNCTIONS)
    try:
        value = evaluator.eval(expression.strip(), previously_parsed=_parsed(expression.strip()))
    except ZeroDivisionError:
        raise FormulaError(expression, "division by zero", path) from None
    except Exception as exc:  # simpleeval raises many types; all mean "bad formula"
        raise FormulaError(expression, str(exc), path) from None
    if isinstance(value, bool):
        return float(value)
    if not isinstance(value, int | float):
        raise FormulaError(expression, f"result {value!r} is not a number", path)
    return float(value)
