"""The .xlsx file looked at as a zip of XML parts, before openpyxl reads a cell of it.

openpyxl believes what a file says: a declared dimension sets the width of every row it hands
out (and cuts off what lies beyond it), a part may unpack to gigabytes, rows out of order are
dropped, and its XML parsers are not the place to meet a DTD. So the archive is checked first,
streaming, each part with expat and fixed limits, and anything a person opening the file in
Excel or WPS would not see as it is read (a hidden row or column holding data) is reported by
sheet, row and column. Only a file that passes may be opened with openpyxl.

Limits come from settings (IMPORT_MAX_*, UPLOAD_MAX_BYTES, see README "Spreadsheets"); the few
fixed ones below are far above anything Excel, WPS or LibreOffice write.

This module imports no app: it knows workbooks, not communities.
"""

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat
from zipfile import ZIP_DEFLATED, ZIP_STORED, BadZipFile, LargeZipFile, ZipFile

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path

# The lookup openpyxl's own reader makes, so both find the same workbook part.
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

# Fixed limits: Excel writes a dozen parts, a few elements outside the rows of a sheet and a
# handful of runs in a rich-text string.
MAX_PARTS = 1_000
MAX_ELEMENTS_OUTSIDE_ROWS = 100_000
MAX_ELEMENTS_PER_CELL = 20
MAX_ELEMENTS_PER_STRING = 1_000
# A shared-string table holds each distinct text once; a few more than the cells that use it
# (a generator's leftovers) are tolerated, millions are not.
SPARE_SHARED_STRINGS = 10_000
# What zipfile raises on a damaged archive, beyond BadZipFile: a header pointing before the
# start (ValueError), a version or encryption it cannot read (NotImplementedError, RuntimeError).
_ZIP_ERRORS = (
    BadZipFile,
    LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
# Below this size a part's compression ratio says nothing: small XML compresses well.
RATIO_FLOOR_BYTES = 1024 * 1024
EXCEL_MAX_COLUMN = 16_384
CHUNK_BYTES = 64 * 1024

_NS = SHEET_MAIN_NS + "}"
ROW, VALUE, INLINE, TEXT = (_NS + tag for tag in ("row", "v", "is", "t"))
DIMENSION, COLUMN, STRING = _NS + "dimension", _NS + "col", _NS + "si"
_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_DIGITS = "0123456789"
_COLUMNS = {get_column_letter(index): index for index in range(1, EXCEL_MAX_COLUMN + 1)}
# Cell types whose <v> is a number, a flag or an index into the shared strings: never long.
_SHORT_VALUES = {"n", "b", "s"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TRUE = {"1", "true"}


@dataclass(frozen=True)
class Problem:
    """Where in the workbook something is wrong (as far as known) and what to do, in Chinese."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = []
        if self.sheet:
            where.append(_("工作表“%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            where.append(_("第%(row)s行") % {"row": self.row})
        if self.column:
            where.append(_("%(column)s列") % {"column": self.column})
        return (_("%(where)s：") % {"where": "".join(where)} if where else "") + self.message


@dataclass(frozen=True)
class Limits:
    """How big a workbook may be; `from_settings()` is what the importer uses."""

    file_bytes: int
    unpacked_bytes: int
    part_bytes: int
    compression_ratio: int
    rows: int
    columns: int
    cell_chars: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            file_bytes=settings.UPLOAD_MAX_BYTES,
            unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            part_bytes=settings.IMPORT_MAX_PART_BYTES,
            compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        )


class _Refused(Exception):
    """The file cannot be read further; the problem says why."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _size(size: int) -> str:
    """A size as a clerk reads it: 2 MB, 1.5 MB, 12 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def _resave() -> str:
    return _("请用 Excel 或 WPS 打开文件，另存为 .xlsx 后再导入。")


def _not_a_workbook() -> Problem:
    return Problem(
        None,
        None,
        None,
        _("文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。"),
    )


def _damaged(sheet: str | None, what: str, row: int | None = None, column=None) -> _Refused:
    return _Refused(
        Problem(
            sheet,
            row,
            column,
            _("文件已损坏或被改动过：%(what)s。%(resave)s") % {"what": what, "resave": _resave()},
        )
    )


def _too_big(sheet: str | None, what: str) -> _Refused:
    return _Refused(
        Problem(
            sheet,
            None,
            None,
            _("文件超出了导入的上限：%(what)s。请删除多余的内容，或分成几个文件导入。")
            % {"what": what},
        )
    )


def _file_size(file) -> int:
    if getattr(file, "size", None) is not None:
        return file.size
    position = file.tell()
    size = file.seek(0, 2)
    file.seek(position)
    return size


# --- expat, streaming, with no DTD ---------------------------------------------------------

_XML_ERRORS = {
    expat.errors.XML_ERROR_TAG_MISMATCH: gettext_lazy("标签不配对"),
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: gettext_lazy("使用了未定义的实体"),
    expat.errors.XML_ERROR_NO_ELEMENTS: gettext_lazy("内容不完整或为空"),
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: gettext_lazy("内容不完整"),
    expat.errors.XML_ERROR_INVALID_TOKEN: gettext_lazy("含有不允许的字符"),
}


def _parse(archive: ZipFile, name: str, sheet: str | None, scan=None) -> None:
    """Read one part with expat, refusing any DTD: XML in an .xlsx never has one, and entity
    declarations are what external-entity and entity-expansion attacks are made of."""

    def refuse_dtd(*_args):
        raise _Refused(
            Problem(
                sheet,
                None,
                None,
                _(
                    "文件内部的“%(part)s”含有文档类型声明（DTD）或实体定义。Excel 和 WPS 保存的"
                    "文件不会有这些，这可能是被人为构造的文件，已拒绝，没有读取其中的内容。%(resave)s"
                )
                % {"part": name, "resave": _resave()},
            )
        )

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_dtd
    if scan is not None:
        scan.parser = parser
        parser.StartElementHandler = scan.start
        parser.EndElementHandler = scan.end
        if not isinstance(scan, _SheetScan):  # a sheet scan counts text where it can be long
            parser.CharacterDataHandler = scan.text
    try:
        with archive.open(name) as source:
            while chunk := source.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        code = expat.errors.messages[error.code]
        what = _XML_ERRORS.get(code) or _("格式不正确")
        raise _Refused(
            Problem(
                sheet,
                None,
                None,
                _(
                    "文件内部的“%(part)s”第%(line)s行第%(offset)s个字符处 XML 格式有误（%(what)s），"
                    "文件已损坏或被改动过，无法可靠读取。%(resave)s"
                )
                % {
                    "part": name,
                    "line": error.lineno,
                    "offset": error.offset + 1,
                    "what": what,
                    "resave": _resave(),
                },
            )
        ) from None
    except LookupError:  # expat asked Python for the encoding the part declares
        raise _damaged(sheet, _("“%(part)s”声明了无法识别的字符编码") % {"part": name}) from None
    except _ZIP_ERRORS as error:
        raise _damaged(sheet, _("“%(part)s”解压失败") % {"part": name}) from error


# --- the worksheet, the shared strings -----------------------------------------------------


class _SheetScan:
    """Follows a worksheet as openpyxl will read it (every `row`, every child of a row a cell)
    and refuses what would make it slow, huge or different from what Excel shows.

    It sees every element of the largest sheets, so the common path (a cell, its value) is
    kept short, and text is only counted where it can be long (inline and formula strings)."""

    def __init__(self, sheet: str, limits: Limits, report: Callable[[Problem], None]):
        self.sheet, self.limits, self.report = sheet, limits, report
        self.parser = None
        self.row_limit = limits.columns * MAX_ELEMENTS_PER_CELL
        self.depth = 0
        self.outside = 0
        self.hidden_columns = bytearray(limits.columns + 2)
        self.last_row = 0
        self.row_depth = None
        self.cell_level = -1  # the depth of the current row's children, -1 outside a row
        self.row = 0
        self.row_text = ""
        self.row_hidden = False
        self.row_elements = 0
        self.last_column = 0
        self.cell_depth = None
        self.value_level = -1  # the depth of the current cell's children, -1 outside a cell
        self.column = 0
        self.cell_type = "n"
        self.cell_reported = False
        self.hidden_reported = set()
        self.text_depth = None
        self.text_chars = 0
        self.shared_cells = 0

    def _letter(self) -> str | None:
        return get_column_letter(self.column) if 0 < self.column <= EXCEL_MAX_COLUMN else None

    def start(self, name, attrs):
        depth = self.depth = self.depth + 1
        if self.row_depth is None:
            if name == ROW:
                self._row(attrs)
            else:
                self._outside(name, attrs)
            return
        self.row_elements += 1
        if self.row_elements > self.row_limit:
            raise _damaged(self.sheet, _("一行中的元素过多"), self.row)
        if depth == self.value_level:
            if name == VALUE or name == INLINE:
                self._value(name)
        elif depth == self.cell_level:
            if name == ROW:
                raise _damaged(self.sheet, _("一行套在另一行里"), self.row)
            self._cell(attrs)
        elif name == ROW:
            raise _damaged(self.sheet, _("一行套在另一行里"), self.row)

    def end(self, name):
        depth = self.depth
        if depth == self.text_depth:
            self.text_depth = None
            self.parser.CharacterDataHandler = None
        if depth == self.cell_depth:
            self.cell_depth = None
            self.value_level = -1
        elif depth == self.row_depth:
            self.row_depth = None
            self.cell_level = -1
        self.depth = depth - 1

    def text(self, data):
        self.text_chars += len(data)
        if self.text_chars > self.limits.cell_chars and not self.cell_reported:
            self.cell_reported = True
            self.report(
                Problem(
                    self.sheet,
                    self.row,
                    self._letter(),
                    _("内容过长：每格最多%(max)s个字。请缩短后再导入。")
                    % {"max": self.limits.cell_chars},
                )
            )

    def _outside(self, name, attrs):
        self.outside += 1
        if self.outside > MAX_ELEMENTS_OUTSIDE_ROWS:
            raise _damaged(self.sheet, _("工作表中行以外的元素过多"))
        if name == DIMENSION:
            self._dimension(attrs.get("ref", ""))
        elif name == COLUMN:
            self._column(attrs)

    def _dimension(self, ref: str):
        corners = ref.split(":")
        try:
            bounds = [_reference(corner) for corner in corners]
        except ValueError:
            raise _damaged(self.sheet, _("工作表的范围“%(ref)s”无效") % {"ref": ref[:40]}) from None
        columns = max(column for column, _row in bounds)
        rows = max(row for _column, row in bounds)
        if rows > self.limits.rows + 1 or columns > self.limits.columns:
            raise _Refused(
                Problem(
                    self.sheet,
                    None,
                    None,
                    _(
                        "工作表的使用范围是%(ref)s（%(rows)s行、%(columns)s列），超过了导入的上限"
                        "（%(max_rows)s行数据加1行标题、%(max_columns)s列）。请删除多余的行和列"
                        "（包括只设了格式的空行、空列），或分成几个文件导入。"
                    )
                    % {
                        "ref": ref[:40],
                        "rows": rows,
                        "columns": columns,
                        "max_rows": self.limits.rows,
                        "max_columns": self.limits.columns,
                    },
                )
            )

    def _column(self, attrs):
        try:
            first, last = int(attrs.get("min", "0")), int(attrs.get("max", "0"))
            width = float(attrs.get("width", "1"))
        except ValueError:
            raise _damaged(self.sheet, _("列的设置无效")) from None
        if attrs.get("hidden", "").lower() in _TRUE or width == 0:
            for index in range(max(first, 1), min(last, self.limits.columns) + 1):
                self.hidden_columns[index] = 1

    def _row(self, attrs):
        number = attrs.get("r")
        if number is None:
            row = self.last_row + 1
        else:
            try:
                row = int(number)
            except ValueError:
                try:
                    value = float(number)
                except ValueError:
                    value = 0.5
                if not value.is_integer():
                    raise _damaged(self.sheet, _("行号“%(r)s”无效") % {"r": number[:20]}) from None
                row = int(value)
        if row <= self.last_row:
            raise _damaged(
                self.sheet,
                _("第%(row)s行出现在第%(last)s行之后，行的顺序错乱")
                % {"row": row, "last": self.last_row},
            )
        if row > self.limits.rows + 1:
            raise _Refused(
                Problem(
                    self.sheet,
                    row,
                    None,
                    _("行数超过上限%(max)s行，请分批导入。") % {"max": self.limits.rows},
                )
            )
        try:
            height = float(attrs.get("ht", "1"))
        except ValueError:
            height = 1
        self.last_row = self.row = row
        self.row_text = str(row)
        self.row_depth = self.depth
        self.cell_level = self.depth + 1
        self.row_hidden = attrs.get("hidden", "").lower() in _TRUE or height == 0
        self.row_elements = 0
        self.last_column = 0

    def _cell(self, attrs):
        reference = attrs.get("r")
        if reference is None:
            column = self.last_column + 1
        else:
            letters = reference.rstrip(_DIGITS)
            column = _COLUMNS.get(letters)
            if column is None or reference[len(letters) :] != self.row_text:
                column = self._reference(reference)
        if column <= self.last_column:
            raise _damaged(self.sheet, _("同一行中单元格的顺序错乱或重复"), self.row)
        self.column = self.last_column = column
        if column > self.limits.columns:
            raise _Refused(
                Problem(
                    self.sheet,
                    self.row,
                    self._letter(),
                    _(
                        "这一格超出了导入的上限：每个工作表最多%(max)s列。请删除右边多余的列"
                        "（包括只设了格式的空列）后再导入。"
                    )
                    % {"max": self.limits.columns},
                )
            )
        self.cell_depth = self.depth
        self.value_level = self.depth + 1
        self.cell_type = attrs.get("t", "n")
        self.cell_reported = False

    def _reference(self, reference: str) -> int:
        """The column of a reference off the common path ($A$1, a1, 1A): as openpyxl reads it,
        or refused."""
        try:
            column, row = _reference(reference)
        except ValueError:
            raise _damaged(
                self.sheet, _("单元格位置“%(r)s”无效") % {"r": reference[:20]}, self.row
            ) from None
        if row != self.row:
            raise _damaged(
                self.sheet,
                _("单元格%(r)s写在了第%(row)s行里") % {"r": reference[:20], "row": self.row},
                self.row,
            )
        return column

    def _value(self, name):
        if name == VALUE and self.cell_type == "s":
            self.shared_cells += 1
        elif name == INLINE or self.cell_type not in _SHORT_VALUES:
            # inline and formula strings can be long: count their characters
            self.text_depth, self.text_chars = self.depth, 0
            self.parser.CharacterDataHandler = self.text
        # once for a hidden row, once for a hidden column: not for each of its cells
        hidden = ("row", self.row) if self.row_hidden else None
        if hidden is None and self.hidden_columns[self.column]:
            hidden = ("column", self.column)
        if hidden and hidden not in self.hidden_reported:
            self.hidden_reported.add(hidden)
            self.report(
                Problem(
                    self.sheet,
                    self.row,
                    self._letter(),
                    _(
                        "这一格有内容，但它所在的行被隐藏了（或被筛选掉了），打开文件时看不到。"
                        "请取消隐藏、清除筛选，核对后再导入；不要的内容请删除。"
                    )
                    if self.row_hidden
                    else _(
                        "这一格有内容，但它所在的列被隐藏了，打开文件时看不到。"
                        "请取消隐藏，核对后再导入；不要的内容请删除。"
                    ),
                )
            )


class _StringsScan:
    """The shared-string table: no more entries than the cells use, none longer than a cell."""

    def __init__(self, limits: Limits, allowed: int):
        self.limits, self.allowed = limits, allowed
        self.depth = 0
        self.count = 0
        self.string_depth = None
        self.elements = 0
        self.text_depth = None
        self.chars = 0
        self.beginning = ""

    def start(self, name, attrs):
        self.depth += 1
        if name == STRING:
            self.count += 1
            if self.count > self.allowed:
                raise _damaged(
                    None,
                    _("共享文字表的条目（超过%(count)s条）比工作表中用到的还多")
                    % {"count": self.allowed},
                )
            self.string_depth, self.elements, self.chars, self.beginning = self.depth, 0, 0, ""
        elif self.string_depth is not None:
            self.elements += 1
            if self.elements > MAX_ELEMENTS_PER_STRING:
                raise _damaged(None, _("一段文字中的元素过多"))
            if name == TEXT:
                self.text_depth = self.depth

    def end(self, name):
        if self.depth == self.text_depth:
            self.text_depth = None
        if self.depth == self.string_depth:
            self.string_depth = None
        self.depth -= 1

    def text(self, data):
        if self.text_depth is None:
            return
        if len(self.beginning) < 20:
            self.beginning += data[: 20 - len(self.beginning)]
        self.chars += len(data)
        if self.chars > self.limits.cell_chars:
            raise _Refused(
                Problem(
                    None,
                    None,
                    None,
                    _(
                        "工作簿中有一格文字超过了每格最多%(max)s个字的上限，它的开头是“%(beginning)s”。"
                        "请找到这一格（可用 Ctrl+F 查找开头的文字），缩短后再导入。"
                    )
                    % {"max": self.limits.cell_chars, "beginning": self.beginning},
                )
            )


def _reference(text: str) -> tuple[int, int]:
    match = _REFERENCE.match(text)
    if not match:
        raise ValueError(text)
    column, row = column_index_from_string(match.group(1).upper()), int(match.group(2))
    if column > EXCEL_MAX_COLUMN or row < 1:
        raise ValueError(text)
    return column, row


# --- the archive ---------------------------------------------------------------------------


def _looks_like_xml(archive: ZipFile, name: str) -> bool:
    if name.lower().endswith(".vml"):
        return False  # legacy drawings: never read in read-only mode, and not always XML
    with archive.open(name) as source:
        start = source.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))


def _archive(file, limits: Limits) -> ZipFile:
    size = _file_size(file)
    if size > limits.file_bytes:
        raise _too_big(
            None,
            _("文件有%(size)s，最多%(max)s")
            % {"size": _size(size), "max": _size(limits.file_bytes)},
        )
    file.seek(0)
    magic = file.read(8)
    file.seek(0)
    if magic == _OLE_MAGIC:
        raise _Refused(
            Problem(
                None,
                None,
                None,
                _(
                    "这是旧版 Excel（.xls）文件，或设置了打开密码的工作簿。请在 Excel 或 WPS 中"
                    "取消密码，另存为 .xlsx 后再导入。"
                ),
            )
        )
    try:
        return ZipFile(file)
    except _ZIP_ERRORS:
        raise _Refused(_not_a_workbook()) from None


def _entries(archive: ZipFile, limits: Limits) -> None:
    """The zip's directory: how many parts, how big unpacked, how they are compressed."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _damaged(None, _("压缩包中有%(count)s个部件") % {"count": len(infos)})
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _damaged(None, _("压缩包中有重名的部件"))
    unpacked = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused(
                Problem(
                    None, None, None, _("文件中有加密的部分。请取消密码，另存为 .xlsx 后再导入。")
                )
            )
        if info.compress_type not in (ZIP_STORED, ZIP_DEFLATED):
            raise _damaged(
                None, _("“%(part)s”使用了 Excel 不用的压缩方式") % {"part": info.filename}
            )
        unpacked += info.file_size
        if unpacked > limits.unpacked_bytes:
            raise _too_big(
                None,
                _("解压后超过%(max)s") % {"max": _size(limits.unpacked_bytes)},
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.compression_ratio * max(
            info.compress_size, 1
        ):
            raise _too_big(
                None,
                _("“%(part)s”的压缩比超过%(ratio)s倍（%(size)s压成了%(packed)s），像是“压缩炸弹”")
                % {
                    "part": info.filename,
                    "ratio": limits.compression_ratio,
                    "size": _size(info.file_size),
                    "packed": _size(info.compress_size),
                },
            )


def _small_part(archive: ZipFile, name: str, limits: Limits) -> None:
    if archive.getinfo(name).file_size > limits.part_bytes:
        raise _too_big(
            None,
            _("文件内部的“%(part)s”解压后有%(size)s，这类部件最多%(max)s")
            % {
                "part": name,
                "size": _size(archive.getinfo(name).file_size),
                "max": _size(limits.part_bytes),
            },
        )
    _parse(archive, name, None)


def _layout(archive: ZipFile, limits: Limits) -> tuple[list[tuple[str, str]], str | None, set]:
    """The worksheets as (title, part), the shared-string part and the parts read to find
    them (each through `_small_part` first), found the way openpyxl's reader finds them."""
    names = set(archive.namelist())
    if ARC_CONTENT_TYPES not in names:
        raise _Refused(_not_a_workbook())
    _small_part(archive, ARC_CONTENT_TYPES, limits)
    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        workbook_part = _find_workbook_part(manifest).PartName[1:]
    except Exception:  # noqa: BLE001 - openpyxl's many ways to say "not a workbook"
        raise _Refused(_not_a_workbook()) from None
    if workbook_part not in names:
        raise _Refused(_not_a_workbook())
    checked = {ARC_CONTENT_TYPES, workbook_part}
    _small_part(archive, workbook_part, limits)
    rels = get_rels_path(workbook_part)
    if rels in names:
        _small_part(archive, rels, limits)
        checked.add(rels)
    try:
        parser = WorkbookParser(archive, workbook_part, keep_links=False)
        parser.parse()
        sheets = [
            (sheet.name, rel.target)
            for sheet, rel in parser.find_sheets()
            if rel.target in names and "chartsheet" not in rel.Type
        ]
        strings = manifest.find(SHARED_STRINGS)
    except Exception:  # noqa: BLE001 - a damaged workbook part, in any of openpyxl's words
        raise _damaged(None, _("工作簿的结构无法读取")) from None
    parts = [part for _title, part in sheets]
    if len(set(parts)) != len(parts):
        raise _damaged(None, _("两个工作表指向同一份内容"))
    shared = strings.PartName[1:] if strings is not None else None
    return sheets, shared if shared in names else None, checked


def package_check(file, *, limits: Limits, report: Callable[[Problem], None]) -> bool:
    """Check the .xlsx before openpyxl opens it; report each problem found.

    Returns whether openpyxl may now read the file: False after a problem that stops reading
    (not a workbook, damaged, over a limit); True otherwise, even when cells were reported
    (a hidden row with data): the rest of the file can still be checked for the report.
    """
    try:
        with _archive(file, limits) as archive:
            _entries(archive, limits)
            sheets, shared, checked = _layout(archive, limits)
            scanned = checked | {part for _title, part in sheets} | {shared}
            for name in archive.namelist():
                if name not in scanned and _looks_like_xml(archive, name):
                    _small_part(archive, name, limits)
            shared_cells = 0
            for title, part in sheets:
                scan = _SheetScan(title, limits, report)
                _parse(archive, part, title, scan)
                shared_cells += scan.shared_cells
            if shared:
                _parse(
                    archive, shared, None, _StringsScan(limits, shared_cells + SPARE_SHARED_STRINGS)
                )
    except _Refused as refused:
        report(refused.problem)
        return False
    except _ZIP_ERRORS:
        report(_damaged(None, _("压缩包无法读取")).problem)
        return False
    finally:
        file.seek(0)
    return True
