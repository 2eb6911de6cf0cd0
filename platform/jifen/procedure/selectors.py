"""Reads of the procedure, scoped by role like every other read."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jifen.org.models import Role
from jifen.org.selectors import paths_q, scope_for
from jifen.procedure.models import Board, Declaration, Evidence, Objection, PeriodClose, Step
from jifen.procedure.permissions import own_subject_ids


def declaration_list(*, user, unit=None, status: str | None = None) -> QuerySet:
    """Declarations of subjects the user may see, plus the ones they declared."""
    scope = scope_for(user)
    rows = Declaration.objects.select_related("subject", "unit", "declared_by")
    if not scope.everything:
        rows = rows.filter(
            paths_q("unit__path", scope.reader_paths)
            | Q(declared_by=user)
            | Q(subject_id__in=own_subject_ids(user))
        )
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-declared_at", "-pk")


def board_list(*, user, unit=None) -> QuerySet:
    """Boards of units the user belongs to or reads, and public boards."""
    scope = scope_for(user)
    boards = Board.objects.select_related("unit")
    if not scope.everything:
        boards = boards.filter(paths_q("unit__path", scope.unit_paths) | Q(public=True))
    if unit is not None:
        boards = boards.filter(unit__path__startswith=unit.path)
    return boards.order_by("-opened_at", "-pk")


def timeline(*, declaration: Declaration) -> QuerySet:
    """Every step of a declaration and of its objections, oldest first."""
    return (
        Step.objects.filter(Q(declaration=declaration) | Q(objection__declaration=declaration))
        .select_related("actor")
        .order_by("at", "pk")
    )


def objection_list(*, user, unit=None, open_only: bool = False) -> QuerySet:
    scope = scope_for(user)
    rows = Objection.objects.select_related("declaration", "handled_by")
    if not scope.everything:
        rows = rows.filter(paths_q("handled_by__path", scope.reader_paths) | Q(raised_by=user))
    if unit is not None:
        rows = rows.filter(handled_by__path__startswith=unit.path)
    if open_only:
        rows = rows.filter(status__in=["open", "escalated"])
    return rows.order_by("answer_due", "pk")


def filing_inbox(*, user) -> QuerySet:
    """Closed periods filed with units where the user is the superior organisation."""
    from jifen.org.models import RoleAssignment

    paths = tuple(
        RoleAssignment.objects.filter(user=user, role__in=[Role.SUPERIOR, Role.ADMIN]).values_list(
            "unit__path", flat=True
        )
    )
    closes = PeriodClose.objects.select_related("unit", "filed_with")
    if not user.is_superuser:
        closes = closes.filter(paths_q("filed_with__path", paths))
    return closes.filter(status="filed").order_by("-filed_at")


def evidence_visible(*, user, evidence: Evidence) -> bool:
    """Whether `user` may download the file: they may see what it backs."""
    if evidence.uploaded_by_id == user.pk:
        return True
    if evidence.declaration_id:
        return declaration_list(user=user).filter(pk=evidence.declaration_id).exists()
    if evidence.objection_id:
        return objection_list(user=user).filter(pk=evidence.objection_id).exists()
    if evidence.entry_id:
        from jifen.subjects.selectors import subject_list

        return subject_list(user=user).filter(accounts__entries=evidence.entry_id).exists()
    return False
