"""Step 2: record and declare (月末自主申报, 他人举报, 记分员记录), and attendance lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import rulesets
from jifen import idempotency, policy
from jifen.errors import FieldProblem, NotFound, PermissionDenied
from jifen.ledger.services import check_event
from jifen.org.models import OrgUnit, Role
from jifen.policy import Action
from jifen.procedure.errors import InvalidStep, StepTooLate
from jifen.procedure.models import Declaration, Evidence
from jifen.procedure.services._common import (
    item_of,
    period_closed,
    procedure_of,
    record_text,
    ruleset_in_force,
    step,
)
from jifen.rulebook.selectors import Applicable, period_of
from jifen.subjects.models import Subject
from jifen.workdays import deadline

DECLARE_UNITS = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class DeclarationInput:
    key: str
    subject_id: int
    item: str
    occurred_on: date
    attributes: Mapping[str, Any]
    quantity: float = 1
    note: str = ""
    place: str = ""
    evidence_ids: Sequence[int] = ()


def declaration_payload_hash(data: DeclarationInput) -> str:
    return idempotency.digest(
        {
            "subject": data.subject_id,
            "item": data.item,
            "occurred_on": data.occurred_on.isoformat(),
            "attributes": dict(data.attributes),
            "quantity": str(Decimal(str(data.quantity)).quantize(Decimal("0.0001"))),
            "note": data.note,
            "place": data.place,
        }
    )


def _check_declaration_deadline(app: Applicable, occurred_on: date, today: date) -> None:
    procedure = procedure_of(app)
    days = procedure.get("declaration_deadline_days")
    unit = DECLARE_UNITS.get(procedure.get("declaration", ""))
    if days is None or unit is None:
        return
    period = period_of(app, occurred_on)
    parts = rulesets.periods.sub_periods(period, unit)
    part = parts[rulesets.periods.index_of(parts, occurred_on)]
    last_day = deadline(part.end, days, procedure.get("declaration_calendar", "calendar"))
    if today > last_day:
        raise StepTooLate(
            _(
                "declarations for %(start)s…%(end)s were due by %(due)s; ask the recorder to "
                "record it with a reason."
            )
            % {"start": part.start, "end": part.end, "due": last_day},
            field="occurredOn",
        )


def _declare(*, actor, data: DeclarationInput, today: date) -> Declaration:
    subject = (
        Subject.objects.select_related("home_unit", "host_unit", "user")
        .filter(pk=data.subject_id)
        .first()
    )
    if subject is None:
        raise NotFound(
            _("no subject %(id)s in this tenant.") % {"id": data.subject_id}, field="subject"
        )
    unit = subject.scoring_unit
    kind, held = policy.declaration_kind(actor, subject, unit)
    digest = declaration_payload_hash(data)
    earlier = idempotency.earlier(
        Declaration, key=data.key, payload_hash=digest, what="declaration"
    )
    if earlier is not None:  # a retry: answered even if its deadline has passed since
        return earlier
    if data.occurred_on > today:
        raise InvalidStep(
            _("%(day)s is in the future; declare what has happened.") % {"day": data.occurred_on},
            field="occurredOn",
        )
    app = ruleset_in_force(subject, data.occurred_on)
    item = item_of(app, data.item)
    policy.require_declarer(item, kind, held)
    # the ledger's own door: what it will check when the declaration is accepted
    check_event(app, data.item, data.attributes, data.quantity, subject.category or "default")
    if period_closed(unit, app, data.occurred_on):
        raise StepTooLate(
            _(
                "the period containing %(day)s is closed for %(unit)s; ask the branch to record "
                "a correction in the current period."
            )
            % {"day": data.occurred_on, "unit": unit.name},
            field="occurredOn",
        )
    _check_declaration_deadline(app, data.occurred_on, today)
    evidence = list(
        Evidence.objects.filter(pk__in=data.evidence_ids, uploaded_by=actor, declaration=None)
    )
    if len(evidence) != len(set(data.evidence_ids)):
        raise InvalidStep(
            _("some evidence ids are unknown, not yours, or already attached."), field="evidence"
        )
    if item.get("evidence") == "required" and not evidence:
        raise InvalidStep(
            _("item %(code)s needs evidence (佐证材料): attach a file.")
            % {"code": repr(item["code"])},
            field="evidence",
        )
    is_secretary = subject.user_id is not None and Role.SECRETARY in policy.roles_over(
        subject.user, unit
    )

    def create() -> Declaration:
        declaration = Declaration.objects.create(
            key=data.key,
            payload_hash=digest,
            subject=subject,
            unit=unit,
            item=data.item,
            occurred_on=data.occurred_on,
            attributes=dict(data.attributes),
            quantity=Decimal(str(data.quantity)),
            note=data.note,
            place=data.place,
            kind=kind,
            declared_by=actor,
            countersign_required=is_secretary,
        )
        Evidence.objects.filter(pk__in=[e.pk for e in evidence]).update(declaration=declaration)
        step("declared", actor, f"{kind}: {data.note}".strip(": "), declaration=declaration)
        return declaration

    declaration, _created = idempotency.create_once(
        Declaration, key=data.key, payload_hash=digest, what="declaration", create=create
    )
    return declaration


def declaration_submit(*, actor, data: DeclarationInput, today: date | None = None) -> Declaration:
    """Declare an item for oneself, report another member, or record on someone's behalf.

    The same key with the same content returns the first declaration; the attributes are
    checked against the item now, so the member learns at once what to correct.
    """
    with transaction.atomic(durable=True):
        return _declare(actor=actor, data=data, today=today or timezone.localdate())


def _check_excuses(excused: Mapping[int, str], attendee_ids: Sequence[int]) -> None:
    """An excused member was not there and says why; refused before anything is written."""
    problems = [
        FieldProblem("excused", _("subject %(id)s is on the list of attendees too") % {"id": pk})
        for pk in sorted(set(excused) & set(attendee_ids))
    ] + [
        FieldProblem("excused", _("subject %(id)s is excused without a reason") % {"id": pk})
        for pk, reason in sorted(excused.items())
        if not (reason or "").strip()
    ]
    if problems:
        raise InvalidStep(
            _(
                "an excused member was absent for a reason: give each one's reason, and do not "
                "list them as attendees."
            ),
            field="excused",
            problems=problems,
        )


def attendance_record(
    *,
    actor,
    unit: OrgUnit,
    occurred_on: date,
    key: str,
    attendee_ids: Sequence[int],
    absent_item: str,
    present_item: str | None = None,
    note: str = "",
    today: date | None = None,
    excused: Mapping[int, str] | None = None,
    excused_item: str | None = None,
) -> list[Declaration]:
    """One meeting's attendance list → one declaration per member (present or absent).

    Members excused with a reason (请假) are not absent: the absent item is for absence
    without a proper reason. They get `excused_item` when the ruleset scores leave (some
    deduct for it), with their reason as its note for the review, and nothing otherwise."""
    policy.require(actor, Action.RECORD_ATTENDANCE, unit)
    excused = dict(excused or {})
    _check_excuses(excused, attendee_ids)
    members = Subject.objects.filter(
        Q(home_unit=unit, host_unit__isnull=True) | Q(host_unit=unit),
        kind="person",
        left_on__isnull=True,
    ).exclude(exempt_reason__gt="")
    member_ids = set(members.values_list("pk", flat=True))
    strangers = (set(attendee_ids) | set(excused)) - member_ids
    if strangers:
        raise InvalidStep(
            _(
                "subjects %(ids)s are not members scored at %(unit)s; remove them from the "
                "attendance list."
            )
            % {"ids": sorted(strangers), "unit": unit.name},
            field="attendees",
            problems=[
                FieldProblem("attendees", _("subject %(id)s is not scored here") % {"id": pk})
                for pk in sorted(strangers)
            ],
        )
    # Self-dealing: whoever records the list does not vouch for their own presence; their
    # own line is left to another recorder (neither present nor absent here).
    own = policy.own_subject_ids(actor)
    if (set(attendee_ids) | set(excused)) & own:
        raise PermissionDenied(
            _(
                "you may not list yourself on an attendance list you record; another "
                "recorder records your attendance."
            ),
            field="attendees",
        )
    created = []
    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        for subject_id in sorted(member_ids - own):
            line_note = note or "attendance list"
            if subject_id in attendee_ids:
                item = present_item
            elif subject_id in excused:
                item = excused_item
                line_note = record_text(
                    gettext_lazy("on leave: %(reason)s"), {"reason": excused[subject_id]}
                )
            else:
                item = absent_item
            if not item:
                continue
            created.append(
                _declare(
                    actor=actor,
                    data=DeclarationInput(
                        key=f"{key}:{subject_id}",
                        subject_id=subject_id,
                        item=item,
                        occurred_on=occurred_on,
                        attributes={},
                        note=line_note,
                    ),
                    today=today,
                )
            )
    return created
