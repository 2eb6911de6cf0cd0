"""Recording what an inspector finds: the licence file's static factors and on-site
inspections. Both book through the ledger (`event_book`), never around it: a re-scored
assessment reverses the period's earlier booking of the same item first (l.477 "应重新确定"),
then the grade is recomputed with the fact as its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jifen import idempotency, policy
from jifen.audit.services import audit_record
from jifen.errors import FieldProblem, NotConfigured, NotFound, ValidationFailed
from jifen.inspections.models import GradeReason, Inspection, LicenceAssessment
from jifen.inspections.services import risk_grades_recompute
from jifen.ledger.models import Account, Entry
from jifen.ledger.selectors import standing_entries
from jifen.ledger.services import EventInput, entry_reverse, event_book
from jifen.policy import Action
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import applicable_for, period_of
from jifen.subjects.models import Subject

RESULTS = ("pass", "fail", "not_applicable")


def grading_of(subject: Subject, on: dt.date) -> tuple[Any, dict]:
    """The ruleset in force for the business on `on` and its `risk_grading` section."""
    try:
        app = applicable_for(subject.scoring_unit, subject.kind, on)
    except RulebookError as exc:
        raise NotConfigured(str(exc)) from exc
    section = app.document.get("risk_grading") or {}
    return app, section


def static_points(
    table: Sequence[Mapping[str, Any]], values: Mapping[str, float]
) -> tuple[list[dict], Decimal]:
    """Each factor scored by the band its value falls in (up to and including `up_to`); a
    factor with no value or 0 scores 0, as the table's note says for a missing factor."""
    problems = [
        FieldProblem(
            f"values.{code}", _("%(code)s is not a factor of the static table.") % {"code": code}
        )
        for code in values
        if code not in {row["code"] for row in table}
    ]
    problems += [
        FieldProblem(f"values.{code}", _("a count or area cannot be negative."))
        for code, value in values.items()
        if value is not None and value < 0
    ]
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    lines, total = [], Decimal(0)
    for row in table:
        value = values.get(row["code"])
        points = Decimal(0)
        if value:
            for band in row["bands"]:
                if band.get("up_to") is None or value <= band["up_to"]:
                    points = Decimal(str(band["points"]))
                    break
        lines.append(
            {
                "code": row["code"],
                "title": row["title"],
                "group": row.get("group", ""),
                "value": value,
                "points": float(points),
            }
        )
        total += points
    return lines, total


def _rebook(*, actor, subject: Subject, app, item: str, key: str, on: dt.date, points: Decimal):
    """Reverse the period's standing booking of `item`, then book the new score."""
    period = period_of(app, on)
    accounts = Account.objects.filter(
        subject=subject, ruleset=app.version.ruleset, period_start=period.start
    )
    standing = standing_entries(accounts=accounts).filter(item=item)
    for entry in Entry.objects.filter(pk__in=list(standing.values_list("pk", flat=True))):
        entry_reverse(actor=actor, entry=entry, reason=_("re-scored on %(day)s") % {"day": on})
    return event_book(
        actor=actor,
        data=EventInput(
            key=key, subject_id=subject.pk, item=item, occurred_on=on,
            attributes={"points": float(points)},
        ),
    )  # fmt: skip


def licence_assess(
    *,
    actor,
    subject: Subject,
    key: str,
    assessed_on: dt.date,
    values: Mapping[str, float],
    business_type: str = "",
) -> LicenceAssessment:
    """Score the licence file's static factors and book them (idempotent by `key`)."""
    policy.require(actor, Action.INSPECT, subject.scoring_unit)
    app, section = grading_of(subject, assessed_on)
    table = section.get("static_factors") or []
    if not table:
        raise NotConfigured(
            _("the ruleset has no static factor table (risk_grading.static_factors).")
        )
    lines, total = static_points(table, values)
    payload = idempotency.digest(
        {"subject": subject.pk, "on": assessed_on, "values": dict(values), "type": business_type}
    )
    with transaction.atomic():
        found = idempotency.earlier(
            LicenceAssessment, key=key, payload_hash=payload, what="assessment"
        )
        if found is not None:
            return found
        recorded = _rebook(
            actor=actor, subject=subject, app=app, item="static_assessment",
            key=f"licence:{key}", on=assessed_on, points=total,
        )  # fmt: skip
        assessment = LicenceAssessment.objects.create(
            key=key, payload_hash=payload, subject=subject, assessed_on=assessed_on,
            assessed_by=actor, business_type=business_type, lines=lines, total=total,
            event=recorded.event,
        )  # fmt: skip
        audit_record(actor=actor, action="inspection.licence_assess", target=assessment,
                     after={"total": str(total), "lines": lines})  # fmt: skip
        risk_grades_recompute(subject_ids=[subject.pk], on=assessed_on, reason=GradeReason.LICENCE)
    return assessment


