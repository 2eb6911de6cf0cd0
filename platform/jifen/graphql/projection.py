"""Who sees which fields: the public, a unit's members, or the people who run it.

Boards are published to the unit's members and, when `public`, to anyone; the rows on them
are the same objects the branch committee works with. These helpers decide, per row, which
projection the caller gets, so that the types can show each field only to its audience:

- **staff** (any role other than member over the row's unit, or the tenant's superuser):
  everything the type has;
- **member** (a member of the unit): of other people's rows, the fields the ruleset's
  `public.members` lists; review reasons, evidence, the timeline and personal details only
  for their own rows (their subject's, or declared by them); an objector's identity and
  reason only for their own objections unless the ruleset says `public.objectors: members`;
- **public** (anonymous, or signed in without a role over the unit): the fields the
  ruleset's `public.entries` lists; nobody's username, no reasons, evidence, timeline or
  objections; on a deduction the subject's name is masked (`张*`) when
  `public.mask_deductions` says so.

The `public:` section is read from the ruleset version in force on the first day a board
covers (`rulesets.visibility`); a row that is on no board gets the language's defaults.

The caller's role assignments are read once per request.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from jifen.org.models import Role
from jifen.org.selectors import held_roles
from jifen.rulebook.selectors import document_in_force
from rulesets.visibility import DEFAULT, Visibility, visibility


class Audience(IntEnum):
    PUBLIC = 0
    MEMBER = 1
    STAFF = 2


def _assignments(info) -> tuple[tuple[str, str], ...]:
    cached = getattr(info.context, "_jifen_assignments", None)
    if cached is None:
        user = info.context.user
        cached = ()
        if getattr(user, "is_authenticated", False) and not getattr(user, "is_system", False):
            cached = held_roles(user)
        info.context._jifen_assignments = cached
    return cached


def audience(info, unit: Any) -> Audience:
    """The caller's projection of rows of `unit` (an OrgUnit with its path)."""
    user = info.context.user
    if not getattr(user, "is_authenticated", False):
        return Audience.PUBLIC
    if user.is_superuser:
        return Audience.STAFF
    held = {
        role for role, path in _assignments(info) if unit is not None and unit.path.startswith(path)
    }
    if held - {Role.MEMBER}:
        return Audience.STAFF
    return Audience.MEMBER if held else Audience.PUBLIC


def _own_subject_ids(info) -> set[int]:
    cached = getattr(info.context, "_jifen_own_subjects", None)
    if cached is None:
        from jifen.policy import own_subject_ids

        cached = own_subject_ids(info.context.user)
        info.context._jifen_own_subjects = cached
    return cached


def is_own(info, *, subject_id: int | None = None, user_id: int | None = None) -> bool:
    """Whether the row is the caller's own: their subject's points or their own step."""
    user = info.context.user
    if not getattr(user, "is_authenticated", False):
        return False
    return (user_id is not None and user_id == user.pk) or (
        subject_id is not None and subject_id in _own_subject_ids(info)
    )


def declaration_internals(info, declaration: Any) -> bool:
    """Notes, review reasons, evidence, the timeline, attributes and who handled it."""
    if audience(info, declaration.unit) is Audience.STAFF:
        return True
    return is_own(info, subject_id=declaration.subject_id, user_id=declaration.declared_by_id)


def _ruleset_visibility(info, ruleset: Any, on: Any) -> Visibility:
    cache = getattr(info.context, "_jifen_visibility", None)
    if cache is None:
        cache = info.context._jifen_visibility = {}
    key = (ruleset.pk, on)
    if key not in cache:
        document = document_in_force(ruleset, on)
        cache[key] = DEFAULT if document is None else visibility(document)
    return cache[key]


def board_visibility(info, board: Any) -> Visibility:
    """The `public:` section in force for `board` (the version in force on its first day)."""
    if board is None:
        return DEFAULT
    return _ruleset_visibility(info, board.ruleset, board.covers_start)


def declaration_visibility(info, declaration: Any) -> Visibility:
    """What the ruleset shows of `declaration`: its board's section, else the defaults."""
    return board_visibility(info, declaration.board) if declaration.board_id else DEFAULT


def shows(info, declaration: Any, field: str) -> bool:
    """Whether the caller sees `field` of `declaration` (one of `rulesets.visibility.FIELDS`)."""
    if declaration_internals(info, declaration):
        return True
    member = audience(info, declaration.unit) is Audience.MEMBER
    return declaration_visibility(info, declaration).shows(field, member=member)


def _objection_visibility(info, objection: Any) -> Visibility:
    if objection.declaration_id:
        return declaration_visibility(info, objection.declaration)
    close = objection.close
    if close is None:
        return DEFAULT
    return _ruleset_visibility(info, close.ruleset, close.period_start)


def objector_visible(info, objection: Any) -> bool:
    """An objector's identity and reason: for the objector and those who answer it, and for
    the unit's members only where the ruleset says `public.objectors: members`."""
    if is_own(info, user_id=objection.raised_by_id):
        return True
    seen_by = audience(info, objection.handled_by)
    if seen_by is Audience.STAFF:
        return True
    return (
        seen_by is Audience.MEMBER and _objection_visibility(info, objection).objectors == "members"
    )


def personal_details(info, subject: Any) -> bool:
    """A subject's ID-card digits, phone and attributes: staff over its units, or itself."""
    if is_own(info, subject_id=subject.pk):
        return True
    units = [u for u in (subject.home_unit, getattr(subject, "host_unit", None)) if u is not None]
    return any(audience(info, u) is Audience.STAFF for u in units)


def masked(name: str) -> str:
    """A name as the public sees it on a deduction: the first character, then `*`."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else name
