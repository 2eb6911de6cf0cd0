"""Helpers shared by the procedure's action modules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from jifen.org.models import OrgUnit
from jifen.procedure.errors import InvalidStep
from jifen.procedure.models import PeriodClose, Step
from jifen.rulebook.selectors import Applicable, applicable_for, period_of
from jifen.subjects.models import Subject


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


def step(action: str, actor, note: str = "", **targets: Any) -> Step:
    """One line of the timeline; every action writes its own, in its own transaction."""
    return Step.objects.create(action=action, actor=actor, note=note, **targets)


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
