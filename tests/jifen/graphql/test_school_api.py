"""A class's month over GraphQL: the duty monitor's week and ranking, the monthly report for
parents (and its A4 print), term prizes, the parent-meeting flag, the parent who sees only
their own child, and the teaching office's monthly check of the teachers."""

import datetime as dt

import pytest
from django.utils import timezone

from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_book
from jifen.org.models import OrgUnit, Role, UnitKind
from jifen.org.services import unit_create
from jifen.school.models import Guardian
from jifen.subjects.models import Subject
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template, tenant_admin

gid = Node.to_global_id

WEEK = """query($u: ID!, $on: Date) {
  classWeek(unit: $u, on: $on) {
    ruleset start end
    pupils { subject { name } total rank gained lost
             entries { item points recordedBy confirmed } }
  }
}"""
MONTH = """query($u: ID!, $y: Int, $m: Int) {
  classMonth(unit: $u, year: $y, month: $m) { pupils { subject { name } rank lost parentMeeting } }
}"""
REPORT = """query($p: ID!, $y: Int, $m: Int) {
  pupilMonthReport(pupil: $p, year: $y, month: $m) {
    classSize printUrl line { total rank gained lost parentMeeting entries { item points } }
  }
}"""
PRIZES = """query($u: ID!) { termPrizes(unit: $u) { level pupil { subject { name } rank } } }"""
TEACHERS = """query($u: ID!, $y: Int, $m: Int) {
  teacherRoutineMonth(unit: $u, year: $y, month: $m) {
    teacher { subject { name } } standardFailures development grade award tied
  }
}"""
GRANT = """mutation($n: String!, $p: ID!) {
  parentGrant(username: $n, pupil: $p) { link { username pupil { name } } errors { code field } }
}"""
CHILDREN = "{ myChildren { name } }"


def _today():
    return timezone.localdate()


@pytest.fixture
def school(in_alpha):
    """A school under township 1: class 一班 (four pupils, one an officer) with head teacher
    `head_1` (recorder of the class), class 二班 with `head_2`, the teachers' office with the
    checker `office`, and `parent_1`, the parent of 王小明, under class-points and
    teacher-routine-monthly."""
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    school = unit_create(parent=township, name="实验小学", kind=UnitKind.SCHOOL)
    class_1 = unit_create(parent=school, name="三年级一班", kind=UnitKind.CLASS)
    class_2 = unit_create(parent=school, name="三年级二班", kind=UnitKind.CLASS)
    staff = unit_create(parent=school, name="教导处", kind=UnitKind.DEPARTMENT)
    publish_template("class-points", "class-points", school.pk, effective_from=dt.date(2025, 9, 1))
    publish_template("teacher-routine-monthly", "teacher-routine", staff.pk,
                     effective_from=dt.date(2025, 1, 1))  # fmt: skip
    pupils = {
        name: Subject.objects.create(kind="person", name=name, category=cat, home_unit=class_1)
        for name, cat in (("王小明", "pupil"), ("李小红", "pupil"), ("赵班长", "officer"),
                          ("孙小华", "pupil"))
    }  # fmt: skip
    other = Subject.objects.create(kind="person", name="周同学", category="pupil",
                                   home_unit=class_2)  # fmt: skip
    teachers = {
        n: Subject.objects.create(kind="person", name=n, category="teacher", home_unit=staff)
        for n in ("陈老师", "刘老师", "黄老师", "吴老师")
    }
    head_1 = UserFactory(username="head_1", roles=[(Role.RECORDER, class_1)])
    UserFactory(username="head_2", roles=[(Role.RECORDER, class_2)])
    office = UserFactory(username="office", roles=[(Role.RECORDER, staff)])
    parent = UserFactory(username="parent_1")
    Guardian.objects.create(user=parent, pupil=pupils["王小明"], granted_by=tenant_admin())
    today = _today()

    def book(actor, subject, item, day=today, n=[0], **attributes):
        n[0] += 1
        quantity = attributes.pop("quantity", 1)
        event_book(actor=actor, data=EventInput(
            key=f"school-{n[0]}", subject_id=subject.pk, item=item, occurred_on=day,
            attributes=attributes, quantity=quantity))  # fmt: skip

    book(head_1, pupils["王小明"], "truancy", quantity=2)  # −10
    book(head_1, pupils["王小明"], "lets_copy")  # −3: 13 lost this month
    book(head_1, pupils["李小红"], "good_deed")  # +1
    book(head_1, pupils["赵班长"], "skipped_exercise")  # officer: −2 × 2
    book(head_1, pupils["孙小华"], "late")  # −1
    book(UserFactory(username="head_2x", roles=[(Role.RECORDER, class_2)]), other, "good_deed")
    for name, excellent, failed in (("陈老师", 3, 0), ("刘老师", 2, 0), ("黄老师", 1, 0),
                                    ("吴老师", 1, 1)):  # fmt: skip
        for _ in range(excellent):
            book(office, teachers[name], "homework_check", rating="excellent")
        book(office, teachers[name], "lesson_plan_check", rating="pass")
        for _ in range(failed):
            book(office, teachers[name], "corporal_punishment")
    return {
        "class_1": gid("OrgUnit", class_1.pk),
        "class_2": gid("OrgUnit", class_2.pk),
        "staff": gid("OrgUnit", staff.pk),
        "wang": gid("Subject", pupils["王小明"].pk),
        "li": gid("Subject", pupils["李小红"].pk),
    }


