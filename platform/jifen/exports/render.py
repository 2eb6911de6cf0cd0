"""Rendering a `Form`: an xlsx workbook (openpyxl's write-only mode, row by row to a file)
and print-ready HTML for A4 (streamed in chunks; the header row repeats on each page)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.utils.html import escape
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jifen.exports.forms import Form

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(size=16, bold=True)
HEAD_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


#: Rows of the sheet before the table: title, facts, blank, header (the table starts after).
def table_start(form: Form) -> int:
    return 2 + len(form.facts) + 2


def write_xlsx(form: Form, out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """Write the form to `out`; returns the number of table rows. Layout: row 1 the title,
    then one row per fact (label, value), a blank row, the header row, the table, the
    totals, the notes and the signature line."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(form.title[:31].replace("/", "-"))
    for index, width in enumerate(form.widths or [12] * len(form.columns), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(form.columns) > 7 else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{table_start(form) - 1}:{table_start(form) - 1}"

    def cell(value, font=None, alignment=None, border=None):
        c = WriteOnlyCell(sheet, value=value)
        if font:
            c.font = font
        if alignment:
            c.alignment = alignment
        if border:
            c.border = border
        return c

    sheet.append([cell(form.title, TITLE_FONT)])
    for label, value in form.facts:
        sheet.append([cell(label, HEAD_FONT), cell(value)])
    sheet.append([])
    sheet.append([cell(c, HEAD_FONT, CENTRE, BOX) for c in form.columns])
    count = 0
    for row in form.rows:
        sheet.append([cell(v, alignment=WRAP, border=BOX) for v in row])
        count += 1
        if progress and count % 1000 == 0:
            progress(count)
    if form.totals is not None:
        sheet.append([cell(v, HEAD_FONT, WRAP, BOX) for v in form.totals])
    for note in form.notes:
        sheet.append([cell(note)])
    if form.signatures:
        sheet.append([])
        sheet.append([cell(s) for s in form.signatures])
    book.save(out)
    return count


CSS = """
@page { size: A4 %(orientation)s; margin: 14mm 12mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6mm; }
.facts { display: flex; flex-wrap: wrap; gap: 2mm 8mm; margin-bottom: 4mm; }
table { width: 100%%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.3mm solid #000; padding: 1.2mm 1.5mm; vertical-align: middle; }
th { background: #eee; }
tfoot td { font-weight: bold; }
.notes p { text-indent: 2em; margin: 2mm 0; }
.signatures { display: flex; justify-content: space-between; margin-top: 10mm; }
@media screen { body { max-width: 277mm; margin: 10mm auto; } }
"""


def html_chunks(form: Form) -> Iterator[str]:
    """The form as an HTML page, in chunks (one per 200 rows) for a streaming response."""
    orientation = "landscape" if len(form.columns) > 7 else "portrait"
    yield (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(form.title)}</title><style>{CSS % {'orientation': orientation}}</style></head><body>"
        f'<h1>{escape(form.title)}</h1><div class="facts">'
        + "".join(f"<span><b>{escape(k)}：</b>{escape(v)}</span>" for k, v in form.facts)
        + "</div><table><thead><tr>"
        + "".join(f"<th>{escape(c)}</th>" for c in form.columns)
        + "</tr></thead><tbody>"
    )
    buffer: list[str] = []
    for row in form.rows:
        buffer.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>")
        if len(buffer) >= 200:
            yield "".join(buffer)
            buffer = []
    tail = "".join(buffer) + "</tbody>"
    if form.totals is not None:
        tail += (
            "<tfoot><tr>" + "".join(f"<td>{escape(v)}</td>" for v in form.totals) + "</tr></tfoot>"
        )
    tail += "</table>"
    if form.notes:
        tail += (
            '<div class="notes">' + "".join(f"<p>{escape(n)}</p>" for n in form.notes) + "</div>"
        )
    if form.signatures:
        tail += (
            '<div class="signatures">'
            + "".join(f"<span>{escape(s)}</span>" for s in form.signatures)
            + "</div>"
        )
    yield tail + "</body></html>"
