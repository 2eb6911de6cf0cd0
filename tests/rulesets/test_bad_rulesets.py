"""Bad rulesets give precise problems (file, line, path, message), never a traceback."""

from __future__ import annotations

import textwrap

import pytest

from rulesets.cli import main
from rulesets.document import load_text
from rulesets.errors import FormulaError, RulesetInvalid
from rulesets.formulas import evaluate

GOOD = """\
schema: jifen/ruleset/1
ruleset: t
subject: {kind: party_member}
period: {unit: year, starts: "01-01"}
buckets:
  - {code: daily, initial: 80, floor: 0, cap: 80}
items:
  - {code: absent, bucket: daily, points: -1}
scoring:
  total: daily
  clamp: [0, 100]
  grades:
    - {code: excellent, min: 90}
    - {code: qualified, min: 70, below: 90}
    - {code: basic, min: 60, below: 70}
    - {code: unqualified, below: 60}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RulesetInvalid) as info:
        load_text(textwrap.dedent(text), "bad.yaml")
    return [p.format() for p in info.value.problems]


def test_good_ruleset_is_valid():
    assert load_text(GOOD)["ruleset"] == "t"


def test_seed_000_article_1_bands_leave_80_to_89_unassigned():
    # seed 000 §1: 90以上 优秀; 70-79 合格; 60―69 基本合格; 60以下 不合格
    text = GOOD.replace(
        "{code: qualified, min: 70, below: 90}", "{code: qualified, min: 70, below: 80}"
    )
    assert problems(text) == [
        "bad.yaml:12: $.scoring.grades: grade bands leave [80, 90) unassigned "
        "(hint: extend the band below 'excellent' up to 90 (`below: 90`) or add a band for it)"
    ]


def test_overlapping_bands_are_reported():
    text = GOOD.replace("{code: basic, min: 60, below: 70}", "{code: basic, min: 60, below: 75}")
    assert any("band 'qualified' overlaps 'basic' on [70, 75)" in p for p in problems(text))


def test_unknown_bucket_names_the_item_and_line():
    text = GOOD.replace("bucket: daily, points: -1", "bucket: dialy, points: -1")
    (p,) = problems(text)
    assert p.startswith("bad.yaml:8: $.items[0].bucket: item 'absent' uses unknown bucket 'dialy'")


def test_quota_above_100_percent():
    text = GOOD + "  quotas:\n    - {grade: excellent, max_share: 1.5}\n"
    (p,) = problems(text)
    assert "bad.yaml:18: $.scoring.quotas[0].max_share: quota 150% is above 100%" in p


def test_formula_with_unknown_name_points_at_the_expression():
    text = GOOD.replace("total: daily", "total: daily + reveiw")
    (p,) = problems(text)
    assert p.startswith(
        "bad.yaml:10: $.scoring.total: formula 'daily + reveiw' refers to unknown name(s): reveiw"
    )


def test_formula_cycle_is_reported():
    text = GOOD.replace("  total: daily", "  formulas: {a: b + 1, b: a * 2}\n  total: a")
    assert any("cycle: a -> b -> a" in p for p in problems(text))


def test_formula_rejects_python_code():
    text = GOOD.replace("total: daily", "total: __import__('os').system('x')")
    assert any("$.scoring.total" in p and "unknown function" in p for p in problems(text))


def test_formula_evaluation_errors_name_the_expression():
    with pytest.raises(FormulaError, match=r"formula 'a / b': division by zero"):
        evaluate("a / b", {"a": 1, "b": 0})


def test_misspelt_key_is_an_additional_property():
    text = GOOD.replace("cap: 80}", "cap: 80, flor: 0}")
    (p,) = problems(text)
    assert p.startswith("bad.yaml:6: $.buckets[0].flor: Additional properties are not allowed")


def test_an_unexpected_key_is_reported_at_its_own_line():
    text = GOOD + "bogus_setting: 1\n"
    (p,) = problems(text)
    line = len(GOOD.splitlines()) + 1
    assert p.startswith(f"bad.yaml:{line}: $.bogus_setting: Additional properties are not allowed")


def test_yaml_syntax_error_has_a_line():
    (p,) = problems(GOOD.replace("items:\n", "items:\n  - {code: x\n"))
    assert p.startswith("bad.yaml:") and "YAML syntax error" in p


def test_duplicate_codes_and_keys():
    text = GOOD.replace("items:\n", "items:\n  - {code: absent, bucket: daily, points: -2}\n")
    assert any("duplicate item code 'absent'" in p for p in problems(text))
    assert any("duplicate key 'ruleset'" in p for p in problems(GOOD + "ruleset: u\n"))


def test_item_needs_exactly_one_way_of_scoring():
    text = GOOD.replace("points: -1}", "points: -1, points_range: [-2, -1]}")
    assert any("needs exactly one of points" in p for p in problems(text))


def test_reserved_bucket_name_and_bad_bounds():
    text = GOOD.replace(
        "{code: daily, initial: 80, floor: 0, cap: 80}",
        "{code: daily, initial: 90, floor: 10, cap: 5}",
    )
    found = problems(text)
    assert any("floor 10 is above cap 5" in p for p in found)
    assert any("initial 90 is outside [10, 5]" in p for p in found)


def test_extends_cycle_and_missing_parent():
    child = "schema: jifen/ruleset/1\nruleset: c\nextends: c\n"
    assert any("inheritance cycle: c -> c" in p for p in problems(child))
    orphan = "schema: jifen/ruleset/1\nruleset: c\nextends: nowhere\n"
    assert any("parent ruleset 'nowhere' not found" in p for p in problems(orphan))


def test_cli_check_prints_one_line_per_problem_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("below: 90}", "below: 80}").replace("bucket: daily,", "bucket: nope,")
    )
    assert main(["check", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{bad}:8: $.items[0].bucket: item 'absent' uses unknown bucket 'nope'",
        f"{bad}:12: $.scoring.grades: grade bands leave [80, 90) unassigned",
    ]


def test_cli_check_accepts_every_template(capsys):
    from rulesets.document import TEMPLATES

    files = sorted(TEMPLATES.glob("*.yaml"))
    assert main(["check", *map(str, files)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{f}: ok" for f in files]


def test_cli_check_unreadable_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read file" in capsys.readouterr().out


def test_redemption_from_an_unknown_bucket_is_located():
    text = GOOD + "redemption: {buckets: [daily, bonus], reset: period_end}\n"
    assert problems(text) == [
        "bad.yaml:17: $.redemption.buckets[1]: unknown bucket 'bonus' "
        "(hint: redeemable points come from buckets; known: daily)"
    ]


def test_redemption_needs_a_reset_rule():
    text = GOOD + "redemption: {buckets: [daily]}\n"
    [problem] = problems(text)
    assert "bad.yaml:17: $.redemption" in problem and "reset" in problem