def test_the_head_teacher_reads_the_week_and_the_ranking(school, client_for):
    week = client_for("alpha", "head_1").graphql(WEEK, {"u": school["class_1"]})
    week = week["data"]["classWeek"]
    assert week["ruleset"] == "class-points"
    assert week["start"] <= _today().isoformat() <= week["end"]
    rows = {p["subject"]["name"]: p for p in week["pupils"]}
    # 李小红 81, 孙小华 79 (80 − 1), 赵班长 81 (85 − 4: an officer loses double), 王小明 67
    assert [(p["subject"]["name"], p["total"], p["rank"]) for p in week["pupils"]] == [
        ("李小红", 81.0, 1), ("赵班长", 81.0, 1), ("孙小华", 79.0, 3), ("王小明", 67.0, 4),
    ]  # fmt: skip
    assert rows["王小明"]["lost"] == 13.0 and rows["王小明"]["gained"] == 0.0
    assert rows["王小明"]["entries"] == [
        {"item": "truancy", "points": -10.0, "recordedBy": "head_1", "confirmed": True},
        {"item": "lets_copy", "points": -3.0, "recordedBy": "head_1", "confirmed": True},
    ]
    assert rows["赵班长"]["entries"][0]["points"] == -4.0


def test_the_week_is_refused_to_others(school, client_for, beta):
    # wrong role: a parent (no role over the class); other subtree: the other class's teacher;
    # other tenant: beta's administrator asking for alpha's class
    for slug, user in (("alpha", "parent_1"), ("alpha", "head_2"), ("beta", "admin")):
        answer = client_for(slug, user).graphql(WEEK, {"u": school["class_1"]})
        assert answer["data"]["classWeek"] is None, (slug, user)
    assert (
        client_for("alpha", "head_2").graphql(WEEK, {"u": school["class_2"]})["data"]["classWeek"][
            "pupils"
        ][0]["subject"]["name"]
        == "周同学"
    )


def test_the_month_flags_the_parent_meeting(school, client_for):
    today = _today()
    month = client_for("alpha", "head_1").graphql(
        MONTH, {"u": school["class_1"], "y": today.year, "m": today.month}
    )["data"]["classMonth"]
    flagged = {p["subject"]["name"]: p["parentMeeting"] for p in month["pupils"]}
    # from the bottom: 王小明 (67), 孙小华 (79), then the tie at 81 — all four among the bottom
    # three, and only 王小明 lost more than 10 points this month
    assert flagged == {"李小红": False, "赵班长": False, "孙小华": False, "王小明": True}


def test_the_parent_reads_only_their_own_child(school, client_for):
    today = _today()
    parent = client_for("alpha", "parent_1")
    args = {"p": school["wang"], "y": today.year, "m": today.month}
    report = parent.graphql(REPORT, args)["data"]["pupilMonthReport"]
    assert report["classSize"] == 4
    assert report["line"]["total"] == 67.0 and report["line"]["rank"] == 4
    assert report["line"]["parentMeeting"] is True
    assert [e["points"] for e in report["line"]["entries"]] == [-10.0, -3.0]
    assert parent.graphql(CHILDREN)["data"]["myChildren"] == [{"name": "王小明"}]
    # another pupil of the same class: not visible to this parent
    other = parent.graphql(REPORT, {**args, "p": school["li"]})["data"]["pupilMonthReport"]
    assert other is None
    assert parent.graphql(WEEK, {"u": school["class_1"]})["data"]["classWeek"] is None
    # the printable report (A4) for the parent, refused to the other class's teacher
    page = parent.get(report["printUrl"])
    html = b"".join(page.streaming_content).decode()
    assert page.status_code == 200 and "size: A4" in html
    assert f"王小明 {today.year}年{today.month}月积分报告" in html and "家长评语" in html
    assert "请家长返校时与班主任交流情况" in html
    assert client_for("alpha", "head_2").get(report["printUrl"]).status_code == 404
    assert client_for("beta", "admin").graphql(REPORT, args)["data"]["pupilMonthReport"] is None


