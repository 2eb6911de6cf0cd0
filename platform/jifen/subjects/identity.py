"""ID-card numbers as keyed hashes: the database can match a number, never reveal it.

HMAC-SHA256 keyed by `settings.ID_CARD_KEY` (the environment's `JIFEN_ID_CARD_KEY`). A copy
of the database without the key cannot be searched by brute force over the small space of
valid numbers, which a plain hash could.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext as _

from jifen.errors import NotConfigured, ValidationFailed

_ID_CARD = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_card_normalise(raw: str, *, field: str = "idCard") -> str:
    """The 18-character resident ID number in upper case, or a refusal saying what is wrong
    (GB 11643: 17 digits and a check character)."""
    number = (raw or "").strip().upper().replace(" ", "")
    if not _ID_CARD.match(number):
        raise ValidationFailed(
            _("an ID-card number has 18 characters: 17 digits and a digit or X; got %(got)s.")
            % {"got": repr(raw)},
            field=field,
        )
    check = _CHECK[sum(int(d) * w for d, w in zip(number, _WEIGHTS, strict=False)) % 11]
    if number[-1] != check:
        raise ValidationFailed(
            _("the ID-card number %(number)s fails its check character; look for a mistyped digit.")
            % {"number": f"…{number[-4:]}"},
            field=field,
        )
    return number


def id_card_hash(number: str) -> str:
    """The keyed hash of a normalised number."""
    key = getattr(settings, "ID_CARD_KEY", "")
    if not key:
        raise NotConfigured(
            _("ID-card numbers cannot be stored: set JIFEN_ID_CARD_KEY on the server.")
        )
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


def id_card_parts(raw: str, *, field: str = "idCard") -> tuple[str, str]:
    """(hash, last four characters) of a raw number, validated."""
    number = id_card_normalise(raw, field=field)
    return id_card_hash(number), number[-4:]


def id_card_example(seed: int) -> str:
    """A valid, obviously fictional number (region 999999) for examples and generated data."""
    month, day = 1 + (seed // 28000) % 12, 1 + (seed // 1000) % 28
    body = f"9999991970{month:02d}{day:02d}{seed % 1000:03d}"  # unique below 336,000
    check = _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=False)) % 11]
    return body + check
