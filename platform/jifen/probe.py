"""Heartbeat files for the roles that serve no HTTP (worker, beat), and the probe that reads them.

A process proves it is not stuck by rewriting a small file from its own main loop (the worker's
event-loop timer, beat's scheduler tick); a thread of its own would keep ticking while the loop
it should vouch for hangs. Kubernetes runs `python -m jifen.probe worker|beat` as an exec probe:
it exits 0 while the file is fresher than `--max-age` seconds and 1 otherwise, saying why.

Files, under `JIFEN_HEARTBEAT_DIR` (default `$JIFEN_DATA_DIR/heartbeats`, on the pod's `/tmp`):

| file | written by | means |
| --- | --- | --- |
| `worker.alive` | the worker's event-loop timer | the main loop turns (liveness) |
| `worker.ready` | the consumer, while it consumes from the broker | it takes tasks (readiness) |
| `beat.alive` | beat after every scheduler tick | the scheduler turns (liveness, readiness) |

Standard library only: the probe starts a fresh interpreter every few seconds in every pod.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROLES = ("worker", "beat")


def heartbeat_dir() -> Path:
    """Where heartbeats live: the same folder for the process and its probe (same env)."""
    configured = os.environ.get("JIFEN_HEARTBEAT_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("JIFEN_DATA_DIR", ".jifen")).expanduser().resolve() / "heartbeats"


def heartbeat_path(role: str, kind: str = "alive") -> Path:
    """The file of one role's liveness (`alive`) or readiness (`ready`)."""
    return heartbeat_dir() / f"{role}.{kind}"


def heartbeat_write(path: Path) -> None:
    """Write the current time atomically, so the probe never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    scratch.write_text(f"{time.time():.3f}\n")
    os.replace(scratch, path)


def heartbeat_clear(path: Path) -> None:
    """Remove a heartbeat (a consumer that stopped consuming is not ready)."""
    path.unlink(missing_ok=True)


def heartbeat_age(path: Path, *, now: float | None = None) -> float | None:
    """Seconds since the last beat, or None when there is none."""
    try:
        written = float(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return max(0.0, (time.time() if now is None else now) - written)


def probe(role: str, *, ready: bool = False, max_age: float = 60.0) -> tuple[bool, str]:
    """(healthy, message) for one role's liveness, or readiness with `ready`."""
    path = heartbeat_path(role, "ready" if ready and role == "worker" else "alive")
    age = heartbeat_age(path)
    if age is None:
        return False, f"{role}: no heartbeat at {path}"
    if age > max_age:
        return False, f"{role}: last heartbeat {age:.0f} s ago (more than {max_age:.0f} s): stuck"
    return True, f"{role}: heartbeat {age:.1f} s ago"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jifen.probe", description=__doc__.split("\n")[0]
    )
    parser.add_argument("role", choices=ROLES)
    parser.add_argument(
        "--ready", action="store_true", help="readiness: the worker consumes from the broker"
    )
    parser.add_argument("--max-age", type=float, default=60.0, help="seconds (default 60)")
    args = parser.parse_args(argv)
    healthy, message = probe(args.role, ready=args.ready, max_age=args.max_age)
    print(message, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
