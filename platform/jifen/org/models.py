"""Organisation units as a materialised-path tree, and roles scoped to subtrees.

A materialised path (django-treebeard's MP_Node) makes "everything under this unit" one
indexed prefix scan, which is the query every permission check and dashboard runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from treebeard.mp_tree import MP_Node


class UnitKind(models.TextChoices):
    COUNTY = "county", "县/区 County"
    TOWNSHIP = "township", "乡镇/街道 Township"
    COMMITTEE = "committee", "党(工)委 Party committee"
    GENERAL_BRANCH = "general_branch", "党总支 General branch"
    BRANCH = "branch", "党支部 Party branch"
    GROUP = "group", "党小组 Party group"
    ENTERPRISE = "enterprise", "企业 Enterprise"
    DEPARTMENT = "department", "部门 Department"
    SCHOOL = "school", "学校 School"
    GRADE = "grade", "年级 Grade"
    CLASS = "class", "班级 Class"
    VILLAGE = "village", "村/社区 Village"
    GRID = "grid", "网格 Grid"
    BUREAU = "bureau", "市场监管局 Bureau"
    STATION = "station", "监管所 Station"
    OTHER = "other", "其他 Other"


class OrgUnit(MP_Node):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    code = models.CharField(max_length=50, blank=True)
    # A scoring unit keeps points and boards (a branch); a non-scoring one only groups
    # (a township committee that supervises but scores nobody directly).
    is_scoring = models.BooleanField(default=True)
    # A closed unit keeps its history but takes no new members, units or points.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    # Path steps of 4 base-36 digits: 1.6 million siblings per level, 63 levels deep.
    steplen = 4
    node_order_by = ["name"]

    class Meta:
        indexes = [
            # LIKE 'prefix%' uses a btree only with a pattern opclass in non-C collations.
            models.Index(
                fields=["path"], opclasses=["varchar_pattern_ops"], name="org_unit_path_prefix"
            ),
            models.Index(fields=["kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every unit above it, top first (for `path__in`)."""
        return [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]


class Role(models.TextChoices):
    MEMBER = "member", "党员/成员 Member"
    RECORDER = "recorder", "记分员 Recorder"
    SUPERVISOR = "supervisor", "监督员 Supervisor"
    SECRETARY = "secretary", "支部书记 Branch secretary"
    SUPERIOR = "superior", "上级党组织 Superior organisation"
    GRID_WORKER = "grid_worker", "网格员 Grid worker"
    INSPECTOR = "inspector", "监管人员 Inspector"
    EVALUATOR = "evaluator", "评议小组成员 Evaluation group member"
    ADMIN = "admin", "租户管理员 Tenant administrator"


# Roles that see every subject in their subtree (a member sees only their own record).
SUBTREE_READERS = frozenset(set(Role.values) - {Role.MEMBER})


class RoleAssignment(models.Model):
    """A user holds a role over a unit and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


# 评议小组 at least 5 members each (原則上每組不少於5人, seed 004 第一篇 四(三) l.18)
EVALUATION_GROUP_MIN = 5


class EvaluationGroup(models.Model):
    """An evaluation group (积分评议小组) that looks after one area (片/组, a grid) and, when
    it reviews, reviews another group's area (实行小组交叉考察评议, seed 004 第一篇 四(三))."""

    area = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="evaluation_groups")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="evaluation_groups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="one_group_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name


class CrossReview(models.Model):
    """Which group reviews which area: the assignment a cross review consists of. The
    reviewed area is never the group's own, nor above or below it (services check)."""

    group = models.ForeignKey(EvaluationGroup, on_delete=models.CASCADE, related_name="reviews")
    reviewed = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cross_reviews")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "reviewed"], name="one_review_per_group_area")
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.reviewed}"
