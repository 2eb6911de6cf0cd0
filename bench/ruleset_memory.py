"""Benchmark: the memory of 1,000 loaded ruleset versions (issue 13, target < 128 MiB).

Run: .venv/bin/python bench/ruleset_memory.py [--versions 1000] [--compile-only]

A county keeps years of versions of its rulesets, and a worker that serves many tenants
loads all of them. The versions here are realistic: each is one of the shipped templates
with a small change, the way a county edits its ruleset (one item's points, a title, a
bucket's cap), so a version shares almost everything with its neighbours. Each version is
compiled (`rulesets.compiled`) as the product loads it, and (unless `--compile-only`) one event of
one of its items is scored through it, so the durable-rules state is built as well.

Memory is measured twice: the process's resident set (RSS, psutil; durable-rules' native
memory included) and Python's allocations (tracemalloc, which cannot see native memory),
both as the growth over the process before the first version. Prints
`MIB ruleset_versions_1000 <RSS growth>` and the figures it is made of.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def say(text: str) -> None:
    print(text, flush=True)


def variants(count: int) -> list[dict]:
    """`count` effective documents: the templates, each edited a little per version."""
    import rulesets
    from rulesets.document import TEMPLATES

    bases = []
    for path in sorted(TEMPLATES.glob("*.yaml")):
        try:
            bases.append(rulesets.load_ruleset(path))
        except rulesets.RulesetError:
            continue  # a template that needs a parent resolved elsewhere
    out = []
    for n in range(count):
        document = copy.deepcopy(bases[n % len(bases)])
        items = document.get("items") or []
        if items:
            # one edit per version, as a county edits: an item's points or its title, and
            # in every tenth version a new item (which changes the matching rules too)
            item = items[(n // len(bases)) % len(items)]
            if n % 10 == 9:
                added = copy.deepcopy(item)
                added["code"] = f"{item['code']}_{n}"
                items.append(added)
            elif isinstance(item.get("points"), int | float) and n % 2 == 0:
                item["points"] = item["points"] + (n // len(bases) + 1) * 0.5
            else:
                item["title"] = f"{item.get('title', item['code'])} ({n})"
        document["version"] = f"v{n}"
        out.append(document)
    return out


def event_for(engine) -> tuple:
    """One event of the first item that takes no attributes, with an empty context."""
    import rulesets
    from rulesets.context import build_context

    for code, item in engine.items.items():
        if item.get("attributes") or not isinstance(item.get("points"), int | float):
            continue
        category = (engine.core.item_categories.get(code) or ["member"])[0]
        subject = rulesets.Subject(id="1", category=category)
        period = rulesets.Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        event = rulesets.Event(
            id="1", subject="1", item=code, occurred_on=dt.date(2025, 3, 1),
            attributes=rulesets.contracts.frozen_map({}), idempotency_key="k", quantity=1.0,
        )  # fmt: skip
        return event, build_context(engine.document, subject, period, event, [])
    return None


def main() -> int:
    import psutil

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument(
        "--compile-only", action="store_true", help="compile only; score no event through them"
    )
    args = parser.parse_args()

    import rulesets
    from rulesets import engine as engine_module

    documents = variants(args.versions)
    keys = [
        rulesets.VersionKey.of("bench", str(d.get("ruleset")), d["version"], d) for d in documents
    ]
    # warm: the first compile imports and builds module-level state every version shares
    warm = copy.deepcopy(documents[0])
    warm["version"] = "warm"
    rulesets.compiled(rulesets.VersionKey.of("warm", "warm", "warm", warm), warm)
    del warm
    gc.collect()
    process = psutil.Process()
    rss0 = process.memory_info().rss
    tracemalloc.start()
    started = time.monotonic()
    loaded = []
    evaluated = 0
    for key, document in zip(keys, documents, strict=True):
        engine = rulesets.compiled(key, document)
        loaded.append(engine)
        if not args.compile_only:
            pair = event_for(engine)
            if pair is not None:
                engine.evaluate(*pair)
                evaluated += 1
    elapsed = time.monotonic() - started
    del documents  # what stays is what the compiled versions hold
    gc.collect()
    traced, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = (process.memory_info().rss - rss0) / 2**20
    say(
        f"ruleset memory: {len(loaded)} versions of {len({k.ruleset for k in keys})} rulesets"
        f" ({len({k.content_hash for k in keys})} distinct documents) loaded in {elapsed:.1f} s"
        f", {evaluated} evaluated; compiled documents in the"
        f" cache {engine_module.cache_size()}, durable-rules rulesets registered"
        f" {len(engine_module._REGISTERED)}"
    )
    say(f"  RSS growth {rss:.1f} MiB; Python allocations (tracemalloc) {traced / 2**20:.1f} MiB")
    say(f"MIB ruleset_versions_{len(loaded)} {rss:.1f} (RSS growth; target < 128)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
