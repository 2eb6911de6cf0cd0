"""Stored rulesets: drafts edit, published versions freeze, children follow their parent
from the parent's effective date, history is never rewritten."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from jifen.access.services import system_actor
from jifen.errors import NotFound, ValidationFailed
from jifen.ledger.errors import InvalidEvent
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.rulebook.errors import RulebookError, RulesetProblems
from jifen.rulebook.models import Ruleset, RulesetVersion
from jifen.rulebook.services import (
    ruleset_assign,
    ruleset_draft_save,
    ruleset_fork,
    ruleset_publish,
)
from jifen.testing.worlds import tenant_admin

CHILD = """\
schema: jifen/ruleset/1
ruleset: branch-one
extends: county
items:
  - {code: volunteer, bucket: bonus, points: 3}
  - {code: blood_donation, title: 无偿献血, bucket: bonus, points: 4}
"""


@pytest.fixture
def county(in_alpha):
    ruleset = ruleset_fork(actor=tenant_admin(), template="yongzhou-safety-bureau", code="county")
    ruleset_publish(
        actor=tenant_admin(), version=ruleset.versions.get(), effective_from=dt.date(2026, 1, 1)
    )
    return ruleset


def _points(world, key, item, day):
    [entry] = event_record(actor=system_actor(), data=EventInput(key=key, subject_id=world.member_subject, item=item,
                                           occurred_on=day)).entries  # fmt: skip
    return entry.points


def test_child_overrides_and_adds_items_and_follows_its_parent(county, in_alpha):
    # given branch 1's ruleset extending the county's: volunteer 3 instead of 2, plus its own item
    child = Ruleset.objects.create(code="branch-one", title="一支部细则")
    ruleset_publish(
        actor=tenant_admin(),
        version=ruleset_draft_save(actor=tenant_admin(), ruleset=child, text=CHILD),
        effective_from=dt.date(2026, 1, 1),
    )
    ruleset_assign(
        actor=tenant_admin(), unit=OrgUnit.objects.get(pk=in_alpha.branch_1), ruleset=child
    )
    assert _points(in_alpha, "a", "volunteer", dt.date(2026, 2, 1)) == Decimal("3")
    assert _points(in_alpha, "b", "blood_donation", dt.date(2026, 2, 1)) == Decimal("4")
    # when the county decides in June to change party_day_late from -1 to -2 from 1 July
    # (the branch is untouched)
    text = county.versions.get().text.replace(
        "bucket: basic, points: -1,", "bucket: basic, points: -2,", 1
    )
    assert text != county.versions.get().text
    ruleset_publish(
        actor=tenant_admin(),
        version=ruleset_draft_save(actor=tenant_admin(), ruleset=county, text=text),
        effective_from=dt.date(2026, 7, 1),
        today=dt.date(2026, 6, 15),
    )
    # then the branch gets it from 1 July on, and earlier events keep the old value
    assert _points(in_alpha, "c", "party_day_late", dt.date(2026, 6, 30)) == Decimal("-1")
    assert _points(in_alpha, "d", "party_day_late", dt.date(2026, 7, 1)) == Decimal("-2")
    assert child.versions.count() == 1  # nothing was copied into the child


def test_invalid_draft_is_refused_whole_with_located_problems(county):
    bad = county.versions.get().text.replace("total: basic + duty + bonus", "total: basic + dutty")
    with pytest.raises(RulesetProblems) as info:
        ruleset_draft_save(actor=tenant_admin(), ruleset=county, text=bad)
    [problem] = info.value.ruleset_problems
    assert "dutty" in problem.message and problem.line > 0 and problem.path.startswith("$.scoring")
    assert county.versions.count() == 1  # nothing saved


def test_published_version_is_frozen_in_the_database(county):
    version = county.versions.get()
    with (
        pytest.raises(Exception, match="is published and cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE rulebook_rulesetversion SET text = 'x' WHERE id = %s", [version.pk])
    with pytest.raises(RulebookError, match="already published"):
        ruleset_publish(actor=tenant_admin(), version=version, effective_from=dt.date(2027, 1, 1))


def test_a_new_version_cannot_take_effect_before_the_current_one(county):
    draft = ruleset_draft_save(
        actor=tenant_admin(), ruleset=county, text=county.versions.get().text
    )
    with pytest.raises(RulebookError, match="may not rewrite history"):
        ruleset_publish(actor=tenant_admin(), version=draft, effective_from=dt.date(2025, 12, 31))
    assert RulesetVersion.objects.get(pk=draft.pk).status == "draft"


def test_forking_an_unknown_template_lists_the_known_ones(in_alpha):
    with pytest.raises(NotFound, match=r"choose one of: .*yongzhou-safety-bureau"):
        ruleset_fork(actor=tenant_admin(), template="nope", code="x")


def test_next_years_assignment_leaves_this_years_ruleset_in_force(county, in_alpha):
    # given branch 1 scored by the county's ruleset, and its own ruleset assigned from 2027
    child = Ruleset.objects.create(code="branch-one", title="一支部细则")
    ruleset_publish(
        actor=tenant_admin(),
        version=ruleset_draft_save(actor=tenant_admin(), ruleset=child, text=CHILD),
        effective_from=dt.date(2026, 1, 1),
    )
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    ruleset_assign(actor=tenant_admin(), unit=branch, ruleset=county)
    ruleset_assign(
        actor=tenant_admin(), unit=branch, ruleset=child, effective_from=dt.date(2027, 1, 1)
    )
    # then this year's events keep the county's points and next year's take the branch's
    assert _points(in_alpha, "a", "volunteer", dt.date(2026, 12, 31)) == Decimal("2")
    assert _points(in_alpha, "b", "volunteer", dt.date(2027, 1, 1)) == Decimal("3")
    with pytest.raises(InvalidEvent, match="'blood_donation' is not in ruleset county"):
        _points(in_alpha, "c", "blood_donation", dt.date(2026, 6, 1))


def test_an_assignment_cannot_end_before_it_starts(county, in_alpha):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    with pytest.raises(ValidationFailed, match="end"):
        ruleset_assign(
            actor=tenant_admin(),
            unit=branch,
            ruleset=county,
            effective_from=dt.date(2027, 1, 1),
            effective_until=dt.date(2026, 12, 31),
        )
