"""Inputs that crashed durable-rules' native code now fail one event, never the process.

Each case ran into a segmentation fault before the engine's boundary existed (floats that
JSON prints in exponent form, infinities, messages of more than 254 fields, huge strings,
deep nesting). They are replayed in a child process, so that a regression shows up as a
failed test instead of killing the test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REPLAY = textwrap.dedent(
    """
    import json, sys
    from datetime import date
    sys.path.insert(0, {root!r})
    from rulesets.contracts import EvaluationContext, Event, frozen_map
    from rulesets.document import TEMPLATES, load_ruleset
    from rulesets.engine import compiled
    from rulesets.errors import EvaluationError
    from rulesets.versions import VersionKey

    star = load_ruleset(TEMPLATES / "star-party-member.yaml")
    gov = load_ruleset(TEMPLATES / "government-service-centre.yaml")
    levels = {{**gov, "combination": {{"role_multipliers": [
        {{"when": {{"subject.level": {{"at_least": 3}}}}, "factor": 2}}]}}}}

    def engine(doc):
        return compiled(VersionKey.of("t", doc["ruleset"], "v1", doc), doc)

    def context(**kw):
        return EvaluationContext(date(2024, 1, 1), date(2024, 12, 31), "member",
                                 frozen_map(kw.pop("subject", {{}})), **kw)

    def ev(item, **attributes):
        return Event("e1", "s1", item, date(2024, 3, 1), frozen_map(attributes))

    cases = {{
        "counter 1e16": (star, ev("dues_missed"), context(counters=frozen_map({{"months_without_dues": 1e16}}))),
        "counter inf": (star, ev("dues_missed"), context(counters=frozen_map({{"months_without_dues": float("inf")}}))),
        "counter nan": (star, ev("dues_missed"), context(counters=frozen_map({{"months_without_dues": float("nan")}}))),
        "points 1e16": (star, ev("other_misconduct", points=1e16), context()),
        "points -inf": (star, ev("other_misconduct", points=float("-inf")), context()),
        "5000 attributes": (star, ev("absent_activity", **{{f"k{{i}}": i for i in range(5000)}}), context()),
        "16 MiB string": (star, ev("review_outcome", outcome="x" * (16 * 1024 * 1024)), context()),
        "lone surrogate": (star, ev("review_outcome", outcome="\\ud800"), context()),
        "300 levels deep": (star, ev("absent_activity", note=json.loads("[" * 300 + "]" * 300)), context()),
        "months_unpaid 1e-05": (gov, ev("dues_substandard", months_unpaid=1e-05), context()),
        "subject level 1e16": (levels, ev("meeting_absent"), context(subject={{"level": 1e16}})),
        "subject 1000 attributes": (levels, ev("meeting_absent"), context(subject={{f"a{{i}}": 1e16 for i in range(1000)}})),
    }}
    out = {{}}
    for name, (doc, event, ctx) in cases.items():
        try:
            evaluation = engine(doc).evaluate(event, ctx)
            out[name] = "ok: " + evaluation.explanation
        except EvaluationError as exc:
            out[name] = type(exc).__name__ + ": " + str(exc)[:300]
    # the same inputs in one batch: every pair gets its own answer
    try:
        engine(star).evaluate_many([(cases[n][1], cases[n][2]) for n in ("points 1e16", "counter 1e16")])
        out["batch"] = "ok"
    except EvaluationError as exc:
        out["batch"] = type(exc).__name__ + ": " + str(exc)[:300]
    print(json.dumps(out, ensure_ascii=False))
    """
)


def test_inputs_that_crashed_the_native_engine_are_errors_for_that_event():
    # when the crashing inputs are replayed through the engine
    done = subprocess.run(
        [sys.executable, "-c", REPLAY.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # then the process survives and answers each one
    assert done.returncode == 0, (
        f"the engine process died ({done.returncode}): {done.stderr[-2000:]}"
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    refused = {name: text for name, text in out.items() if not text.startswith("ok")}
    assert set(refused) == set(out) - {"subject 1000 attributes"}
    assert "must be finite" in out["counter 1e16"] and "must be finite" in out["counter nan"]
    assert "attributes.points" in out["points 1e16"] and "too large" in out["points 1e16"]
    assert "InvalidAttributes" in out["5000 attributes"] and "at most 32" in out["5000 attributes"]
    assert "at most 8192" in out["16 MiB string"]
    assert "attributes.outcome" in out["lone surrogate"]
    assert "subject.level is 1e+16" in out["subject level 1e16"]
    # 1e-05 is refused as a month count by the item's declaration
    assert out["months_unpaid 1e-05"].startswith("InvalidAttributes")
    # unread subject attributes never reach the engine, however many there are
    assert out["subject 1000 attributes"].startswith("ok")
