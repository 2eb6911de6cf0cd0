"""Helpers shared by the procedure's action modules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jifen.i18n import in_language
from jifen.org.models import OrgUnit
from jifen.procedure.errors import InvalidStep, ProcedureError
from jifen.procedure.models import PeriodClose, Step
from jifen.rulebook.selectors import Applicable, applicable_for, period_of
from jifen.subjects.models import Subject
from jifen.workdays import Due


def ruleset_in_force(subject: Subject, on: date) -> Applicable:
    """The version that scores `subject` on `on`: look it up once per action, pass it on."""
    return applicable_for(subject.scoring_unit, subject.kind, on)


def procedure_of(app: Applicable) -> Mapping[str, Any]:
    return app.document.get("procedure") or {}


def item_of(app: Applicable, code: str) -> Mapping[str, Any]:
    for item in app.document.get("items", []):
        if item["code"] == code:
            return item
    known = ", ".join(i["code"] for i in app.document.get("items", []))
    raise InvalidStep(
        _("item %(code)s is not in ruleset %(ruleset)s %(version)s; known items: %(known)s.")
        % {"code": repr(code), "ruleset": app.key.ruleset, "version": app.key.version,
           "known": known},
        field="item",
    )  # fmt: skip


def record_text(message: Any, values: Mapping[str, Any] | None = None) -> str:
    """Words the platform writes into a record (a timeline note, a declaration's note): in
    the organisation's language, whichever language the request that wrote them was in.
    `message` is lazy (`gettext_lazy`), so it is translated here."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % dict(values) if values is not None else str(message)


def step(action: str, actor, note: str = "", **targets: Any) -> Step:
    """One line of the timeline; every action writes its own, in its own transaction."""
    return Step.objects.create(action=action, actor=actor, note=note, **targets)


def note_provisional(due: Due, **targets: Any) -> None:
    """Say on the timeline that a deadline counted a year whose holidays are not entered;
    it is counted again when they are (`deadlines_recount`)."""
    if due.provisional:
        years = "、".join(str(y) for y in due.provisional)
        step("deadline_provisional", None, f"{due.day} ({years})", **targets)


def period_closed(unit: OrgUnit, app: Applicable, on: date) -> bool:
    """Whether the period containing `on` is closed for `unit` (or a unit above it)."""
    period = period_of(app, on)
    return PeriodClose.objects.filter(
        unit__path__in=unit.ancestor_paths(), ruleset=app.version.ruleset, period_start=period.start
    ).exists()


def results_reopen(close: PeriodClose, actor, reason: str, action: str) -> None:
    """Reopen a closed period's accounts for correction (a returned filing, an upheld
    objection to the results); closing it again recomputes and publicises the results."""
    from jifen.ledger import services as ledger
    from jifen.ledger.models import Account

    accounts = Account.objects.filter(
        subject__in=close.results.values("subject_id"),
        ruleset=close.ruleset,
        period_start=close.period_start,
    )
    ledger.accounts_reopen(accounts=list(accounts))
    step(action, actor, reason, close=close)


def awaiting_review(row, status: str, related: tuple[str, ...], refusal: str):
    """`row` locked and read again, if it is still `status`; else `refusal` (a translated
    sentence with `%(status)s`) with the status it is in. A filing or a host's report is
    accepted or returned once."""
    row = type(row).objects.select_for_update(of=("self",)).select_related(*related).get(pk=row.pk)
    if row.status != status:
        raise ProcedureError(refusal % {"status": in_language(row.get_status_display())})
    return row


def reviewed(row, actor, status: str, reason: str = "") -> None:
    """Record who accepted or returned `row` (a filing, a host's report), when and why (an
    acceptance clears the reason of an earlier return, which stays in the timeline)."""
    row.status = status
    row.reviewed_by, row.reviewed_at = actor, timezone.now()
    row.review_reason = reason
    row.save()
