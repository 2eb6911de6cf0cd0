"""Each kind of workbook, planned and applied in-process (the worker's two steps): the
template reads back, rows are created, then unchanged; mistakes are named at their cell."""

import hashlib
import io

import pytest
from openpyxl import Workbook, load_workbook

from jifen.access.models import User
from jifen.imports.models import ImportJob, ImportKind, ImportStatus
from jifen.imports.reading import read_rows
from jifen.imports.services import import_apply, import_check
from jifen.imports.sheets import COLUMNS, template_workbook
from jifen.org.models import OrgUnit, RoleAssignment
from jifen.procedure.models import PeriodResult
from jifen.subjects.identity import id_card_example
from jifen.subjects.models import Subject
from jifen.testing.worlds import publish_template


def _book(kind, rows) -> bytes:
    book = Workbook()
    book.active.append([c.header for c in COLUMNS[kind]])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(kind, rows, apply=True) -> ImportJob:
    content = _book(kind, rows)
    admin = User.objects.get(username="admin")
    job = ImportJob.objects.create(kind=kind, file_name="t.xlsx", content=content,
                                   content_hash=hashlib.sha256(content).hexdigest(), created_by=admin,
                                   language="en")  # fmt: skip
    job = import_check(job_id=job.pk)
    if apply and job.status == ImportStatus.CHECKED and not job.counts["error"]:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
        job = import_apply(job_id=job.pk, actor_id=admin.pk)
    return job


@pytest.fixture
def coded(in_alpha):
    """alpha's branches with codes, as an imported tree would have them."""
    for pk, code in (
        (in_alpha.branch_1, "B1"),
        (in_alpha.branch_2, "B2"),
        (in_alpha.township_1, "T1"),
    ):
        OrgUnit.objects.filter(pk=pk).update(code=code)
    return in_alpha


@pytest.mark.parametrize("kind", ImportKind.values)
def test_every_template_has_a_chinese_header_an_example_and_notes(kind):
    book = load_workbook(io.BytesIO(template_workbook(kind)))
    sheet, notes = book.worksheets
    assert [c.value.rstrip("*") for c in sheet[1]] == [c.header for c in COLUMNS[kind]]
    assert sheet["A2"].value  # the example row
    assert notes.title == "填写说明" and notes.max_row >= len(COLUMNS[kind]) + 1
    # a template filled below its example imports only what was filled in
    assert read_rows(template_workbook(kind), kind) == []


def test_households_with_their_members(coded):
    rows = [["H1", "彭德明户", "B1", "", "彭德明", id_card_example(1), ""],
            ["H1", "彭德明户", "B1", "", "彭小明", id_card_example(2), ""],
            ["H2", "李四户", "B2", "", "李四", id_card_example(3), ""]]  # fmt: skip
    first = _run("households", rows)
    assert first.status == "applied" and first.counts["created"] == 3
    household = Subject.objects.get(kind="household", code="H1")
    assert sorted(household.members.values_list("name", flat=True)) == ["彭小明", "彭德明"]
    assert _run("households", rows).counts["unchanged"] == 3
    rows[1][2] = "B2"  # the same household in two villages
    refused = _run("households", rows, apply=False)
    assert (refused.report[1][1], refused.report[1][3]) == ("error", "C3")
    assert "disagree with row 2" in refused.report[1][4]


def test_businesses_keyed_by_licence(coded):
    rows = [["JY001", "李记超市", "shop", "B1", "城关路1号", "是", ""]]
    assert _run("businesses", rows).counts["created"] == 1
    shop = Subject.objects.get(kind="business", code="JY001")
    assert shop.attributes == {"licence_no": "JY001", "address": "城关路1号", "near_school": True}
    rows[0][1] = "李记便利店"
    assert _run("businesses", rows).counts["updated"] == 1
    assert _run("businesses", rows).counts["unchanged"] == 1
    bad = _run("businesses", [["JY002", "张记", "shop", "B9", "", "也许", ""]], apply=False)
    assert [r[3] for r in bad.report] == ["D2"]  # the first problem of the row: its station


