"""Reads of the procedure, scoped by role like every other read."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from jifen.org.models import Role
from jifen.org.selectors import held_roles, paths_q, scope_for
from jifen.policy import own_subject_ids
from jifen.procedure.models import (
    Board,
    Declaration,
    DeclarationStatus,
    Evidence,
    Objection,
    PeriodClose,
    PeriodResult,
    Step,
)


def declaration_list(
    *,
    user,
    unit=None,
    status: str | None = None,
    item: str | None = None,
    occurred_from: date | None = None,
    occurred_to: date | None = None,
    countersign_pending: bool = False,
) -> QuerySet:
    """Declarations of subjects the user may see, plus the ones they declared; narrowed to
    an item and a span of days for a branch's monthly ledger (台账), or to those waiting for
    the superior's countersignature (a secretary's own points, §14)."""
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
    if item:
        rows = rows.filter(item=item)
    if occurred_from:
        rows = rows.filter(occurred_on__gte=occurred_from)
    if occurred_to:
        rows = rows.filter(occurred_on__lte=occurred_to)
    if countersign_pending:
        rows = rows.filter(countersign_required=True, countersigned_at__isnull=True).exclude(
            status__in=(DeclarationStatus.REJECTED, DeclarationStatus.WITHDRAWN)
        )
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
    """Closed periods filed with units where the user is the superior organisation: those
    awaiting review, those returned and not yet closed again (awaiting correction, with the
    reason), and those accepted."""
    paths = tuple(path for role, path in held_roles(user) if role in (Role.SUPERIOR, Role.ADMIN))
    closes = PeriodClose.objects.select_related("unit", "filed_with")
    if not user.is_superuser:
        closes = closes.filter(paths_q("filed_with__path", paths))
    return closes.filter(status__in=["filed", "returned", "accepted"]).order_by("-filed_at")


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
    return _shop_photo_visible(user=user, evidence=evidence)


def _shop_photo_visible(*, user, evidence: Evidence) -> bool:
    """A points-shop photo is the catalogue's, not a person's: whoever sees the shop's unit
    (its staff, the members and households below it) may see it."""
    from django.apps import apps

    from jifen.org.selectors import unit_list
    from jifen.subjects.models import Subject

    items = apps.get_model("redemption", "ShopItem").objects.filter(photo=evidence)
    if not items.exists():
        return False
    units = list(unit_list(user=user).values_list("path", flat=True))
    own = Subject.objects.filter(user=user).select_related("household__home_unit", "home_unit")
    for subject in own:
        for home in (subject.home_unit, subject.household and subject.household.home_unit):
            if home is not None:
                units.append(home.path)
    return any(
        path.startswith(item.unit.path) for item in items.select_related("unit") for path in units
    )


def declaration_visible_list(*, user) -> QuerySet:
    """Declarations the user may look at: `declaration_list`'s, and every declaration on
    a board they can see (publicity shows a unit's entries to all its members)."""
    return Declaration.objects.filter(
        Q(pk__in=declaration_list(user=user).values("pk"))
        | Q(board__in=board_list(user=user).values("pk"))
    )


def declarable_subjects(*, user) -> QuerySet:
    """Subjects the user may declare for: their own, and those scored in units where they
    hold any role (members report each other; the service decides what each role may do)."""
    from jifen.subjects.models import Subject

    scope = scope_for(user)
    subjects = Subject.objects.select_related("home_unit", "host_unit")
    if scope.everything:
        return subjects
    if not getattr(user, "is_authenticated", False):
        return subjects.none()
    return subjects.filter(
        paths_q("host_unit__path", scope.unit_paths)
        | (Q(host_unit__isnull=True) & paths_q("home_unit__path", scope.unit_paths))
        | Q(user=user)
    )


def period_close_list(*, user) -> QuerySet:
    """Closed periods of units the user belongs to or reads (results are publicised to the
    unit), and those filed with them as the superior organisation."""
    scope = scope_for(user)
    closes = PeriodClose.objects.select_related("unit", "filed_with", "results_board")
    if scope.everything:
        return closes.order_by("-closed_at", "-pk")
    if scope.empty:
        return closes.none()
    return closes.filter(
        Q(pk__in=filing_inbox(user=user).values("pk")) | paths_q("unit__path", scope.unit_paths)
    ).order_by("-closed_at", "-pk")


def period_result_list(*, user) -> QuerySet:
    """Results of the closed periods the user may see (`period_close_list`)."""
    return PeriodResult.objects.filter(
        close__in=period_close_list(user=user).values("pk")
    ).select_related("subject", "close__unit", "close__results_board")


def host_report_list(*, user) -> QuerySet:
    """Floating members' quarterly reports sent by or to units the user reads."""
    from jifen.procedure.models import HostReport

    scope = scope_for(user)
    reports = HostReport.objects.select_related("host_unit", "home_unit", "filed_by")
    if scope.everything:
        return reports.order_by("-covers_start", "pk")
    if scope.empty:
        return reports.none()
    return reports.filter(
        paths_q("host_unit__path", scope.reader_paths)
        | paths_q("home_unit__path", scope.reader_paths)
    ).order_by("-covers_start", "pk")
