"""The door's refusals speak the caller's language: Chinese (the product's default) and English.

Each refusal is raised once under each language; the message is built when it is raised, in
the language active then (a request's Accept-Language, Chinese for scheduled jobs).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.errors import Code, DomainError
from jifen.ledger.models import Account
from jifen.ledger.services import EventInput, accounts_close, event_record, events_import
from jifen.org.models import OrgUnit
from jifen.rulebook.models import Ruleset
from jifen.rulebook.selectors import applicable_for
from jifen.rulebook.services import ruleset_assign, ruleset_draft_save, ruleset_publish
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.worlds import tenant_admin
from tests.jifen.graphql.conftest import gid, recent_day

RULES = """\
schema: jifen/ruleset/1
ruleset: doors
title: 门口检查
subject:
  kind: party_member
  categories:
    - {code: full, title: 正式党员}
    - {code: floating, title: 流动党员}
period: {unit: quarter, starts: "01-01"}
buckets:
  - {code: daily, initial: 80, floor: 0, cap: 100}
items:
  - {code: late, title: 迟到, bucket: daily, points: -1}
  - {code: host_report, title: 向流入地党组织报告, bucket: daily, points: 1, categories: [floating]}
  - {code: exemplary, title: 发挥先锋模范作用, bucket: daily, points_range: [2, 5]}
scoring:
  total: daily
  grades:
    - {code: excellent, min: 90}
    - {code: qualified, below: 90}
