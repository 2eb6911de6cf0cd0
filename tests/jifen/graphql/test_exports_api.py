"""The paper forms: each export opened again with openpyxl and read cell by cell against
the data; the print view; and who may have them (the four permission cases)."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jifen.access.services import system_actor
from jifen.exports.models import ExportJob
from jifen.exports.render import table_start, write_xlsx
from jifen.exports.services import export_build, export_form
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.subjects.models import Subject
from jifen.subjects.services import SubjectInput, subject_create
from jifen.testing.worlds import publish_template
from tests.jifen.graphql.conftest import codes, gid, on_board

DAY = dt.date(2025, 3, 12)


def _sheet(form):
    out = io.BytesIO()
    write_xlsx(form, out)
    return load_workbook(io.BytesIO(out.getvalue())).active


def _table(sheet, form) -> list[list]:
    start = table_start(form)
    header = [c.value for c in sheet[start - 1]]
    assert header == form.columns
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=start)]


def _book(subject, item, day=DAY, key=None):
    event_record(actor=system_actor(), data=EventInput(key=key or f"{subject.pk}-{item}-{day}",
                 subject_id=subject.pk, item=item, occurred_on=day))  # fmt: skip


@pytest.fixture
def march(users):
    """Branch 1's March 2025: 甲县党员乙 volunteered twice and was late once."""
    member = Subject.objects.get(name="甲县党员乙")
    _book(member, "volunteer", key="v1")
    _book(member, "volunteer", day=dt.date(2025, 3, 20), key="v2")
    _book(member, "party_day_late", day=dt.date(2025, 3, 5))
    _book(Subject.objects.get(name="甲县党员甲"), "task_not_done")
    return member


def test_a_members_monthly_card_lists_each_item_with_points_and_places_to_sign(users, march):
    form, _unit = export_form(actor=users["secretary_1"], form="member_card",
                              params={"subject": march.pk, "year": 2025, "month": 3})  # fmt: skip
    sheet = _sheet(form)
    assert sheet["A1"].value == "2025年3月份党员量化积分登记表"
    assert (sheet["A2"].value, sheet["B2"].value) == ("党支部", "甲县一支部")
    assert (sheet["A3"].value, sheet["B3"].value) == ("姓名", "甲县党员乙")
    rows = _table(sheet, form)
    assert [r[:5] for r in rows[:3]] == [
        [1, "2025-03-05", "无正当理由迟到、早退", -1, "basic"],
        [2, "2025-03-12", "积极参加志愿服务(1次加2分)", 2, "bonus"],
        [3, "2025-03-20", "积极参加志愿服务(1次加2分)", 2, "bonus"],
    ]
    assert rows[1][5] == "v1" and rows[1][6] == "已确认"
    assert rows[3][0] == "本月合计" and rows[3][3] == 3
    assert rows[-1][:2] == ["党员本人签字：", "记分员签字："]


def test_a_branch_ledger_has_one_row_per_member_with_buckets_and_totals(users, march):
    branch = march.home_unit
    form, _unit = export_form(actor=users["supervisor_1"], form="branch_ledger",
                              params={"unit": branch.pk, "year": 2025, "month": 3})  # fmt: skip
    sheet = _sheet(form)
    assert sheet["A1"].value == "甲县一支部党员积分管理台账（2025年3月）"
    assert form.columns == [
        "序号",
        "姓名",
        "类别",
        "basic",
        "bonus",
        "duty",
        "本月积分",
        "本年累计",
        "得分依据",
        "备注",
    ]
    rows = {r[1]: r for r in _table(sheet, form) if isinstance(r[0], int)}
    members = set(
        Subject.objects.filter(home_unit=branch, host_unit__isnull=True).values_list(
            "name", flat=True
        )
    )
    members |= set(Subject.objects.filter(host_unit=branch).values_list("name", flat=True))
    assert set(rows) == members
    assert rows["甲县党员乙"][3:8] == [-1, 4, 0, 3, 3]
    assert rows["甲县党员乙"][8] == "无正当理由迟到、早退×1；积极参加志愿服务(1次加2分)×2"
    assert rows["甲县党员甲"][3:7] == [0, 0, -1, -1]
    assert rows["甲县流动党员"][9] == "流动党员"
    totals = next(r for r in _table(sheet, form) if r[0] == "合计")
    assert totals[3:7] == [-1, 4, -1, 2]