def test_users_with_roles_refuse_a_recorder_who_supervises(coded):
    rows = [["wang", "王五", "", "记分员", "B2", "Initial-pass-9", ""],
            ["wang", "王五", "", "党员", "B2", "", ""]]  # fmt: skip
    applied = _run("users", rows)
    assert applied.status == "applied", applied.report
    wang = User.objects.get(username="wang")
    assert wang.must_change_password and wang.check_password("Initial-pass-9")
    assert set(RoleAssignment.objects.filter(user=wang).values_list("role", flat=True)) == {
        "recorder",
        "member",
    }
    assert _run("users", rows).counts["unchanged"] == 2
    # a new user linked to a person of the roll (on each of their rows)
    person = Subject.objects.get(name="甲县党员乙")
    card = id_card_example(91)
    from jifen.subjects.identity import id_card_parts

    person.id_card_hash, person.id_card_last4 = id_card_parts(card)
    person.save()
    linked = [
        ["li", "李", "", "记分员", "B1", "Initial-pass-9", card],
        ["li", "李", "", "党员", "B1", "", card],
    ]
    assert _run("users", linked).status == "applied"
    person.refresh_from_db()
    assert person.user.username == "li"
    assert _run("users", linked).counts["unchanged"] == 2
    someone = Subject.objects.get(name="甲县党员丙")
    someone.id_card_hash, someone.id_card_last4 = id_card_parts(id_card_example(92))
    someone.save()
    other = _run("users", [["li", "李", "", "党员", "B2", "", id_card_example(92)]], apply=False)
    assert other.counts["error"] == 1 and other.report[0][3] == "G2"
    assert "甲县党员乙" in other.report[0][4]  # li is that person's login already
    clash = _run("users", [["supervisor_1", "x", "", "记分员", "T1", "", ""]], apply=False)
    assert clash.counts["error"] == 1 and "must be different people" in clash.report[0][4]
    new_without_password = _run(
        "users", [["zhao", "赵六", "", "记分员", "B1", "", ""]], apply=False
    )
    assert new_without_password.report[0][3] == "F2"


def test_historical_points_become_last_years_results(coded):
    publish_template("yongzhou-safety-bureau", "yongzhou", coded.root)
    member = Subject.objects.get(name="甲县党员甲")
    card = id_card_example(77)
    from jifen.subjects.identity import id_card_parts

    member.id_card_hash, member.id_card_last4 = id_card_parts(card)
    member.save()
    rows = [[card, "甲县党员甲", 2025, 92.5, "优秀"]]
    assert _run("points", rows).counts["created"] == 1
    result = PeriodResult.objects.get(subject=member)
    assert (float(result.total), result.grade, result.close.period_start.year) == (
        92.5,
        "优秀",
        2025,
    )
    assert _run("points", rows).counts["unchanged"] == 1
    wrong_name = _run("points", [[card, "别人", 2025, 90, ""]], apply=False)
    assert wrong_name.report[0][3] == "B2" and "甲县党员甲" in wrong_name.report[0][4]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(coded):
    admin = User.objects.get(username="admin")
    job = ImportJob.objects.create(
        kind="members",
        file_name="x.csv",
        content=b"name,id\n",
        content_hash="x",
        created_by=admin,
        language="en",
    )
    job = import_check(job_id=job.pk)
    assert job.status == "refused" and ".xlsx" in job.failure


