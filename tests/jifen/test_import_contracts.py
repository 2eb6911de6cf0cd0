"""The data flow goes one way: the import contracts in pyproject.toml hold.

The rules engine imports nothing of the platform, no domain slice reaches up into the
GraphQL layer, the ledger knows nothing of its readers, shared services never import the
procedure, query resolvers read through selectors, and metrics never import the Celery app (`lint-imports` names the import chain of
any breach).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
