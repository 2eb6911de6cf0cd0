"""The `public:` section: validated at its line, defaulted, and read per template."""

from __future__ import annotations

import pytest

import rulesets
from rulesets.document import TEMPLATES, load_text
from rulesets.errors import RulesetInvalid
from rulesets.visibility import DEFAULT, VillageBoard, village_board, visibility

from .test_bad_rulesets import GOOD, problems


def test_a_ruleset_without_the_section_gets_the_defaults():
    assert visibility(load_text(GOOD)) == DEFAULT
    assert DEFAULT.objectors == "answerers"


def test_members_default_to_what_the_public_sees():
    doc = load_text(GOOD + "public: {entries: [item, points], objectors: members}\n")
    seen = visibility(doc)
    assert seen.public == seen.members == frozenset({"item", "points"})
    assert seen.objectors == "members"
    assert seen.shows("points", member=False) and not seen.shows("subject_name", member=True)


def test_an_unknown_field_is_reported_at_its_line():
    found = problems(GOOD + "public:\n  entries: [item, review_reason]\n")
    assert len(found) == 1 and found[0].startswith("bad.yaml:18: $.public.entries[1]:")
    assert "review_reason" in found[0]


def test_an_unknown_objector_audience_is_reported():
    found = problems(GOOD + "public:\n  objectors: everyone\n")
    assert found[0].startswith("bad.yaml:18: $.public.objectors:")


def test_members_must_see_what_the_public_sees():
    text = GOOD + "public:\n  entries: [item, points]\n  members: [item]\n"
    assert problems(text) == [
        "bad.yaml:19: $.public.members: members would not see points, which the public "
        "sees (hint: add them to `members` or remove them from `entries`)"
    ]


def test_a_misspelt_key_is_refused():
    with pytest.raises(RulesetInvalid):
        load_text(GOOD + "public: {entry: [item]}\n", "bad.yaml")


@pytest.mark.parametrize(
    ("template", "public", "masked"),
    [
        ("star-party-member", {"subject_name", "item", "points"}, True),
        ("food-seller-risk", {"subject_name"}, False),
        ("zhongxiang-village", {"item", "points"}, True),
        ("household-140-stars", {"item", "points"}, True),
    ],
)
def test_templates_follow_their_seeds_publicity(template, public, masked):
    seen = visibility(rulesets.load_ruleset(TEMPLATES / f"{template}.yaml"))
    assert seen.public == public
    assert seen.mask_deductions is masked
    assert seen.objectors == "answerers"


def test_every_template_states_its_visibility():
    for path in sorted(TEMPLATES.glob("*.yaml")):
        assert "public" in rulesets.load_ruleset(path), path.name


def test_the_village_board_is_read_with_its_sizes():
    doc = rulesets.load_ruleset(TEMPLATES / "household-140-stars.yaml")
    assert village_board(doc) == VillageBoard(
        red_list_size=5, black_list_size=10, deductions="anonymous"
    )
    assert village_board(load_text(GOOD)) is None


def test_a_village_board_with_names_or_a_huge_list_is_refused():
    text = GOOD + ("public:\n  village_board: {red_list_size: 500, deductions: named}\n")
    found = problems(text)
    assert any(
        "$.public.village_board.red_list_size: red_list_size must be a whole "
        "number from 1 to 20, not 500" in p
        for p in found
    )
    assert any(
        "$.public.village_board.deductions: a public board shows deductions only anonymously" in p
        for p in found
    )
    assert any(
        "a village board ranks households, but this ruleset scores party_member" in p for p in found
    )


def test_a_misspelt_village_board_key_is_refused():
    with pytest.raises(RulesetInvalid):
        load_text(GOOD + "public: {village_board: {red_size: 5}}\n", "bad.yaml")
