"""A generated county as import workbooks (tests and the import benchmark).

30 township committees × 30 branches = 900 branches (930 units), and members spread over
the branches; ID-card numbers are valid but fictional (region 999999).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from jifen.imports.models import ImportKind
from jifen.imports.sheets import COLUMNS
from jifen.subjects.identity import id_card_example

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _book(kind: str, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([c.header for c in COLUMNS[kind]])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def county_units(townships: int = 30, branches: int = 30) -> bytes:
    def rows():
        for t in range(townships):
            yield [f"T{t:02d}", f"第{t + 1}镇党委", "党委", "", "否"]
            for b in range(branches):
                yield [
                    f"T{t:02d}-B{b:02d}",
                    f"第{t + 1}镇第{b + 1}支部",
                    "党支部",
                    f"T{t:02d}",
                    "是",
                ]

    return _book(ImportKind.UNITS, rows())


def member_rows(members: int = 25_000, townships: int = 30, branches: int = 30) -> list[list]:
    units = townships * branches
    found = []
    for m in range(members):
        unit = m % units
        name = SURNAMES[m % 20] + GIVEN[(m // 20) % len(GIVEN)] + GIVEN[(m // 480) % len(GIVEN)]
        found.append([
            name, id_card_example(m), f"139{m:08d}", "full" if m % 10 else "probationary",
            f"T{unit // branches:02d}-B{unit % branches:02d}", "", "2010-07-01", "", "",
        ])  # fmt: skip
    return found


def county_members(rows: list[list]) -> bytes:
    return _book(ImportKind.MEMBERS, rows)
