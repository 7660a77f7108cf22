"""Workbooks that read like documents a county office typed, streamed so memory stays flat.

Every sheet: a merged title row (county, campaign, period), a styled and frozen header, column
widths that fit Chinese text, numbers as numbers, dates as dates, A4 landscape print setup and a
totals row where a reader expects one. Text that a spreadsheet would take for a formula (it
begins with = + - @) is written as text.
"""

import datetime
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
KINDS = {"text", "int", "decimal", "percent", "date", "datetime"}
FORMATS = {
    "int": "0",
    "decimal": "0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}

_THIN = Side(style="thin", color="9AA5B1")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEADER_FONT = Font(name="宋体", size=11, bold=True)
_BODY_FONT = Font(name="宋体", size=11)
_HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: float | None = None
    total: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def display_width(text: str) -> float:
    """Width in Excel character units: a Chinese character takes about two."""
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in str(text))


def workbook_new() -> Workbook:
    return Workbook(write_only=True)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SheetWriter:
    """Writes one sheet row by row; call `write(rows)` once."""

    def __init__(self, workbook: Workbook, *, title: str, heading: str, columns: Sequence[Column]):
        self.sheet = workbook.create_sheet(title[:31])
        self.heading = heading
        self.columns = list(columns)
        self._styles = {}

    def _cell(self, value, *, font=_BODY_FONT, alignment=_LEFT, number_format=None, fill=None):
        cell = WriteOnlyCell(self.sheet, value=value)
        key = (id(font), id(alignment), number_format, id(fill))
        known = self._styles.get(key)
        if known is not None:
            # openpyxl hashes every style object on each assignment to find its index; a
            # style met before is copied as its indexes (20,000 rows: minutes, not seconds).
            cell._style = copy(known)
            return cell
        cell.font = font
        cell.alignment = alignment
        cell.border = _BORDER
        if number_format:
            cell.number_format = number_format
        if fill:
            cell.fill = fill
        self._styles[key] = copy(cell._style)
        return cell

    def _body_cell(self, column: Column, value):
        if value is None or value == "":
            return self._cell(None)
        if column.kind == "text" or not isinstance(
            value, int | float | Decimal | datetime.date | datetime.datetime
        ):
            text = str(value)
            cell = self._cell(text)
            if text.startswith(FORMULA_PREFIXES):
                # Stored as a string with Excel's quote prefix: shown as typed, never run.
                cell.data_type = "s"
                cell.quotePrefix = True
            return cell
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, Decimal):
            value = float(value) if column.kind in {"decimal", "percent"} else value
        return self._cell(value, alignment=_RIGHT, number_format=FORMATS.get(column.kind))

    def write(self, rows: Iterable[Sequence]) -> int:
        sheet, columns = self.sheet, self.columns
        last = get_column_letter(len(columns))
        for index, column in enumerate(columns, start=1):
            width = column.width or max(
                display_width(column.header) + 2, 10 if column.kind != "text" else 12
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
        sheet.merged_cells.add(f"A1:{last}1")
        sheet.row_dimensions[1].height = 30
        sheet.row_dimensions[2].height = 30
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "1:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True

        title = self._cell(self.heading, font=_TITLE_FONT, alignment=_CENTER)
        sheet.append([title] + [self._cell(None) for _ in columns[1:]])
        sheet.append(
            [
                self._cell(c.header, font=_HEADER_FONT, alignment=_CENTER, fill=_HEADER_FILL)
                for c in columns
            ]
        )
        totals = [Decimal(0) if c.total else None for c in columns]
        count = 0
        for row in rows:
            sheet.append(
                [self._body_cell(column, value) for column, value in zip(columns, row, strict=True)]
            )
            for index, column in enumerate(columns):
                if column.total and row[index] not in (None, ""):
                    totals[index] += Decimal(str(row[index]))
            count += 1
        if any(c.total for c in columns):
            values = ["合计"] + [
                (int(total) if column.kind == "int" else float(total))
                if total is not None
                else None
                for column, total in zip(columns[1:], totals[1:], strict=True)
            ]
            sheet.append(
                [
                    self._cell(
                        v,
                        font=_HEADER_FONT,
                        alignment=_RIGHT if i else _CENTER,
                        number_format=FORMATS.get(columns[i].kind) if i else None,
                    )
                    for i, v in enumerate(values)
                ]
            )
        return count


def table_workbook(*, table, heading: str, title: str) -> Workbook:
    """The current (filtered, sorted) view of a django-tables2 table, as a workbook.

    A table may say how its columns are typed with `export_kinds = {"name": "int", …}`.
    """
    from django.utils.encoding import force_str

    kinds = getattr(table, "export_kinds", {})
    exported = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    columns = [Column(force_str(c.header), kind=kinds.get(c.name, "text")) for c in exported]
    workbook = workbook_new()
    SheetWriter(workbook, title=title, heading=heading, columns=columns).write(
        [force_str(row.get_cell_value(c.name), strings_only=True) for c in exported]
        for row in table.rows
    )
    return workbook
