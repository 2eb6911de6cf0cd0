"""Reading an uploaded workbook into rows of cleaned cell values, with their addresses."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from jifen.errors import ValidationFailed
from jifen.imports.sheets import COLUMNS, EXAMPLE_MARK, header_key

MAX_ROWS = 200_000


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's row number, as Excel shows it
    values: dict[str, Any]
    letters: dict[str, str]  # column key → column letter

    def cell(self, key: str) -> str:
        return f"{self.letters.get(key, '?')}{self.number}"


class RowError(Exception):
    """One row's problem: the column at fault, what is wrong and how to fix it."""

    def __init__(self, key: str, message: str, fix: str = ""):
        super().__init__(message)
        self.key, self.message, self.fix = key, message, fix


def read_rows(content: bytes, kind: str) -> list[Row]:
    """The data rows of the workbook's first sheet (example and empty rows skipped).
    Refuses a file that is not xlsx or lacks a required column, naming it."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ValidationFailed(
            _("the file is not an Excel workbook (.xlsx); save it as .xlsx and upload again."),
            field="content",
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    letters: dict[str, str] = {}
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        key = header_key(text, kind)
        if key and key not in positions:
            positions[key] = index
            letters[key] = get_column_letter(index + 1)
    missing = [c.header for c in COLUMNS[kind] if c.required and c.key not in positions]
    if missing:
        raise ValidationFailed(
            _(
                "the first row needs the columns %(columns)s; download the template and keep its header row."
            )
            % {"columns": "、".join(missing)},
            field="content",
        )
    found: list[Row] = []
    for number, raw in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise ValidationFailed(
                _("a workbook may have at most %(n)d rows; split it into several files.")
                % {"n": MAX_ROWS},
                field="content",
            )
        values = {key: _clean(raw[i]) if i < len(raw) else None for key, i in positions.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        first = raw[0] if raw else None
        if isinstance(first, str) and first.strip().startswith(EXAMPLE_MARK):
            continue
        found.append(Row(number, values, letters))
    book.close()
    return found


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def text(row: Row, key: str, *, required: bool = False, max_length: int = 200) -> str:
    value = row.values.get(key)
    if value is None:
        if required:
            raise RowError(key, _("this cell is empty."), _("fill it in; the column is required."))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if len(value) > max_length:
        raise RowError(
            key,
            _("%(n)d characters is too long.") % {"n": len(value)},
            _("shorten it to at most %(max)d characters.") % {"max": max_length},
        )
    return value


def id_card_text(row: Row, key: str, *, required: bool = True) -> str:
    value = row.values.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise RowError(
            key,
            _("the ID-card number is stored as a number, which loses its last digits."),
            _("format the column as text (文本) and type the number again."),
        )
    return text(row, key, required=required, max_length=30)


YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "×"}


def yes_no(row: Row, key: str, default: bool) -> bool:
    value = row.values.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise RowError(
        key, _("%(value)s is neither yes nor no.") % {"value": repr(value)}, _("write 是 or 否.")
    )


_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$")


def date(row: Row, key: str) -> dt.date | None:
    value = row.values.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise RowError(
        key, _("%(value)s is not a date.") % {"value": repr(value)}, _("write it as 2010-07-01.")
    )


def number(row: Row, key: str) -> float:
    value = row.values.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        raise RowError(
            key,
            _("%(value)s is not a number.") % {"value": repr(value)},
            _("write a number such as 92.5."),
        ) from None