def test_an_apply_audits_every_object_it_creates_or_updates(coded, client_for):
    from jifen.audit.models import AuditRecord

    cards = [id_card_example(301 + i) for i in range(3)]
    rows = [[f"党员{i}", card, "", "full", "B1", "", "2010-07-01", "", ""] for i, card in enumerate(cards)]  # fmt: skip
    first_audit = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert _run("members", rows).counts["created"] == 3
    created = AuditRecord.objects.filter(pk__gt=first_audit, action="person.create")
    assert sorted(created.values_list("target", flat=True)) == ["党员0", "党员1", "党员2"]
    one = created.get(target="党员0")
    person = Subject.objects.get(name="党员0")
    assert one.actor.username == "admin" and one.target_id == str(person.pk)
    assert one.before is None and one.after["home_unit_id"] == coded.branch_1
    assert one.after["id_card_last4"] == cards[0][-4:]
    assert "id_card_hash" not in one.after and cards[0] not in str(one.after)
    assert "row 2" in one.note and "t.xlsx" in one.note
    # when: one row changes its phone, another moves to branch 2
    rows[0][2], rows[1][4] = "13800000000", "B2"
    mark = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert _run("members", rows).counts == {"created": 0, "updated": 2, "unchanged": 1, "error": 0, "rows": 3}  # fmt: skip
    later = {
        a.target: a
        for a in AuditRecord.objects.filter(pk__gt=mark).exclude(action__startswith="import.")
    }
    assert set(later) == {"党员0", "党员1"}
    assert later["党员0"].action == "subject.update"
    assert (later["党员0"].before["phone"], later["党员0"].after["phone"]) == ("", "13800000000")
    assert later["党员1"].action == "subject.move"
    assert later["党员1"].after["home_unit_id"] == coded.branch_2
    # a second apply of the same file records only the file's own row
    mark = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
    _run("members", rows)
    assert list(AuditRecord.objects.filter(pk__gt=mark).values_list("action", flat=True)) == [
        "import.members"
    ]
    # then: the tenant administrator reads them through the audit log
    query = '{ auditLog(action: "person.create", first: 10) { totalCount edges { node { target before after actor { username } } } } }'
    from django.db import connection

    connection.set_schema_to_public()
    page = client_for("alpha", "admin").graphql(query)["data"]["auditLog"]
    targets = {e["node"]["target"] for e in page["edges"]}
    assert {"党员0", "党员1", "党员2"} <= targets
    assert client_for("alpha", "secretary_1").graphql(query)["data"]["auditLog"]["totalCount"] == 0


def test_units_users_and_roles_imports_are_audited_per_row(coded):
    from jifen.audit.models import AuditRecord

    mark = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    units = [["T9", "新镇党委", "党(工)委", "", "否"], ["B9", "新镇一支部", "党支部", "T9", "是"]]
    assert _run("units", units).status == "applied"
    users = [["qian", "钱七", "", "记分员", "B9", "Initial-pass-9", ""]]
    assert _run("users", users).status == "applied"
    units[1][3] = "T1"  # the branch moves under township 1
    assert _run("units", units).status == "applied"
    actions = list(
        AuditRecord.objects.filter(pk__gt=mark).order_by("pk").values_list("action", "target")
    )
    assert actions == [
        ("unit.create", "新镇党委"), ("unit.create", "新镇一支部"), ("import.units", "组织架构 Organisation tree t.xlsx (applied)"),
        ("user.invite", "钱七"), ("role.grant", "qian · 记分员 Recorder · 新镇一支部"), ("import.users", "用户及角色 Users with roles t.xlsx (applied)"),
        ("unit.move", "新镇一支部"), ("import.units", "组织架构 Organisation tree t.xlsx (applied)"),
    ]  # fmt: skip
    move = AuditRecord.objects.get(pk__gt=mark, action="unit.move")
    assert (move.before, move.after) == ({"parent": "T9"}, {"parent": "T1"})
    invite = AuditRecord.objects.get(pk__gt=mark, action="user.invite")
    assert invite.after["must_change_password"] is True and "password" not in invite.after


def test_imported_points_are_carried_over_into_the_next_year(coded):
    import datetime as dt

    from jifen.access.services import system_actor
    from jifen.procedure import services as procedure
    from jifen.subjects.identity import id_card_parts

    # given a hospital branch whose base is 40% of last year's score, and last year on paper
    publish_template(
        "hospital-carry-over", "hospital", coded.branch_1, effective_from=dt.date(2024, 1, 1)
    )
    member = Subject.objects.get(name="甲县党员甲")
    card = id_card_example(78)
    member.id_card_hash, member.id_card_last4 = id_card_parts(card)
    member.save()
    assert _run("points", [[card, "甲县党员甲", 2025, 90, "优秀"]]).counts["created"] == 1
    # when this year closes
    branch = OrgUnit.objects.get(pk=coded.branch_1)
    closes = procedure.period_close(actor=system_actor(), unit=branch, period_start=dt.date(2026, 1, 1),
                                    today=dt.date(2027, 1, 5))  # fmt: skip
    # then the member starts from 90 × 40% = 36, the others from the full base 40
    results = {r.subject_id: r for c in closes for r in PeriodResult.objects.filter(close=c)}
    assert results[member.pk].buckets["basic"] == 36.0
    others = [r.buckets["basic"] for pk, r in results.items() if pk != member.pk]
    assert others and set(others) == {40.0}
