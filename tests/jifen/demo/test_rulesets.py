"""Each demo tenant is scored by a shipped template, forked, published and assigned."""

import datetime as dt

from jifen.demo.provision import demo_ruleset_assign
from jifen.org.models import OrgUnit
from jifen.rulebook.models import Ruleset, RulesetAssignment
from jifen.rulebook.selectors import applicable_for


def test_the_county_template_scores_people_from_last_january(in_alpha):
    # given the alpha county (people in branches) and no ruleset
    root = OrgUnit.objects.get(pk=in_alpha.root)
    # when the demo assigns its ruleset, twice (a second `jifen demo` run)
    for _ in range(2):
        demo_ruleset_assign(family="county", root=root, today=dt.date(2026, 11, 21))
    # then one published version scores every branch's people from 2025-01-01
    ruleset = Ruleset.objects.get()
    assert (ruleset.code, ruleset.forked_from) == (
        "yongzhou-safety-bureau",
        "yongzhou-safety-bureau.yaml",
    )
    assert [(v.status, v.effective_from) for v in ruleset.versions.all()] == [
        ("published", dt.date(2025, 1, 1))
    ]
    assert list(RulesetAssignment.objects.values_list("unit_id", "subject_kind")) == [
        (in_alpha.root, "person")
    ]
    branch = OrgUnit.objects.get(pk=in_alpha.branch_3)
    assert applicable_for(branch, "person", dt.date(2025, 1, 1)).version.number == 1


def test_the_village_template_scores_households(in_alpha):
    root = OrgUnit.objects.get(pk=in_alpha.root)
    demo_ruleset_assign(family="village", root=root)
    assert list(RulesetAssignment.objects.values_list("ruleset__code", "subject_kind")) == [
        ("household-140-stars", "household")
    ]