def _checklist(table, results: Mapping[str, str]) -> tuple[list[dict], Decimal]:
    codes = {row["code"] for row in table}
    problems = [
        FieldProblem(
            f"results.{code}", _("%(code)s is not an item of the checklist.") % {"code": code}
        )
        for code in results
        if code not in codes
    ]
    problems += [
        FieldProblem(
            f"results.{row['code']}",
            _("%(item)s has no result: answer pass, fail or not_applicable.")
            % {"item": row["title"]},
        )
        for row in table
        if results.get(row["code"]) not in RESULTS
    ]
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    lines, total = [], Decimal(0)
    for row in table:
        result = results[row["code"]]
        points = Decimal(str(row["points"]))
        lines.append(
            {
                "code": row["code"], "title": row["title"], "group": row.get("group", ""),
                "result": result, "points": float(points),
            }
        )  # fmt: skip
        if result == "fail":
            total += points
    return lines, total


def _evidence(actor, ids: Sequence[int], field: str) -> list:
    from jifen.procedure.models import Evidence

    # the inspector's own uploads, not yet backing anything else
    found = {
        e.pk: e
        for e in Evidence.objects.filter(
            pk__in=list(ids), uploaded_by=actor, declaration__isnull=True,
            objection__isnull=True, entry__isnull=True,
        )
    }  # fmt: skip
    for index, pk in enumerate(ids):
        if pk not in found:
            raise NotFound(
                _("No evidence with this id that you may see."), field=f"{field}.{index}"
            )
    return [found[pk] for pk in ids]


def inspection_record(
    *,
    actor,
    subject: Subject,
    key: str,
    inspected_on: dt.date,
    results: Mapping[str, str],
    findings: str = "",
    photo_ids: Sequence[int] = (),
    signature_id: int | None = None,
    signature_refused: str = "",
) -> Inspection:
    """Record an on-site inspection and book its dynamic score (idempotent by `key`).

    Every checklist item needs a result; the representative signs (an image) or the
    inspector notes why they refused (l.479); nothing is kept if anything is refused."""
    policy.require(actor, Action.INSPECT, subject.scoring_unit)
    if subject.kind != "business":
        raise ValidationFailed(_("only food businesses are inspected."), field="subject")
    app, section = grading_of(subject, inspected_on)
    table = section.get("dynamic_checklist") or []
    if not table:
        raise NotConfigured(
            _("the ruleset has no inspection checklist (risk_grading.dynamic_checklist).")
        )
    lines, total = _checklist(table, results)
    photos = _evidence(actor, photo_ids, "photos")
    signature = _evidence(actor, [signature_id], "signature")[0] if signature_id else None
    if signature is None and not signature_refused.strip():
        raise ValidationFailed(
            _(
                "the representative's signature is missing: attach it, or note why they refused to sign."
            ),
            field="signature",
        )
    if signature is not None and not signature.content_type.startswith("image/"):
        raise ValidationFailed(
            _("the signature must be an image (PNG or JPEG)."), field="signature"
        )
    payload = idempotency.digest(
        {"subject": subject.pk, "on": inspected_on, "results": dict(results), "findings": findings,
         "photos": list(photo_ids), "signature": signature_id, "refused": signature_refused}
    )  # fmt: skip
    with transaction.atomic():
        found = idempotency.earlier(Inspection, key=key, payload_hash=payload, what="inspection")
        if found is not None:
            return found
        recorded = _rebook(
            actor=actor, subject=subject, app=app, item="dynamic_inspection",
            key=f"inspection:{key}", on=inspected_on, points=total,
        )  # fmt: skip
        inspection = Inspection.objects.create(
            key=key, payload_hash=payload, subject=subject, inspected_on=inspected_on,
            inspector=actor, checklist=lines, findings=findings, signature=signature,
            signature_refused=signature_refused, dynamic_total=total, event=recorded.event,
        )  # fmt: skip
        inspection.photos.set(photos)
        if recorded.entries:
            # the files back the booked score: whoever may see the business may open them
            from jifen.procedure.models import Evidence

            files = [e.pk for e in photos] + ([signature.pk] if signature else [])
            Evidence.objects.filter(pk__in=files).update(entry=recorded.entries[0])
        audit_record(actor=actor, action="inspection.record", target=inspection,
                     after={"dynamic_total": str(total), "failed": [r["code"] for r in lines
                                                              if r["result"] == "fail"]})  # fmt: skip
        risk_grades_recompute(
            subject_ids=[subject.pk], on=inspected_on, reason=GradeReason.INSPECTION,
            inspection=inspection,
        )  # fmt: skip
    return inspection
