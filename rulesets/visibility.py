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

#: How the village board (红黑榜) shows deductions; only anonymously: the event's item, the
#: group and the day, never the household, a person, a reason or a note.
DEDUCTIONS = ("anonymous",)
#: Caps of the village board's lists (a public read stays small whatever a ruleset says).
MAX_RED_LIST = 20
MAX_BLACK_LIST = 50


@dataclass(frozen=True)
class VillageBoard:
    """The `public.village_board` setting: the red list's and black list's sizes."""

    red_list_size: int
    black_list_size: int
    deductions: str


def village_board(document: Mapping[str, Any] | None) -> VillageBoard | None:
    """The village board a ruleset publishes, or None when it publishes none. The red list's
    default of five is the issue's and the villages' practice (红榜前五), not a seed's."""
    section = ((document or {}).get("public") or {}).get("village_board")
    if not section:
        return None
    return VillageBoard(
        red_list_size=int(section.get("red_list_size", 5)),
        black_list_size=int(section.get("black_list_size", 10)),
        deductions=section.get("deductions", "anonymous"),
    )


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
    problems = _village_board_problems(document, section)
    if "members" not in section:
        return problems
    missing = [f for f in section.get("entries", DEFAULT_PUBLIC) if f not in section["members"]]
    if not missing:
        return problems
    return [
        *problems,
        Problem(
            "$.public.members",
            f"members would not see {', '.join(missing)}, which the public sees",
            "add them to `members` or remove them from `entries`",
        ),
    ]


def _village_board_problems(document: Mapping[str, Any], section: Mapping[str, Any]) -> list:
    board = section.get("village_board")
    if not board:
        return []
    problems = []
    kind = (
        (document.get("subject") or {}).get("kind")
        if isinstance(document.get("subject"), Mapping)
        else document.get("subject")
    )
    if kind and kind != "household":
        problems.append(
            Problem(
                "$.public.village_board",
                f"a village board ranks households, but this ruleset scores {kind}",
                "remove `village_board` or score households",
            )
        )
    for key, cap in (("red_list_size", MAX_RED_LIST), ("black_list_size", MAX_BLACK_LIST)):
        size = board.get(key)
        if size is not None and (not isinstance(size, int) or not 1 <= size <= cap):
            problems.append(
                Problem(
                    f"$.public.village_board.{key}",
                    f"{key} must be a whole number from 1 to {cap}, not {size!r}",
                    f"write a size between 1 and {cap}",
                )
            )
    if board.get("deductions", "anonymous") not in DEDUCTIONS:
        problems.append(
            Problem(
                "$.public.village_board.deductions",
                "a public board shows deductions only anonymously",
                "write `deductions: anonymous`",
            )
        )
    return problems
