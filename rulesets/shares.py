"""Shares of a group (quotas, star levels) in exact arithmetic.

A ruleset writes a share as a fraction (`1/3`), a percentage (`15%`) or a decimal (`0.15`);
all three mean the exact rational number, so a third of 33 members is 11 places, never 10
because 0.3333333333 × 33 = 10.99999999989.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

PATTERN = r"^\s*(\d+(\.\d+)?\s*/\s*\d+(\.\d+)?|\d+(\.\d+)?\s*%|\d+(\.\d+)?)\s*$"
_SHARE = re.compile(PATTERN)


def share(value: Any) -> Fraction:
    """The exact share a ruleset wrote; ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a share")
    if isinstance(value, int | float):
        return Fraction(str(value))
    text = str(value).strip()
    if not _SHARE.match(text):
        raise ValueError(f"{value!r} is not a share: write 1/3, 15% or 0.15")
    if text.endswith("%"):
        return Fraction(text[:-1].strip()) / 100
    if "/" in text:
        numerator, denominator = (Fraction(part.strip()) for part in text.split("/"))
        if denominator == 0:
            raise ValueError(f"{value!r} divides by zero")
        return numerator / denominator
    return Fraction(text)


def places(value: Any, members: int) -> int:
    """How many of `members` a share admits: the whole part of share × members."""
    return math.floor(share(value) * members)


def within(rank: int, value: Any, members: int) -> bool:
    """Whether rank `rank` (1 = best) lies in the top `share` of `members`."""
    return rank <= share(value) * members
