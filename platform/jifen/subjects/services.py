"""Moving a household (or a person) within its township, its history kept."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.errors import DomainError
from jifen.org.models import OrgUnit, UnitKind
from jifen.policy import Action
from jifen.subjects.models import Subject, SubjectMove

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
