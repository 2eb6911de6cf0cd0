"""`jifen demo`'s supervisor (`cli.run_together`): a child that dies is started again; one
that keeps dying stops everything with a message that names it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SUPERVISE = textwrap.dedent(
    """
    import sys
    from jifen.cli import run_together
    py = sys.executable
    sys.exit(run_together({
        "web": [py, "-c", "import time; time.sleep(600)"],
        "worker": [py, "-c", sys.argv[1]],
    }, restarts=2, window=60, backoff=0.2))
    """
)
PID_THEN_SLEEP = "import os, sys, time; open(%r, 'a').write(f'{os.getpid()}\\n'); time.sleep(600)"


def _pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_killed_worker_is_started_again(tmp_path):
    pids = tmp_path / "worker.pids"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISE, PID_THEN_SLEEP % str(pids)],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(lambda: len(_pids(pids)) == 1)
        [first] = _pids(pids)
        os.kill(first, signal.SIGKILL)
        # the supervisor starts a new worker, and keeps running
        _wait_for(lambda: len(_pids(pids)) == 2)
        assert supervisor.poll() is None
        second = _pids(pids)[1]
        assert second != first
        os.kill(second, 0)  # alive
    finally:
        supervisor.send_signal(signal.SIGTERM)
        out, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0
    assert "worker exited with -9; starting it again" in out
    assert "all processes stopped." in out


def test_a_worker_that_keeps_dying_stops_everything_with_a_clear_message():
    supervisor = subprocess.run(
        [sys.executable, "-c", SUPERVISE, "raise SystemExit(3)"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert supervisor.returncode == 3
    assert supervisor.stdout.count("starting it again") == 2
    assert "worker exited with 3 3 times within 60 s; giving up and stopping the others" in (
        supervisor.stdout
    )
    assert supervisor.stdout.rstrip().endswith("all processes stopped.")