def test_the_board_notice_has_dates_entries_and_how_to_object(users):
    declaration, board = on_board(users)
    form, _unit = export_form(
        actor=users["secretary_1"], form="board_notice", params={"board": board.pk}
    )
    sheet = _sheet(form)
    assert sheet["A1"].value == "关于甲县一支部党员积分初评情况的公示"
    assert sheet["B4"].value.endswith(f"至 {board.closes_on.isoformat()}")
    rows = _table(sheet, form)
    assert rows[0][:4] == [
        1,
        "甲县党员乙",
        "完不成党组织分配工作任务",
        declaration.occurred_on.isoformat(),
    ]
    notes = [r[0] for r in rows if isinstance(r[0], str) and "异议" in r[0]]
    assert notes and f"{board.closes_on:%Y年%m月%d日}" in notes[0]


def test_the_yearly_summary_has_totals_grades_ranks_and_grade_shares(users, march):
    [close] = procedure.period_close(actor=system_actor(), unit=march.home_unit,
                                     period_start=dt.date(2025, 1, 1), today=dt.date(2026, 1, 2))  # fmt: skip
    form, _unit = export_form(
        actor=users["township_1"], form="period_results", params={"close": close.pk}
    )
    sheet = _sheet(form)
    assert sheet["A1"].value == "2025年度党员量化积分情况汇总表"
    rows = _table(sheet, form)
    results = {r.subject.name: r for r in close.results.select_related("subject")}
    table = {r[1]: r for r in rows if isinstance(r[0], int)}
    assert set(table) == set(results)
    for name, result in results.items():
        assert Decimal(str(table[name][3])) == result.total
        assert (table[name][4], table[name][5]) == (result.grade, result.rank)
    assert (sheet["A5"].value, sheet["B5"].value.count("人")) == (
        "等次名额使用",
        len({r.grade for r in results.values()}),
    )


def test_a_households_passbook_keeps_a_running_balance(in_alpha, users):
    publish_template("household-140-stars", "hh", in_alpha.root, subject_kind="household")
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    admin = users["admin"]
    household = subject_create(actor=admin, kind="household", data=SubjectInput(
        name="彭德明户", home_unit=branch, members=(Subject.objects.get(name="甲县党员乙"),)))  # fmt: skip
    _book(household, "plants", day=dt.date(2025, 4, 1))
    _book(household, "plants", day=dt.date(2025, 5, 1), key="p2")
    form, _unit = export_form(
        actor=users["secretary_1"], form="household_passbook", params={"subject": household.pk}
    )
    sheet = _sheet(form)
    assert sheet["A1"].value == "彭德明户积分存折"
    assert sheet["B5"].value == "甲县党员乙"
    rows = [r for r in _table(sheet, form) if isinstance(r[0], int)]
    # the second planting in the same year earns nothing (the item counts once a year)
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [
        ("2025-04-01", 10, None, 10), ("2025-05-01", 0, None, 10),
    ]  # fmt: skip


def test_a_business_history_lists_its_facts_and_inspections(in_alpha, users):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    shop = subject_create(actor=users["admin"], kind="business", data=SubjectInput(
        name="李记超市", home_unit=branch, attributes={"licence_no": "JY1", "address": "城关路1号", "near_school": True}))  # fmt: skip
    form, _unit = export_form(
        actor=users["admin"], form="business_history", params={"subject": shop.pk}
    )
    sheet = _sheet(form)
    assert sheet["A1"].value == "李记超市监督检查及风险等级记录"
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2, max_row=6)] == [
        ("名称", "李记超市"), ("许可证编号", "JY1"), ("地址", "城关路1号"), ("监管所", "甲县一支部"), ("学校周边", "是"),
    ]  # fmt: skip


