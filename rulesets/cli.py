"""`jifen rules check FILE…` and `jifen rules simulate FILE …` (argv starts after `rules`)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from rulesets.document import check, load_ruleset
from rulesets.errors import RulesetError, RulesetInvalid


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jifen rules", description="Ruleset tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate ruleset files")
    c.add_argument("files", nargs="+")
    s = sub.add_parser("simulate", help="evaluate one period of events")
    s.add_argument("file")
    s.add_argument("--subjects", required=True)
    s.add_argument("--events", required=True)
    s.add_argument("--period-start", type=date.fromisoformat)
    s.add_argument("--format", choices=["json", "table"], default="json")
    return parser


def _table(result: dict) -> str:
    head = f"{result['ruleset']} {result['version']} {result['period']['start']}..{result['period']['end']}"
    rows = [
        head,
        f"{'id':<12} {'category':<12} {'total':>8} {'grade':<14} {'rank':>4} "
        f"{'stars':>5} {'veto':<5} flags",
    ]
    for s in result["subjects"]:
        total = "-" if s["total"] is None else f"{s['total']:g}"
        rows.append(
            f"{s['id']:<12} {s['category']:<12} {total:>8} {s['grade'] or '-':<14} "
            f"{s['rank'] or '-':>4} {'-' if s['stars'] is None else s['stars']:>5} "
            f"{'yes' if s['vetoed'] else 'no':<5} {','.join(s['flags'])}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 valid/ok, 1 problems, 2 usage)."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        problems = []
        for f in args.files:
            found = check(f)
            problems += found
            for p in found:
                print(f"{p.file}:{p.line}: {p.path}: {p.message}")
            if not found:
                print(f"{f}: ok")
        return 1 if problems else 0
    from rulesets.simulate import simulate_files

    try:
        document = load_ruleset(args.file)
        result = simulate_files(document, args.subjects, args.events, args.period_start)
    except RulesetInvalid as exc:
        for p in exc.problems:
            print(f"{p.file}:{p.line}: {p.path}: {p.message}")
        return 1
    except RulesetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_table(result))
    return 0