def test_term_prizes_go_to_the_top_fifteen_in_three_levels(school, client_for):
    prizes = client_for("alpha", "head_1").graphql(PRIZES, {"u": school["class_1"]})
    assert prizes["data"]["termPrizes"] == [
        {"level": "FIRST", "pupil": {"subject": {"name": n}, "rank": r}}
        for n, r in (("李小红", 1), ("赵班长", 1), ("孙小华", 3), ("王小明", 4))
    ]
    assert (
        client_for("alpha", "head_2").graphql(PRIZES, {"u": school["class_1"]})["data"][
            "termPrizes"
        ]
        == []
    )


def test_an_administrator_links_a_parent(school, client_for, beta):
    granted = client_for("alpha", "admin").graphql(GRANT, {"n": "parent_1", "p": school["li"]})
    assert granted["data"]["parentGrant"] == {
        "link": {"username": "parent_1", "pupil": {"name": "李小红"}}, "errors": [],
    }  # fmt: skip
    names = client_for("alpha", "parent_1").graphql(CHILDREN)["data"]["myChildren"]
    assert names == [{"name": "李小红"}, {"name": "王小明"}]
    # wrong role: the head teacher; other tenant: beta's administrator
    refused = client_for("alpha", "head_1").graphql(GRANT, {"n": "parent_1", "p": school["li"]})
    assert [e["code"] for e in refused["data"]["parentGrant"]["errors"]] == ["PERMISSION_DENIED"]
    foreign = client_for("beta", "admin").graphql(GRANT, {"n": "admin", "p": school["li"]})
    assert foreign["data"]["parentGrant"]["errors"] == [{"code": "NOT_FOUND", "field": "pupil"}]


def test_an_administrator_of_another_subtree_cannot_link_a_parent(school, client_for, in_alpha):
    township_2 = OrgUnit.objects.get(pk=in_alpha.township_2)
    UserFactory(username="admin_2", roles=[(Role.ADMIN, township_2)])
    refused = client_for("alpha", "admin_2").graphql(GRANT, {"n": "parent_1", "p": school["li"]})
    assert refused["data"]["parentGrant"]["errors"] == [{"code": "NOT_FOUND", "field": "pupil"}]


def test_the_teaching_office_rates_the_month(school, client_for):
    today = _today()
    args = {"u": school["staff"], "y": today.year, "m": today.month}
    rows = client_for("alpha", "office").graphql(TEACHERS, args)["data"]["teacherRoutineMonth"]
    got = {r["teacher"]["subject"]["name"]: (r["development"], r["standardFailures"],
                                             r["grade"], r["award"]) for r in rows}  # fmt: skip
    # 50% of four teachers are 优秀 (200 points); the other who passes 合格 (150); a failed
    # standard item is 不合格 whatever the development checks (seed 000 §4 二 (三))
    assert got == {
        "陈老师": (3.0, 0.0, "excellent", 200),
        "刘老师": (2.0, 0.0, "excellent", 200),
        "黄老师": (1.0, 0.0, "qualified", 150),
        "吴老师": (1.0, 1.0, "unqualified", 0),
    }
    for slug, user in (("alpha", "head_1"), ("alpha", "parent_1"), ("beta", "admin")):
        assert client_for(slug, user).graphql(TEACHERS, args)["data"]["teacherRoutineMonth"] == []


def test_the_week_costs_the_same_queries_for_a_larger_class(school, client_for, in_alpha):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    head = client_for("alpha", "head_1")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            week = head.graphql(WEEK, {"u": school["class_1"]})["data"]["classWeek"]
        return len(queries), len(week["pupils"])

    count()  # warm the per-request caches (the token's last use, the compiled ruleset)
    small, pupils = count()
    class_1 = OrgUnit.objects.get(name="三年级一班")
    from jifen.access.models import User

    recorder = User.objects.get(username="head_1")
    for n in range(10):
        pupil = Subject.objects.create(kind="person", name=f"新同学{n}", category="pupil",
                                       home_unit=class_1)  # fmt: skip
        event_book(actor=recorder, data=EventInput(
            key=f"more-{n}", subject_id=pupil.pk, item="good_deed", occurred_on=_today()))  # fmt: skip
    large, more = count()
    assert (pupils, more) == (4, 14)
    assert large == small
