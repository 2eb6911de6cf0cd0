"""The `public:` section: which fields of a board's rows the public and other members see.

The platform's projections read it from the ruleset version in force for the row shown, so
one scheme can publish names and totals while another publishes anonymous deductions only.
Anything the section does not list is left out; staff over the unit, and a row's own subject
or declarer, always see the whole row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rulesets.errors import Problem

#: Fields of a declaration on a board that a ruleset may publish (its date, quantity and unit
#: are always shown: a board lists dated rows of one unit).
FIELDS = ("subject_name", "item", "points", "place", "note")
#: Who sees an objector's identity and reason besides the objector and those who answer it.
OBJECTORS = ("answerers", "members")

DEFAULT_PUBLIC = ("subject_name", "item", "points")


@dataclass(frozen=True)
class Visibility:
    """What a ruleset shows of other people's rows: to anyone, and to the unit's members."""

    public: frozenset[str]
    members: frozenset[str]
    mask_deductions: bool
    objectors: str

    def shows(self, field: str, *, member: bool) -> bool:
        """Whether `field` of someone else's row is shown to a member or to the public."""
        return field in (self.members if member else self.public)


DEFAULT = Visibility(
    public=frozenset(DEFAULT_PUBLIC),
    members=frozenset(DEFAULT_PUBLIC),
    mask_deductions=True,
    objectors="answerers",
)


def visibility(document: Mapping[str, Any] | None) -> Visibility:
    """The `public:` section of an effective document, with the defaults filled in."""
    section = (document or {}).get("public") or {}
    public = frozenset(section.get("entries", DEFAULT_PUBLIC))
    return Visibility(
        public=public,
        members=frozenset(section.get("members", public)),
        mask_deductions=bool(section.get("mask_deductions", True)),
        objectors=section.get("objectors", "answerers"),
    )


def visibility_problems(document: Mapping[str, Any]) -> list[Problem]:
    """Members see at least what the public sees: a field hidden from them but published to
    everyone would be a contradiction in the scheme's text."""
    section = document.get("public") or {}
    if "members" not in section:
        return []
    missing = [f for f in section.get("entries", DEFAULT_PUBLIC) if f not in section["members"]]
    if not missing:
        return []
    return [
        Problem(
            "$.public.members",
            f"members would not see {', '.join(missing)}, which the public sees",
            "add them to `members` or remove them from `entries`",
        )
    ]
