"""The workbook layout of each import: columns (Chinese headers), notes and an example.

A template is the header row, one example row (in grey italics: the import skips a row
whose first cell starts with "示例"), and a 填写说明 sheet with each column's rule. Uploads
are matched by header text, so columns may be reordered and extra columns are ignored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from jifen.imports.models import ImportKind

EXAMPLE_MARK = "示例"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    note: str
    example: str


UNIT_KINDS_NOTE = "县/区、乡镇/街道、党(工)委、党总支、党支部、党小组、企业、部门、学校、年级、班级、村/社区、网格、监管所、其他"

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.UNITS: (
        Column(
            "code",
            "单位编码",
            True,
            "唯一编码，再次导入时按它匹配（如 QS-01-003）",
            "示例：QS-01-003",
        ),
        Column("name", "单位名称", True, "全称", "城关镇第三党支部"),
        Column("kind", "单位类型", True, UNIT_KINDS_NOTE, "党支部"),
        Column(
            "parent_code",
            "上级单位编码",
            False,
            "留空表示直属本租户顶级单位；上级可以在同一文件中",
            "QS-01",
        ),
        Column("is_scoring", "是否计分", False, "是/否，默认是（只做汇总的党委填否）", "是"),
    ),
    ImportKind.MEMBERS: (
        Column("name", "姓名", True, "", "示例：张三"),
        Column(
            "id_card",
            "身份证号",
            True,
            "18 位；再次导入时按它匹配；系统只保存加密摘要和后四位",
            "110101199003078515",
        ),
        Column("phone", "手机号码", False, "", "13800000000"),
        Column(
            "category",
            "党员类别",
            False,
            "积分细则中的类别编码（full 正式党员、probationary 预备党员、floating 流动党员……）",
            "full",
        ),
        Column("home_code", "所在支部编码", True, "党员组织关系所在单位的编码", "QS-01-003"),
        Column(
            "host_code", "流入地支部编码", False, "流动党员实际参加积分的单位；留空表示不流动", ""
        ),
        Column("joined_on", "入党日期", False, "日期，如 2010-07-01", "2010-07-01"),
        Column(
            "exempt_reason",
            "免于评定原因",
            False,
            "年老体弱、长期外出等；填写时须同时填写批准人",
            "",
        ),
        Column("exempt_approved_by", "免评批准人", False, "如：支部党员大会", ""),
    ),
    ImportKind.HOUSEHOLDS: (
        Column("code", "户编号", True, "每户唯一；同一户的每个成员各占一行", "示例：JL-0001"),
        Column("name", "户名", True, "通常为户主姓名加“户”", "彭德明户"),
        Column("home_code", "所在村组编码", True, "", "JL-PD-01"),
        Column("category", "户类别", False, "积分细则中的户类别编码", "household"),
        Column("member_name", "成员姓名", True, "", "彭德明"),
        Column("member_id_card", "成员身份证号", True, "18 位", "110101199003078515"),
        Column("member_phone", "成员电话", False, "", ""),
    ),
    ImportKind.BUSINESSES: (
        Column(
            "licence_no",
            "许可证编号",
            True,
            "食品经营许可证编号；再次导入时按它匹配",
            "示例：JY14201020001234",
        ),
        Column("name", "名称", True, "", "李记超市"),
        Column(
            "category",
            "类别",
            False,
            "积分细则中的类别编码（licensed、new_licensed、small_shop……）",
            "licensed",
        ),
        Column("station_code", "监管所编码", True, "负责监管的所的单位编码", "SC-01"),
        Column("address", "经营地址", False, "", "城关路 1 号"),
        Column("near_school", "学校周边", False, "是/否：位于学校周边 200 米内", "否"),
        Column("phone", "联系电话", False, "", ""),
    ),
    ImportKind.USERS: (
        Column("username", "用户名", True, "登录名：字母、数字或 . _ - @", "示例：zhangsan"),
        Column("display_name", "姓名", True, "", "张三"),
        Column("phone", "手机号码", False, "", ""),
        Column(
            "role",
            "角色",
            True,
            "党员、记分员、监督员、支部书记、上级党组织、网格员、监管人员、评议小组成员、租户管理员",
            "记分员",
        ),
        Column(
            "unit_code",
            "单位编码",
            False,
            "角色所管辖的单位（含其下级）；留空表示整个租户（顶级单位）；一人多个角色各占一行",
            "QS-01-003",
        ),
        Column(
            "initial_password",
            "初始密码",
            False,
            "新用户必填，至少 8 位；首次登录后须修改；已有用户忽略此列",
            "Chushi-2026",
        ),
        Column("id_card", "身份证号", False, "填写时把账号关联到花名册中的本人", ""),
    ),
    ImportKind.POINTS: (
        Column("id_card", "身份证号", True, "花名册中已有的人员", "示例：110101199003078515"),
        Column("name", "姓名", True, "用于核对：须与花名册一致", "张三"),
        Column("year", "年度", True, "如 2025", "2025"),
        Column("total", "年度总积分", True, "数字，可带小数", "92.5"),
        Column("grade", "等次", False, "如：优秀、合格", "优秀"),
    ),
}

SHEET_TITLES = {
    ImportKind.UNITS: "组织架构",
    ImportKind.MEMBERS: "党员花名册",
    ImportKind.HOUSEHOLDS: "农户及成员",
    ImportKind.BUSINESSES: "经营主体",
    ImportKind.USERS: "用户及角色",
    ImportKind.POINTS: "历史积分",
}

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
EXAMPLE_FONT = Font(italic=True, color="808080")


def template_workbook(kind: str) -> bytes:
    """The downloadable template of `kind` (xlsx bytes)."""
    columns = COLUMNS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLES[kind]
    sheet.append([c.header + ("*" if c.required else "") for c in columns])
    sheet.append([c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        head = sheet.cell(row=1, column=index)
        head.fill = HEADER_FILL
        head.font = REQUIRED_FONT if column.required else Font(bold=True)
        sheet.cell(row=2, column=index).font = EXAMPLE_FONT
        sheet.cell(row=2, column=index).number_format = "@"
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 3)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for column in columns:
        notes.append([column.header, "是" if column.required else "否", column.note])
    notes.append([])
    notes.append(["", "", f"带 * 的列必填。第一格以“{EXAMPLE_MARK}”开头的行是示例，导入时跳过。"])
    notes.append(
        ["", "", "先“检查”（不改动任何数据），按报告改正后再“导入”；同一文件再导入一次不会重复。"]
    )
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def header_key(text: str, kind: str) -> str | None:
    """The column key of a header cell ("身份证号*" → "id_card")."""
    cleaned = str(text or "").strip().rstrip("*＊").strip()
    for column in COLUMNS[kind]:
        if column.header == cleaned:
            return column.key
    return None
