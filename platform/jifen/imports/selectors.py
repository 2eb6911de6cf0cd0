"""Reads of imports: jobs, their progress, and the dry-run report as a workbook."""

from __future__ import annotations

import io

from django.core.cache import cache
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from jifen import policy
from jifen.imports.models import ImportJob
from jifen.imports.reading import read_rows
from jifen.imports.services import progress_key
from jifen.imports.sheets import COLUMNS

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
OUTCOME_WORDS = {"created": "新增", "updated": "更新", "unchanged": "无变化", "error": "错误"}


def import_list(*, actor):
    policy.require_tenant_admin(actor, policy.Action.IMPORT_DATA)
    return (
        ImportJob.objects.defer("content")
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def import_progress(job: ImportJob) -> dict:
    return cache.get(progress_key(job.pk)) or {"phase": job.status, "done": 0, "total": 0}


def import_report_workbook(job: ImportJob) -> bytes:
    """The uploaded rows with two columns added (结果, 说明), cells in error filled red with
    a comment saying what is wrong and how to fix it; a second sheet lists every row."""
    columns = COLUMNS[job.kind]
    book = Workbook()
    sheet = book.active
    sheet.title = "检查结果"
    sheet.append([c.header for c in columns] + ["结果", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    by_row = {r[0]: r for r in job.report}
    letters = {c.key: i for i, c in enumerate(columns, start=1)}
    try:
        rows = read_rows(bytes(job.content), job.kind)
    except Exception:
        rows = []
    for out_row, row in enumerate(rows, start=2):
        values = [row.values.get(c.key) for c in columns]
        number, outcome, _key, cell, message, fix = by_row.get(
            row.number, [row.number, "", "", "", "", ""]
        )
        sheet.append([*values, OUTCOME_WORDS.get(outcome, outcome), f"{message} {fix}".strip()])
        if outcome == "error":
            column_letters = "".join(ch for ch in cell if ch.isalpha())
            for key, col in letters.items():
                if row.letters.get(key) == column_letters:
                    target = sheet.cell(row=out_row, column=col)
                    target.fill = ERROR_FILL
                    target.comment = Comment(f"{cell}: {message}\n{fix}", "积分系统")
            sheet.cell(row=out_row, column=len(columns) + 1).fill = ERROR_FILL
    listing = book.create_sheet("逐行报告")
    listing.append(["行号", "结果", "对象", "单元格", "问题", "改正方法"])
    for number, outcome, key, cell, message, fix in job.report:
        listing.append([number, OUTCOME_WORDS.get(outcome, outcome), key, cell, message, fix])
    if job.failure:
        listing.append([])
        listing.append(["", "", "", "", job.failure, ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
