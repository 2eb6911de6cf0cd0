"""docs/architecture.md walks one declaration call by call: every name it gives exists.

A renamed function leaves the walk pointing at nothing; this test names each such place.
`path::name` must be defined in that file (`Class.method`: both); any other name in
backticks must be defined, called, or written as a value somewhere in the code.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("platform/jifen", "rulesets", "workers", "tenants")


def _walk() -> list[str]:
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    walk = text.split("## What moved where")[0]
    walk = re.sub(r"```.*?```", "", walk, flags=re.S)  # the figure
    return re.findall(r"`([^`]+)`", walk)


def _defines(name: str, text: str) -> bool:
    name = re.escape(name)
    return bool(
        re.search(rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b|^\s*{name}\s*[:=]", text, re.M)
    )


def _code() -> str:
    files = [p for base in SOURCES for p in (ROOT / base).rglob("*.py")]
    schema = ROOT / "platform/jifen/schema.graphql"
    return "\n".join(p.read_text(encoding="utf-8") for p in [*files, schema])


def test_every_name_in_the_walk_exists_in_the_code():
    code = _code()
    missing = []
    for span in _walk():
        name = re.sub(r"\(.*\)$", "", " ".join(span.split()))
        if "::" in name:
            path, defined = name.split("::")
            file = next(
                (f for f in (ROOT / "platform/jifen" / path, ROOT / path) if f.exists()), None
            )
            if file is None:
                missing.append(f"{span}: no file {path}")
                continue
            text = file.read_text(encoding="utf-8")
            missing += [
                f"{span}: no {part} in {path}"
                for part in defined.split(".")
                if not _defines(part, text)
            ]
        elif re.fullmatch(r"[A-Za-z_][\w.]*", name) and not name.endswith(".py"):
            last = name.split(".")[-1]
            used = rf"\.{re.escape(last)}\(|[\"']{re.escape(last)}[\"']|^\s*{re.escape(last)}[:(]"
            if not (_defines(last, code) or re.search(used, code, re.M) or last.isupper()):
                missing.append(f"{span}: not in the code")
        elif name.endswith(".py") and not any(
            (ROOT / b / name).exists() for b in ("platform/jifen", "platform", ".")
        ):
            missing.append(f"{span}: no such file")
    assert not missing, "docs/architecture.md names what the code lacks:\n" + "\n".join(missing)
