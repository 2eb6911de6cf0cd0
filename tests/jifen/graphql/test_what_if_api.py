"""What-if: a draft replayed over a branch's real year, old and new side by side."""

import datetime as dt

import pytest

from jifen.access.services import system_actor
from jifen.ledger.services import EventInput, event_record
from jifen.procedure.models import WhatIf
from jifen.procedure.services.whatif import what_if_run
from jifen.rulebook.models import Ruleset
from jifen.rulebook.services import ruleset_draft_save
from jifen.subjects.models import Subject
from jifen.testing.worlds import tenant_admin
from tests.jifen.graphql.conftest import codes, gid

REQUEST = """mutation($unit: ID!, $code: String!, $start: Date) {
  rulesetWhatIf(code: $code, unit: $unit, periodStart: $start) {
    whatIf { id status periodStart periodEnd } errors { field code message } } }"""
RESULT = """query($id: ID!) { whatIf(id: $id) {
  status ruleset versionLabel unitName eventsTotal eventsDone comparedWith oldFromClose
  gradeChanges skipped { item count message }
  rows { subjectName gradeChanged tie old { total grade rank } new { total grade rank }
         items { item old new } } } }"""


def _book(name, item, day, key):
    subject = Subject.objects.get(name=name)
    event_record(
        actor=system_actor(),
        data=EventInput(key=key, subject_id=subject.pk, item=item, occurred_on=day),
    )


@pytest.fixture
def year_2025(users):
    """Branch 1's 2025: 甲县党员乙 volunteered twice in March and once in May; 甲县党员甲
    missed a task in June."""
    _book("甲县党员乙", "volunteer", dt.date(2025, 3, 12), "v1")
    _book("甲县党员乙", "volunteer", dt.date(2025, 3, 20), "v2")
    _book("甲县党员乙", "volunteer", dt.date(2025, 5, 8), "v3")
    _book("甲县党员甲", "task_not_done", dt.date(2025, 6, 2), "t1")


def _draft(text_change):
    ruleset = Ruleset.objects.get(code="yongzhou")
    text = ruleset.versions.get().text
    changed = text_change(text)
    assert changed != text
    ruleset_draft_save(actor=tenant_admin(), ruleset=ruleset, text=changed)
    return ruleset


def _ask(client, variables):
    result = client.graphql(REQUEST, variables)
    assert "errors" not in result, result
    return result["data"]["rulesetWhatIf"]


def test_a_draft_shows_who_gains_and_why_over_last_year(in_alpha, users, year_2025, client_for):
    # the draft pays 5 a volunteering instead of 2 (the bonus stays capped at 10 a month)
    _draft(lambda t: t.replace("bucket: bonus, points: 2,", "bucket: bonus, points: 5,"))
    admin = client_for("alpha", "admin")
    asked = _ask(admin, {"unit": gid("OrgUnit", in_alpha.branch_1), "code": "yongzhou",
                         "start": "2025-03-01"})  # fmt: skip
    assert asked["errors"] == []
    assert asked["whatIf"]["status"] == "QUEUED"
    assert (asked["whatIf"]["periodStart"], asked["whatIf"]["periodEnd"]) == (
        "2025-01-01",
        "2025-12-31",
    )
    job = WhatIf.objects.get()
    what_if_run(job_id=job.pk)  # the worker's step (this test's transaction hides it from one)

    found = admin.graphql(RESULT, {"id": asked["whatIf"]["id"]})["data"]["whatIf"]
    assert found["status"] == "DONE"
    assert (found["ruleset"], found["versionLabel"], found["unitName"]) == (
        "yongzhou",
        "v2",
        "甲县一支部",
    )
    assert (found["eventsTotal"], found["eventsDone"], found["skipped"]) == (4, 4, [])
    assert found["comparedWith"].startswith("alpha/yongzhou/v1") and not found["oldFromClose"]
    rows = {r["subjectName"]: r for r in found["rows"]}
    gainer = rows["甲县党员乙"]
    # March: 4 → 10 (two at 5, cap 10); May: 2 → 5; the year is the mean of its months
    assert gainer["new"]["total"] - gainer["old"]["total"] == pytest.approx((6 + 3) / 12)
    assert gainer["items"] == [{"item": "volunteer", "old": 6.0, "new": 15.0}]
    assert gainer["new"]["rank"] == 1
    # a missed task is what it was: same points, no item moved
    loser = rows["甲县党员甲"]
    assert loser["new"]["total"] == loser["old"]["total"] and loser["items"] == []
    assert set(rows) >= {"甲县党员甲", "甲县党员乙", "甲县流动党员"}


def test_a_dropped_item_is_counted_not_lost(in_alpha, users, year_2025, client_for):
    _draft(
        lambda t: t.replace(
            "  - {code: task_not_done, title: 完不成党组织分配工作任务, bucket: duty, points: -1}\n",
            "",
        )
    )
    admin = client_for("alpha", "admin")
    asked = _ask(admin, {"unit": gid("OrgUnit", in_alpha.branch_1), "code": "yongzhou",
                         "start": "2025-06-01"})  # fmt: skip
    assert asked["errors"] == []
    what_if_run(job_id=WhatIf.objects.get().pk)
    found = admin.graphql(RESULT, {"id": asked["whatIf"]["id"]})["data"]["whatIf"]
    [skipped] = found["skipped"]
    assert (skipped["item"], skipped["count"]) == ("task_not_done", 1)
    rows = {r["subjectName"]: r for r in found["rows"]}
    assert rows["甲县党员甲"]["items"] == [{"item": "task_not_done", "old": -1.0, "new": 0.0}]


def test_what_if_refusals(in_alpha, users, year_2025, client_for):
    unit = gid("OrgUnit", in_alpha.branch_1)
    admin = client_for("alpha", "admin")
    # no draft yet
    assert [e["code"] for e in _ask(admin, {"unit": unit, "code": "yongzhou"})["errors"]] == [
        "VALIDATION_FAILED"
    ]
    _draft(lambda t: t.replace("publicity_days: 7", "publicity_days: 5"))
    # without a period: the last year that ended before today
    last = _ask(admin, {"unit": unit, "code": "yongzhou"})["whatIf"]
    assert last["periodStart"] == f"{dt.date.today().year - 1}-01-01"
    WhatIf.objects.all().delete()
    # a period that has not ended
    refused = _ask(admin, {"unit": unit, "code": "yongzhou", "start": dt.date.today().isoformat()})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("periodStart", "VALIDATION_FAILED")
    ]
    # the wrong role, another tenant
    for client, code in (
        (client_for("alpha", "secretary_1"), "PERMISSION_DENIED"),
        (client_for("alpha", "county"), "PERMISSION_DENIED"),
        (client_for("beta", "admin"), "NOT_FOUND"),
    ):
        got = client.graphql(REQUEST, {"unit": unit, "code": "yongzhou"})
        assert codes(got, "rulesetWhatIf") == [code]
    assert not WhatIf.objects.exists()


def test_a_what_if_is_seen_by_whoever_asked_only(in_alpha, users, year_2025, client_for):
    _draft(lambda t: t.replace("publicity_days: 7", "publicity_days: 5"))
    asked = _ask(
        client_for("alpha", "admin"),
        {"unit": gid("OrgUnit", in_alpha.branch_1), "code": "yongzhou", "start": "2025-01-01"},
    )
    for username in ("county", "secretary_1"):
        seen = client_for("alpha", username).graphql(RESULT, {"id": asked["whatIf"]["id"]})
        assert seen["data"]["whatIf"] is None