"""
TODAY = dt.date(2026, 8, 20)
MEMBER = "甲县党员甲"


@pytest.fixture
def doors(in_alpha):
    ruleset = Ruleset.objects.create(code="doors", title="门口检查")
    admin = tenant_admin()
    ruleset_publish(
        actor=admin,
        version=ruleset_draft_save(actor=admin, ruleset=ruleset, text=RULES),
        effective_from=dt.date(2020, 1, 1),
        today=TODAY,
    )
    ruleset_assign(actor=admin, unit=OrgUnit.objects.get(pk=in_alpha.root), ruleset=ruleset)
    return ruleset


def _book(key, item, *, day=dt.date(2026, 2, 5), quantity=1, **attributes):
    data = EventInput(
        key=key,
        subject_id=Subject.objects.get(name=MEMBER).pk,
        item=item,
        occurred_on=day,
        attributes=attributes,
        quantity=quantity,
    )
    return event_record(actor=tenant_admin(), data=data)


def refused(language: str, call) -> DomainError:
    """The refusal `call()` raises with `language` active."""
    with translation.override(language), pytest.raises(DomainError) as info:
        call()
    return info.value


def both(call) -> tuple[DomainError, DomainError]:
    """(Chinese, English): the same refusal in each language, with the same code and field."""
    chinese, english = refused("zh-hans", call), refused("en", call)
    assert (chinese.code, chinese.field) == (english.code, english.field)
    return chinese, english


def test_an_attribute_out_of_range(doors):
    # 发挥先锋模范作用 is scored case by case, 2 to 5 points: 1 is below the range
    chinese, english = both(lambda: _book("low", "exemplary", points=1))
    assert (english.code, english.field) == (Code.VALIDATION_FAILED, "attributes.points")
    assert english.message == "attributes.points: 1 is outside: must be a number in [2, 5]"
    assert chinese.message == "attributes.points：1 超出范围，应为[2, 5] 范围内的数"
    assert [p.message for p in chinese.problems] == ["1 超出范围，应为[2, 5] 范围内的数"]


def test_a_required_attribute_and_an_unknown_one(doors):
    chinese, english = both(lambda: _book("none", "exemplary", level="county"))
    assert english.message == (
        "attributes.level: item 'exemplary' has no attribute 'level'; "
        "attributes.points: is required: a number in [2, 5]"
    )
    assert chinese.message == (
        "attributes.level：积分项目 'exemplary' 没有属性 'level'；"
        "attributes.points：为必填项：[2, 5] 范围内的数"
    )


def test_a_wrong_quantity(doors):
    chinese, english = both(lambda: _book("zero", "late", quantity=0))
    assert (english.code, english.field) == (Code.VALIDATION_FAILED, "quantity")
    assert english.message == "quantity must be above 0"
    assert chinese.message == "数量（quantity）须大于0"
    # an item counts whole occurrences unless it says `quantity: {fractions: true}`
    chinese, english = both(lambda: _book("half", "late", quantity=1.5))
    assert english.message == "quantity must be a whole number for item 'late', got 1.5"
    assert chinese.message == "积分项目 'late' 的数量（quantity）须为整数，实际为 1.5"


def test_an_unknown_item(doors):
    chinese, english = both(lambda: _book("what", "no_such_item"))
    assert (english.code, english.field) == (Code.VALIDATION_FAILED, "item")
    assert english.message == (
        "item 'no_such_item' is not in ruleset doors v1; known items: late, host_report, exemplary."
    )
    assert chinese.message == (
        "积分细则 doors v1 中没有积分项目 'no_such_item'；现有积分项目：late, host_report, exemplary。"
    )


def test_an_item_of_another_category(doors):
    # reporting to the host organisation is the floating members' item; 甲县党员甲 is a
    # full member
    chinese, english = both(lambda: _book("host", "host_report"))
    assert (english.code, english.field) == (Code.VALIDATION_FAILED, "item")
    assert english.message == "item 'host_report' is for floating, not for category 'full'."
    assert chinese.message == "积分项目 'host_report' 适用于 floating，不适用于类别 'full'。"


def test_a_closed_period(doors):
    _book("late-1", "late")
    accounts_close(accounts=list(Account.objects.filter(period_end=dt.date(2026, 3, 31))))
    chinese, english = both(lambda: _book("late-2", "late"))
    assert english.code == Code.PERIOD_CLOSED
    assert english.message == (
        "the period 2026-01-01…2026-03-31 of 甲县党员甲 is closed; "
        "record a correction in the open period instead."
    )
    assert chinese.message == (
        "甲县党员甲 2026-01-01至2026-03-31的积分期间已结算，请改在未结算的当期记录更正。"
    )


def test_an_import_line_is_named_in_both_languages(doors):
    subject = Subject.objects.get(name=MEMBER).pk
    items = [
        EventInput(key="i1", subject_id=subject, item="late", occurred_on=dt.date(2026, 2, 5)),
        EventInput(key="i2", subject_id=subject, item="nope", occurred_on=dt.date(2026, 2, 5)),
    ]
    chinese, english = both(lambda: events_import(actor=tenant_admin(), items=items))
    assert english.field == "events.1.item"
    assert english.message.startswith("line 2 (key 'i2'): item 'nope' is not in ruleset doors")
    assert chinese.message.startswith("第2行（key 'i2'）：积分细则 doors v1 中没有积分项目 'nope'")


def test_a_past_dated_version_needs_its_re_evaluation_confirmed(doors):
    _book("late-aug", "late", day=dt.date(2026, 8, 5))
    admin = tenant_admin()
    draft = ruleset_draft_save(
        actor=admin, ruleset=doors, text=RULES.replace("points: -1}", "points: -2}")
    )

    def publish():
        ruleset_publish(actor=admin, version=draft, effective_from=dt.date(2026, 8, 1), today=TODAY)

    chinese, english = both(publish)
    assert (english.code, english.field) == (Code.CONFIRMATION_REQUIRED, "effectiveFrom")
    assert english.message == (
        "doors v2 would take effect on 2026-08-01, before today (2026-08-20), and re-evaluate "
        "what was booked since: preview the entries with rulesetRetroactivePreview, then publish "
        "with retroactive: true and the confirmed entries; or publish it from today."
    )
    assert chinese.message == (
        "doors v2 将自 2026-08-01 起生效，早于今天（2026-08-20），并将重新计算此后已记的积分："
        "请先用 rulesetRetroactivePreview 预览受影响的记录，再以 retroactive: true 连同已确认的"
        "记录发布；或改为自今天起发布。"
    )


def test_no_ruleset_in_force_names_the_kind_of_subject_in_each_language(doors):
    unit = Subject.objects.get(name=MEMBER).scoring_unit  # persons have a ruleset, households not
    chinese, english = both(lambda: applicable_for(unit, "household", dt.date(2026, 2, 5)))
    assert english.code == Code.NOT_CONFIGURED
    assert english.message == (
        f"no ruleset is assigned to {unit.name} or its superiors for household subjects on "
        "2026-02-05; assign one with rulesetAssign."
    )
    assert chinese.message == (
        f"2026-02-05 没有为 {unit.name} 或其上级组织指定适用于农户类积分对象的积分细则，"
        "请用 rulesetAssign 指定。"
    )


RECORD = """mutation($input: EventInput!) { eventRecord(input: $input) {
  event { key } errors { field code message } } }"""


def test_the_api_answers_a_door_refusal_in_the_callers_language(doors):
    token = token_create(user=User.objects.get(username="recorder_1"), name="test")
    variables = {
        "input": {
            "key": "api-low",
            "subject": gid("Subject", Subject.objects.get(name=MEMBER).pk),
            "item": "exemplary",
            "occurredOn": recent_day().isoformat(),
            "attributes": {"points": 6},
        }
    }
    answers = {}
    for language in ("zh-hans", "en"):
        result = TenantClient("alpha", token, language=language).graphql(RECORD, variables)
        assert "errors" not in result, result["errors"]
        [error] = result["data"]["eventRecord"]["errors"]
        assert (error["field"], error["code"]) == ("attributes.points", "VALIDATION_FAILED")
        answers[language] = error["message"]
    # one error per field, its message without the field (the client shows it at the field)
    assert answers["en"] == "6 is outside: must be a number in [2, 5]"
    assert answers["zh-hans"] == "6 超出范围，应为[2, 5] 范围内的数"


def test_a_day_between_two_terms_is_refused_at_its_date(in_alpha):
    from jifen.testing.worlds import publish_template

    publish_template("guanqu-village-education", "guanqu", in_alpha.root)
    chinese, english = both(
        lambda: _book("jan", "collective_study_absent", day=dt.date(2021, 1, 15))
    )
    assert (english.code, english.field) == (Code.VALIDATION_FAILED, "occurredOn")
    assert english.message == "2021-01-15 is in no period: each term runs 10 months from 03-01."
    assert chinese.message == "2021-01-15 不在任何积分期间内：每期自 03-01 起，为期10个月。"
