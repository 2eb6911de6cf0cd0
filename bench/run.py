"""The one bench command: every figure of issue 13 against its target, in one run.

Run: .venv/bin/python bench/run.py [--quick] [--only NAME ...] [--keep-logs DIR]

Runs each bench script in its own process (each builds its data in a tenant or database
of its own and drops it afterwards), collects the lines they print in the shared format

    RATIO <name> <value>      product / floor measured in the same run (or the reverse,
                              see the target), e.g. `RATIO ingest_bulk 0.183`
    P95_MS <name> <value>     95th percentile in milliseconds
    SECONDS <name> <value>    a wall time
    MIB <name> <value>        memory

and prints a summary table against the issue's targets: met, not met, or not available
(a script that is missing, failed, or printed no such line: never a made-up figure).
`--quick` runs the small sizes (about 5 minutes in all on two quiet cores).

The scripts: `ingest.py` (bulk import and single events), `rollover.py` (the period
rollover against a raw GROUP BY), `reads.py` (GraphQL pages, if present),
`ruleset_memory.py` (1,000 loaded ruleset versions) and `tenant_scale.py` (cloning a
tenant, `jifen migrate` over many schemas). Each line in the summary names its floor as
the script printed it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LINE = re.compile(r"^(RATIO|P95_MS|SECONDS|MIB) ([a-z0-9_]+) (-?[0-9.]+|nan|inf)\b(.*)$")


@dataclass(frozen=True)
class Target:
    """One row of the issue's table: which line, which way is better, how far."""

    kind: str
    name: str
    what: str
    op: str  # "<=", ">=", "<"
    limit: float
    script: str


TARGETS = [
    Target("RATIO", "ingest_bulk", "bulk import / COPY floor", ">=", 0.25, "ingest"),
    Target("P95_MS", "event_write", "single event write p95", "<", 20, "ingest"),
    Target("RATIO", "rollover", "rollover / raw GROUP BY", "<=", 10, "rollover"),
    Target("P95_MS", "member_points", "a member's points page p95", "<", 20, "reads"),
    Target("P95_MS", "branch_results", "a branch's results page p95", "<", 20, "reads"),
    Target("P95_MS", "county_results", "the county's results page p95", "<", 50, "reads"),
    Target("P95_MS", "review_queue", "review queue, first 100, p95", "<", 40, "reads"),
    Target("MIB", "ruleset_versions_1000", "1,000 loaded ruleset versions", "<", 128, "memory"),
    Target("SECONDS", "tenant_provision", "provisioning a tenant (clone)", "<", 2, "tenancy"),
    Target("SECONDS", "migrate_1000_tenants", "jifen migrate, 1,000 schemas", "<", 600, "tenancy"),
]


def scripts(quick: bool) -> dict[str, list[str]]:
    """Each bench's command line, at the quick or the issue's sizes."""
    py = sys.executable
    return {
        "ingest": [py, str(BENCH / "ingest.py"), *(["--quick"] if quick else [])],
        "rollover": [py, str(BENCH / "rollover.py"), *(["--quick"] if quick else [])],
        "reads": [py, str(BENCH / "reads.py"), *(["--quick"] if quick else [])],
        "memory": [py, str(BENCH / "ruleset_memory.py")],
        "tenancy": [
            py, str(BENCH / "tenant_scale.py"),
            *(["--quick"] if quick else ["--tenants", "1000", "--check-sample", "20"]),
        ],
    }  # fmt: skip


def met(target: Target, value: float) -> bool:
    return {
        "<": value < target.limit,
        "<=": value <= target.limit,
        ">=": value >= target.limit,
    }[target.op]


def run_one(name: str, argv: list[str], log_dir: Path) -> tuple[dict, str, float]:
    """Run one script, echoing its output; returns (its figures, its status, seconds)."""
    figures: dict[tuple[str, str], tuple[float, str]] = {}
    if not Path(argv[1]).exists():
        print(f"== {name}: {Path(argv[1]).name} not available in this checkout", flush=True)
        return figures, "not available (no script)", 0.0
    print(f"== {name}: {' '.join(Path(a).name if '/' in a else a for a in argv)}", flush=True)
    started = time.monotonic()
    log = (log_dir / f"{name}.log").open("w")
    process = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    assert process.stdout is not None
    floor = ""
    for line in process.stdout:
        log.write(line)
        # structured log lines (JSON) go to the log only; what the script says is shown
        if not line.startswith("{"):
            print(f"   {line.rstrip()}", flush=True)
        if line.lower().startswith("floor") or " floor" in line.split("RATIO")[0]:
            floor = line.strip()  # the floor as the script described it, for the summary
        found = LINE.match(line.strip())
        if found:
            kind, key, value, rest = found.groups()
            rest = rest.strip()
            if kind == "RATIO" and "floor" not in rest and floor:
                rest = f"{rest} [{floor[:120]}]"
            figures[(kind, key)] = (float(value), rest)
    code = process.wait()
    log.close()
    elapsed = time.monotonic() - started
    status = "ok" if code == 0 else f"failed (exit {code}; see {log_dir / (name + '.log')})"
    return figures, status, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, about 5 minutes")
    parser.add_argument(
        "--only", nargs="*", choices=["ingest", "rollover", "reads", "memory", "tenancy"]
    )
    parser.add_argument(
        "--keep-logs", type=Path, help="folder for each script's full output (default: data dir)"
    )
    args = parser.parse_args()
    data_dir = Path(os.environ.get("JIFEN_DATA_DIR", ROOT / ".jifen")).resolve()
    log_dir = args.keep_logs or data_dir / "bench-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"bench run ({'quick' if args.quick else 'full'} sizes): {os.cpu_count()} cores,"
        f" load {load}, data in {data_dir}",
        flush=True,
    )
    started = time.monotonic()
    figures: dict[tuple[str, str], tuple[float, str]] = {}
    status: dict[str, str] = {}
    for name, argv in scripts(args.quick).items():
        if args.only and name not in args.only:
            status[name] = "not run (--only)"
            continue
        found, status[name], seconds = run_one(name, argv, log_dir)
        figures.update(found)
        print(f"== {name}: {status[name]} in {seconds:.0f} s", flush=True)
    total = time.monotonic() - started
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nsummary ({total / 60:.1f} min, load at the end {load}):", flush=True)
    counts = {"met": 0, "not met": 0, "not available": 0}
    for target in TARGETS:
        goal = f"target {target.op} {target.limit:g}"
        if (target.kind, target.name) in figures:
            value, note = figures[(target.kind, target.name)]
            verdict = "met" if met(target, value) else "not met"
            line = f"{target.kind} {target.name} {value:g}"
        else:
            verdict, line = "not available", f"{target.kind} {target.name} -"
            note = status.get(target.script, "")
            if note == "ok":
                note = "the script printed no such line"
        counts[verdict] += 1
        print(f"{line:<40} {goal:<16} {verdict:<14} {target.what}; {note}")
    extra = sorted(set(figures) - {(t.kind, t.name) for t in TARGETS})
    for kind, key in extra:
        value, note = figures[(kind, key)]
        print(f"{kind} {key} {value:g}  (no target) {note}")
    print(
        f"{counts['met']} met, {counts['not met']} not met, "
        f"{counts['not available']} not available",
        flush=True,
    )
    return (
        0
        if all(
            s in ("ok", "not run (--only)") or s.startswith("not available")
            for s in status.values()
        )
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
