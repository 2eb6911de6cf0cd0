"""An export being built by a worker, and the file it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormKind(models.TextChoices):
    MEMBER_CARD = "member_card", "党员积分登记表 Member's monthly registration card"
    BRANCH_LEDGER = "branch_ledger", "党员积分管理台账 Branch's monthly ledger"
    BOARD_NOTICE = "board_notice", "公示 Publicity notice of a board"
    PERIOD_RESULTS = "period_results", "积分情况汇总表 Period results / yearly summary"
    HOUSEHOLD_PASSBOOK = "household_passbook", "户积分存折 Household passbook"
    BUSINESS_HISTORY = "business_history", "检查及等级记录 Business inspections and grades"
    PUPIL_MONTH_REPORT = "pupil_month_report", "学生月积分报告 Pupil's monthly report to parents"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中 Queued"
    RUNNING = "running", "生成中 Running"
    DONE = "done", "已完成 Done"
    FAILED = "failed", "失败 Failed"


class ExportJob(models.Model):
    form = models.CharField(max_length=30, choices=FormKind.choices)
    # {"subject": id, "unit": id, "board": id, "close": id, "year": y, "month": m}
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    file = models.FileField(upload_to="exports/%Y/%m/", max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.status})"
