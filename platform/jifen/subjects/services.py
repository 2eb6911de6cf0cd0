"""Writes to the roster: people, households, businesses (audited, permission-checked).

A subject's row is its identity: moving a member to another unit changes `home_unit` /
`host_unit` on the same row, so its accounts, entries and declarations, which point at the
row, stay with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import Conflict, DomainError, ValidationFailed
from jifen.org.models import OrgUnit, UnitKind
from jifen.policy import Action
from jifen.subjects.identity import id_card_parts
from jifen.subjects.models import Subject, SubjectKind, SubjectMove

#: Keys of `attributes` that the roster sets for businesses (the ruleset reads them).
BUSINESS_ATTRIBUTES = ("licence_no", "address", "near_school")


@dataclass(frozen=True)
class SubjectInput:
    """What an administrator may set on a subject; None leaves a field as it is."""

    name: str | None = None
    category: str | None = None
    home_unit: OrgUnit | None = None
    host_unit: OrgUnit | None = None
    clear_host_unit: bool = False
    id_card: str | None = None
    phone: str | None = None
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    exempt_reason: str | None = None
    exempt_approved_by: str | None = None
    exempt_approved_on: dt.date | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    #: A household's complete list of people (None: unchanged).
    members: tuple[Subject, ...] | None = None


def subject_snapshot(subject: Subject) -> dict:
    """What the audit log keeps (never the ID-card number, only its last four)."""
    return {
        "name": subject.name,
        "kind": subject.kind,
        "category": subject.category,
        "home_unit": subject.home_unit.name if subject.home_unit_id else None,
        "host_unit": subject.host_unit.name if subject.host_unit_id else None,
        "id_card_last4": subject.id_card_last4,
        "phone": subject.phone,
        "joined_on": subject.joined_on.isoformat() if subject.joined_on else None,
        "left_on": subject.left_on.isoformat() if subject.left_on else None,
        "exempt_reason": subject.exempt_reason,
        "exempt_approved_by": subject.exempt_approved_by,
        "household": subject.household.name if subject.household_id else None,
        "attributes": dict(subject.attributes),
    }


def _require_unit_open(unit: OrgUnit, field_name: str) -> None:
    if unit.closed_at is not None:
        raise Conflict(
            _("%(unit)s is closed and takes no members; reopen it or choose another unit.")
            % {"unit": unit.name},
            field=field_name,
        )


def _apply(subject: Subject, data: SubjectInput, actor) -> None:
    """Copy `data` onto `subject`, validating as it goes (nothing is saved here)."""
    if data.name is not None:
        name = data.name.strip()
        if not name or len(name) > 200:
            raise ValidationFailed(_("a name has 1 to 200 characters."), field="name")
        subject.name = name
    if data.category is not None:
        subject.category = data.category.strip()
    if data.home_unit is not None and data.home_unit.pk != subject.home_unit_id:
        policy.require(actor, policy.Action.EDIT_SUBJECTS, data.home_unit)
        _require_unit_open(data.home_unit, "homeUnit")
        subject.home_unit = data.home_unit
    if data.clear_host_unit:
        subject.host_unit = None
    elif data.host_unit is not None and data.host_unit.pk != subject.host_unit_id:
        _require_unit_open(data.host_unit, "hostUnit")
        subject.host_unit = data.host_unit
    if subject.host_unit_id and subject.host_unit_id == subject.home_unit_id:
        subject.host_unit = None
    if data.id_card is not None:
        if subject.kind != SubjectKind.PERSON:
            raise ValidationFailed(_("only people have ID cards."), field="idCard")
        if data.id_card.strip():
            subject.id_card_hash, subject.id_card_last4 = id_card_parts(data.id_card)
            clash = Subject.objects.filter(id_card_hash=subject.id_card_hash).exclude(pk=subject.pk)
            if clash.exists():
                raise Conflict(
                    _("another person (%(name)s) has this ID-card number; edit that record.")
                    % {"name": clash.first().name},
                    field="idCard",
                )
        else:
            subject.id_card_hash = subject.id_card_last4 = ""
    if data.phone is not None:
        subject.phone = data.phone.strip()
    if data.joined_on is not None:
        subject.joined_on = data.joined_on
    if data.left_on is not None:
        subject.left_on = data.left_on
    if data.exempt_reason is not None:
        reason = data.exempt_reason.strip()
        if reason and not (data.exempt_approved_by or subject.exempt_approved_by).strip():
            raise ValidationFailed(
                _("an exemption needs who approved it (the branch meeting, the committee …)."),
                field="exemptApprovedBy",
            )
        subject.exempt_reason = reason
        if not reason:
            subject.exempt_approved_by, subject.exempt_approved_on = "", None
    if data.exempt_approved_by is not None and subject.exempt_reason:
        subject.exempt_approved_by = data.exempt_approved_by.strip()
    if data.exempt_approved_on is not None and subject.exempt_reason:
        subject.exempt_approved_on = data.exempt_approved_on
    if data.attributes:
        subject.attributes = {**subject.attributes, **data.attributes}


def subject_create(*, actor, kind: str, data: SubjectInput) -> Subject:
    """Register a person, household or business in `data.home_unit`."""
    if data.home_unit is None:
        raise ValidationFailed(_("say which unit the record belongs to."), field="homeUnit")
    if not (data.name or "").strip():
        raise ValidationFailed(_("a name has 1 to 200 characters."), field="name")
    policy.require(actor, policy.Action.EDIT_SUBJECTS, data.home_unit)
    _require_unit_open(data.home_unit, "homeUnit")
    subject = Subject(kind=kind, home_unit=data.home_unit, name="")
    _apply(subject, data, actor)
    with transaction.atomic():
        subject.save()
        audit_record(
            actor=actor, action=f"{kind}.create", target=subject, after=subject_snapshot(subject)
        )
        if data.members is not None:
            household_members_set(actor=actor, household=subject, members=list(data.members))
    return subject


def subject_update(*, actor, subject: Subject, data: SubjectInput) -> Subject:
    """Change a record (a move, a new phone, an exemption …); audited when anything changed.
    The caller must be allowed at the old unit, and at the new one when it moves."""
    policy.require(actor, policy.Action.EDIT_SUBJECTS, subject.home_unit)
    before = subject_snapshot(subject)
    hash_before = subject.id_card_hash
    _apply(subject, data, actor)
    after = subject_snapshot(subject)
    if after == before and subject.id_card_hash == hash_before:
        if data.members is not None:
            with transaction.atomic():
                household_members_set(actor=actor, household=subject, members=list(data.members))
        return subject
    action = (
        "subject.move"
        if before["home_unit"] != after["home_unit"] or (before["host_unit"] != after["host_unit"])
        else "subject.update"
    )
    with transaction.atomic():
        subject.save()
        audit_record(actor=actor, action=action, target=subject, before=before, after=after)
        if data.members is not None:
            household_members_set(actor=actor, household=subject, members=list(data.members))
    return subject


def household_members_set(*, actor, household: Subject, members: list[Subject]) -> Subject:
    """Make `members` the household's people (others leave it, their records stay)."""
    if household.kind != SubjectKind.HOUSEHOLD:
        raise ValidationFailed(_("members belong to a household."), field="household")
    policy.require(actor, policy.Action.EDIT_SUBJECTS, household.home_unit)
    for index, member in enumerate(members):
        if member.kind != SubjectKind.PERSON:
            raise ValidationFailed(
                _("%(name)s is not a person.") % {"name": member.name}, field=f"members.{index}"
            )
        policy.require(actor, policy.Action.EDIT_SUBJECTS, member.home_unit)
    before = sorted(household.members.values_list("name", flat=True))
    after = sorted(m.name for m in members)
    ids = {m.pk for m in members}
    with transaction.atomic():
        household.members.exclude(pk__in=ids).update(household=None)
        Subject.objects.filter(pk__in=ids).update(household=household)
        if before != after:
            audit_record(
                actor=actor, action="household.members", target=household,
                before={"members": before}, after={"members": after},
            )  # fmt: skip
    return household


