"""An uploaded workbook and what became of it: checked (dry run), then applied or refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    UNITS = "units", "组织架构 Organisation tree"
    MEMBERS = "members", "党员花名册 Member roster"
    HOUSEHOLDS = "households", "农户及成员 Households with members"
    BUSINESSES = "businesses", "经营主体 Businesses"
    USERS = "users", "用户及角色 Users with roles"
    POINTS = "points", "历史积分 Historical points (carry-over)"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传 Uploaded"
    CHECKING = "checking", "检查中 Checking"
    CHECKED = "checked", "已检查 Checked"
    APPLYING = "applying", "导入中 Applying"
    APPLIED = "applied", "已导入 Applied"
    REFUSED = "refused", "已拒绝 Refused (errors, nothing changed)"
    FAILED = "failed", "失败 Failed"


class ImportJob(models.Model):
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(max_length=200)
    # The workbook itself (a roster of 25,000 is about 2 MB): the dry run and the apply read
    # the same bytes, whichever worker takes them.
    content = models.BinaryField()
    content_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=10, default="zh-hans")
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # {"created": n, "updated": n, "unchanged": n, "error": n, "rows": n}
    counts = models.JSONField(default=dict)
    # One [row, outcome, key, cell, message, fix] per data row, in sheet order.
    report = models.JSONField(default=list)
    failure = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.status})"