REQUEST = """mutation($subject: ID, $unit: ID) { exportRequest(form: BRANCH_LEDGER, unit: $unit,
  subject: $subject, year: 2025, month: 3) { job { id status } errors { code } } }"""


def test_exports_in_the_four_permission_cases_and_the_job_builds_the_file(
    in_alpha, users, march, fresh_unit, client_for
):
    b1 = {"unit": gid("OrgUnit", in_alpha.branch_1)}
    assert codes(client_for("alpha", "member_1").graphql(REQUEST, b1), "exportRequest") == [
        "PERMISSION_DENIED"
    ]
    assert codes(client_for("alpha", "secretary_2").graphql(REQUEST, b1), "exportRequest") == [
        "NOT_FOUND"
    ]
    other = {"unit": gid("OrgUnit", fresh_unit.pk)}
    assert codes(client_for("beta", "admin").graphql(REQUEST, other), "exportRequest") == [
        "NOT_FOUND"
    ]
    secretary = client_for("alpha", "secretary_1")
    sent = secretary.graphql(REQUEST, b1)["data"]["exportRequest"]
    assert sent["errors"] == [] and sent["job"]["status"] == "QUEUED"
    # (the worker's step, run here: the transaction of this test is invisible to a worker)
    job = export_build(job_id=ExportJob.objects.get().pk)
    polled = secretary.graphql("query($id: ID!) { exportJob(id: $id) { status rowsWritten downloadUrl } }",
                               {"id": sent["job"]["id"]})["data"]["exportJob"]  # fmt: skip
    assert polled["status"] == "DONE" and polled["rowsWritten"] == job.rows == 3
    download = secretary.get(polled["downloadUrl"])
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet["A1"].value == "甲县一支部党员积分管理台账（2025年3月）"
    assert client_for("alpha", "secretary_2").get(polled["downloadUrl"]).status_code == 404


def test_the_print_view_is_a4_html_with_the_table(in_alpha, users, march, client_for):
    page = client_for("alpha", "secretary_1").get(
        f"/exports/print/member_card?subject={gid('Subject', march.pk)}&year=2025&month=3"
    )
    assert page.status_code == 200
    html = b"".join(page.streaming_content).decode()
    assert "size: A4" in html and "<h1>2025年3月份党员量化积分登记表</h1>" in html
    assert html.count("<tr>") == 1 + 3 + 1  # header, three entries, the total
    refused = client_for("alpha", "secretary_2").get(
        f"/exports/print/member_card?subject={gid('Subject', march.pk)}"
    )
    assert refused.status_code == 404


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Chromium to print")
def test_the_print_view_prints_on_a4_pages_in_chromium(
    in_alpha, users, march, client_for, tmp_path
):
    # given a branch of 150 members: its ledger does not fit on one page
    Subject.objects.bulk_create(
        Subject(kind="person", name=f"党员{n:03d}", category="full", home_unit=march.home_unit)
        for n in range(147)
    )
    page = client_for("alpha", "secretary_1").get(
        f"/exports/print/branch_ledger?unit={gid('OrgUnit', in_alpha.branch_1)}&year=2025&month=3"
    )
    html = tmp_path / "ledger.html"
    html.write_bytes(b"".join(page.streaming_content))
    pdf = tmp_path / "ledger.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", data)
    boxes = {
        tuple(round(float(v)) for v in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)
    }
    # then it prints on several landscape A4 pages (297 × 210 mm = 842 × 595 points)
    assert len(pages) >= 3
    assert boxes == {(0, 0, 842, 595)}
