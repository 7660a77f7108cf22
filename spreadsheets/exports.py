"""Workbooks that read like documents a county office typed, streamed so memory stays flat.

Every sheet: a merged title row (county, campaign, period), a styled and frozen header, column
widths that fit Chinese text, numbers as numbers, dates as dates, A4 landscape print setup and a
totals row where a reader expects one. Text that a spreadsheet would take for a formula (it
begins with = + - @) is written as text.
"""

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.http import FileResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(workbook: Workbook, *, filename: str) -> FileResponse:
    """The workbook as a download, zipped into a temporary file and streamed from disk, so a
    province-sized export never sits in the server's memory whole."""
    spooled = tempfile.TemporaryFile(prefix="export-", suffix=".xlsx")
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(spooled, as_attachment=True, filename=filename, content_type=XLSX)


class _StyledCell(Cell):
    """A write-only cell whose style's index is looked up once per style, not once per cell
    (openpyxl hashes a cell's whole style to find its index every time it writes one)."""

    __slots__ = ("style_id",)
    has_style = True


def _placed(cells: list[_StyledCell], row_idx: int):
    """Stands in for the sheet's own conversion of an appended row, which first tries every
    cell as a value and fails with an exception: the cells here already know their columns."""
    for cell in cells:
        cell.row = row_idx
        yield cell


_NUMBERS = int | float | Decimal


class SheetWriter:
    """Writes one sheet row by row; call `write(rows)` once."""

    def __init__(self, workbook: Workbook, *, title: str, heading: str, columns: Sequence[Column]):
        self.sheet = workbook.create_sheet(title[:31])
        self.sheet._values_to_row = _placed
        self.heading = heading
        self.columns = list(columns)
        self._styles: dict[tuple, int] = {}
        # A row is written as soon as it is appended, so each column's cell is reused.
        self._body = [_StyledCell(self.sheet, column=i) for i in range(1, len(self.columns) + 1)]
        self._body_styles = [
            (
                self._style_id(),
                self._style_id(alignment=_RIGHT, number_format=FORMATS.get(column.kind)),
                self._style_id(quote=True),
            )
            for column in self.columns
        ]

    def _style_id(
        self, *, font=_BODY_FONT, alignment=_LEFT, number_format=None, fill=None, quote=False
    ) -> int:
        key = (id(font), id(alignment), number_format, id(fill), quote)
        known = self._styles.get(key)
        if known is None:
            probe = WriteOnlyCell(self.sheet)
            probe.font = font
            probe.alignment = alignment
            probe.border = _BORDER
            if number_format:
                probe.number_format = number_format
            if fill:
                probe.fill = fill
            if quote:
                probe.quotePrefix = True
            known = self._styles[key] = probe.style_id
        return known

    def _cell(self, column: int, value, **style) -> _StyledCell:
        cell = _StyledCell(self.sheet, column=column, value=value)
        if cell.data_type == "f":  # a title typed as "=…" stays text
            cell.data_type, style["quote"] = "s", True
        cell.style_id = self._style_id(**style)
        return cell

    def _cells(self, values: Sequence, **style) -> list[_StyledCell]:
        """A row of cells that all wear one style (the title and the header)."""
        return [self._cell(i, value, **style) for i, value in enumerate(values, start=1)]

    def _body_row(self, row: Sequence) -> list[_StyledCell]:
        for cell, column, (plain, number, quoted), value in zip(
            self._body, self.columns, self._body_styles, row, strict=True
        ):
            if value is None or value == "":
                cell.style_id, cell._value, cell.data_type = plain, None, "n"
            elif (
                column.kind == "text"
                or isinstance(value, bool)
                or not isinstance(value, _NUMBERS | datetime.date)
            ):
                cell.value = str(value)  # openpyxl's checks: length, illegal characters
                if cell._value.startswith(FORMULA_PREFIXES):
                    # Stored as a string with Excel's quote prefix: shown as typed, never run.
                    cell.style_id, cell.data_type = quoted, "s"
                else:
                    cell.style_id = plain
            elif isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    value = timezone.localtime(value).replace(tzinfo=None)
                # The style carries the date format.
                cell.style_id, cell._value, cell.data_type = number, value, "d"
            else:
                if isinstance(value, Decimal) and column.kind in {"decimal", "percent"}:
                    value = float(value)
                cell.style_id, cell._value, cell.data_type = number, value, "n"
        return self._body

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

        title = [self.heading] + [None] * (len(columns) - 1)
        sheet.append(self._cells(title, font=_TITLE_FONT, alignment=_CENTER))
        sheet.append(
            self._cells(
                [c.header for c in columns],
                font=_HEADER_FONT,
                alignment=_CENTER,
                fill=_HEADER_FILL,
            )
        )
        totals = [Decimal(0) if c.total else None for c in columns]
        count = 0
        for row in rows:
            sheet.append(self._body_row(row))
            for index, column in enumerate(columns):
                if column.total and row[index] not in (None, ""):
                    totals[index] += Decimal(str(row[index]))
            count += 1
        if any(c.total for c in columns):
            values = [_("合计")] + [
                (int(total) if column.kind == "int" else float(total))
                if total is not None
                else None
                for column, total in zip(columns[1:], totals[1:], strict=True)
            ]
            sheet.append(
                [
                    self._cell(
                        i,
                        v,
                        font=_HEADER_FONT,
                        alignment=_RIGHT if i > 1 else _CENTER,
                        number_format=FORMATS.get(columns[i - 1].kind) if i > 1 else None,
                    )
                    for i, v in enumerate(values, start=1)
                ]
            )
        return count


def table_workbook(*, table, heading: str, title: str) -> Workbook:
    """The current (filtered, sorted) view of a django-tables2 table, as a workbook.

    A table may say how its columns are typed with `export_kinds = {"name": "int", …}`.
    """

    kinds = getattr(table, "export_kinds", {})
    exported = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    columns = [Column(force_str(c.header), kind=kinds.get(c.name, "text")) for c in exported]
    workbook = workbook_new()
    SheetWriter(workbook, title=title, heading=heading, columns=columns).write(
        [force_str(row.get_cell_value(c.name), strings_only=True) for c in exported]
        for row in table.rows
    )
    return workbook