def business_attributes(
    *, licence_no: str | None, address: str | None, near_school: bool | None
) -> dict[str, Any]:
    """The roster's business facts as ruleset attributes (None: unchanged)."""
    found: dict[str, Any] = {}
    if licence_no is not None:
        found["licence_no"] = licence_no.strip()
    if address is not None:
        found["address"] = address.strip()
    if near_school is not None:
        found["near_school"] = bool(near_school)
    return found


# --- moving within a township (a household's passbook goes along) -------------------------

TOWNSHIP_KINDS = (UnitKind.TOWNSHIP, UnitKind.COMMITTEE)


def township_of(unit: OrgUnit) -> OrgUnit | None:
    """The nearest township (or township committee) at or above `unit`."""
    return (
        OrgUnit.objects.filter(path__in=unit.ancestor_paths(), kind__in=TOWNSHIP_KINDS)
        .order_by("-depth")
        .first()
    )


def subject_move(
    *, actor, subject: Subject, to_unit: OrgUnit, on: dt.date | None = None
) -> SubjectMove:
    """Move `subject` (and a household's members living with it) to `to_unit` of the same
    township. Accounts belong to the subject, not to the unit: the ledger, the passbook and
    the balance move along; the move itself is recorded."""
    on = on or timezone.localdate()
    township = township_of(subject.home_unit) or subject.home_unit
    policy.require(actor, Action.MOVE_SUBJECT, township)
    if not to_unit.path.startswith(township.path):
        raise DomainError(
            _("%(subject)s can move only within %(township)s; %(unit)s is outside it.")
            % {"subject": subject.name, "township": township.name, "unit": to_unit.name},
            field="unit",
        )
    if to_unit.pk == subject.home_unit_id:
        raise DomainError(
            _("%(subject)s belongs to %(unit)s already.")
            % {"subject": subject.name, "unit": to_unit.name},
            field="unit",
        )
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        before = subject.home_unit
        Subject.objects.filter(household=subject, home_unit=before).update(home_unit=to_unit)
        subject.home_unit = to_unit
        subject.save(update_fields=["home_unit"])
        move = SubjectMove.objects.create(subject=subject, from_unit=before, to_unit=to_unit,
                                          moved_on=on, moved_by=actor)  # fmt: skip
        audit_record(actor=actor, action="subject.move", target=subject,
                     before={"home_unit": before.name}, after={"home_unit": to_unit.name})  # fmt: skip
    return move
