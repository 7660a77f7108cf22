"""Hostile and odd .xlsx files for the import tests, built in memory.

`Package` holds a workbook's parts (zip member name → bytes) so a test can change raw XML the
way a broken generator or an attacker would; `written()` writes the parts as Excel does, with
a shared-string table, `from_openpyxl()` takes what openpyxl saves (inline strings). A package
is turned back into a file with `file()`, or with its own zip entries via `zipped()`.
"""

import html
import warnings
import zipfile
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from xml.sax.saxutils import escape, quoteattr

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl.utils import get_column_letter

from assessments.models import Catalogue, Indicator
from assessments.spreadsheets.imports import workbook_import
from supervision.models import Campaign, Community, Department, Town
from workflows.models import Assignment, CreationTask

from .workbooks import xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Package:
    parts: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def from_openpyxl(cls, sheets: dict[str, list[list]]) -> "Package":
        with zipfile.ZipFile(xlsx(sheets)) as archive:
            return cls({name: archive.read(name) for name in archive.namelist()})

    def replace(self, part: str, old: bytes, new: bytes, count: int = 1) -> "Package":
        assert old in self.parts[part], (old, self.parts[part][:400])
        self.parts[part] = self.parts[part].replace(old, new, count)
        return self

    def put(self, part: str, data: bytes) -> "Package":
        self.parts[part] = data
        return self

    def file(self, compression=zipfile.ZIP_DEFLATED) -> BytesIO:
        return zipped([(name, data, compression) for name, data in self.parts.items()])

    def bytes(self) -> bytes:
        return self.file().getvalue()


def zipped(entries) -> BytesIO:
    """A zip of (name, data, compression) entries, in that order, duplicates and all."""
    buffer = BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # a duplicate name is the point
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=(2015, 6, 30, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    buffer.seek(0)
    return buffer


def _cell(reference: str, value, strings: list[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if strings is None:
        return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if value not in strings:
        strings.append(value)
    return f'<c r="{reference}" t="s"><v>{strings.index(value)}</v></c>'


def sheet_xml(rows: list[list], strings: list[str] | None, *, dimension=True, extra="") -> bytes:
    width = max((len(row) for row in rows), default=1)
    ref = f"A1:{get_column_letter(max(width, 1))}{max(len(rows), 1)}"
    body = "".join(
        f'<row r="{r}">'
        + "".join(
            _cell(f"{get_column_letter(c)}{r}", value, strings)
            for c, value in enumerate(row, start=1)
        )
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    dimension_xml = f'<dimension ref="{ref}"/>' if dimension else ""
    return (
        XML_DECLARATION
        + (
            f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{dimension_xml}{extra}'
            f"<sheetData>{body}</sheetData></worksheet>"
        ).encode()
    )


def written(
    sheets: dict[str, list[list]],
    *,
    states: dict[str, str] | None = None,
    shared: bool = True,
    book_view: str = "",
) -> Package:
    """The parts Excel writes for `sheets`: one worksheet part each, text in sharedStrings.xml.
    `states` sets a sheet's visibility ("hidden", "veryHidden")."""
    states = states or {}
    strings: list[str] | None = [] if shared else None
    parts = {}
    sheet_entries, rel_entries, overrides = [], [], []
    for index, (title, rows) in enumerate(sheets.items(), start=1):
        parts[f"xl/worksheets/sheet{index}.xml"] = sheet_xml(rows, strings)
        state = f' state="{states[title]}"' if title in states else ""
        sheet_entries.append(
            f'<sheet name={quoteattr(title)} sheetId="{index}"{state} r:id="rId{index}"/>'
        )
        rel_entries.append(
            f'<Relationship Id="rId{index}" Type="{REL}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            f'ContentType="{CT}.worksheet+xml"/>'
        )
    count = len(sheets)
    rel_entries.append(
        f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>'
    )
    if strings is not None:
        rel_entries.append(
            f'<Relationship Id="rId{count + 2}" Type="{REL}/sharedStrings" '
            f'Target="sharedStrings.xml"/>'
        )
        overrides.append(
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        )
        parts["xl/sharedStrings.xml"] = (
            XML_DECLARATION
            + (
                f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                + "</sst>"
            ).encode()
        )
    view = f"<bookViews><workbookView{book_view}/></bookViews>"
    parts["xl/workbook.xml"] = (
        XML_DECLARATION
        + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{view}<sheets>'
            + "".join(sheet_entries)
            + "</sheets></workbook>"
        ).encode()
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        XML_DECLARATION
        + (
            f'<Relationships xmlns="{PACKAGE_REL}">' + "".join(rel_entries) + "</Relationships>"
        ).encode()
    )
    parts["xl/styles.xml"] = _openpyxl_styles()
    parts["_rels/.rels"] = (
        XML_DECLARATION
        + (
            f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode()
    )
    parts["[Content_Types].xml"] = (
        XML_DECLARATION
        + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            + "".join(overrides)
            + "</Types>"
        ).encode()
    )
    return Package(parts)


def _openpyxl_styles() -> bytes:
    return Package.from_openpyxl({"x": [[1]]}).parts["xl/styles.xml"]


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """`xml` with a DTD put after its XML declaration (or first, if it has none)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def billion_laughs(root: str, depth: int = 10) -> bytes:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, depth)
    )
    return b"<!DOCTYPE " + root.encode() + b" [" + entities + b"]>"


# --- what the database holds, and an import through each way in ---------------------------


def snapshot() -> dict:
    """Every row an import may write, as plain values: equal before and after a refusal."""

    def rows(model, *names):
        return sorted(model.objects.values_list(*names), key=repr)

    return {
        "towns": rows(Town, "pk", "name", "kind"),
        "communities": rows(
            Community,
            *[f.attname for f in Community._meta.concrete_fields if f.name != "profile_updated_at"],
        ),
        "departments": rows(Department, "pk", "code", "name", "short_name"),
        "campaigns": rows(Campaign, "pk", "year", "title"),
        "tasks": rows(CreationTask, "pk", "campaign_id", "community_id", "state"),
        "assignments": rows(Assignment, *[f.attname for f in Assignment._meta.concrete_fields]),
        "catalogues": rows(Catalogue, "pk", "campaign_id", "version", "title"),
        "indicators": rows(Indicator, *[f.attname for f in Indicator._meta.concrete_fields]),
        "indicator_departments": rows(
            Indicator.departments.through, "indicator_id", "department_id"
        ),
    }


CHANNELS = ["function", "page", "command"]


@dataclass
class Outcome:
    ok: bool
    text: str  # the report as the channel shows it
    problems: list = field(default_factory=list)  # Problem objects: the function channel only

    def shows(self, *texts: str) -> bool:
        return all(text in self.text for text in texts)


@dataclass
class Importer:
    """Import a file through workbook_import, the 导入 Excel page (as a lead department) or
    the import_workbook command, and say what came of it as that channel shows it."""

    client: object
    folder: object

    def __call__(self, channel: str, content, *, dry_run: bool = False) -> Outcome:
        data = content.getvalue() if isinstance(content, BytesIO) else content
        if channel == "function":
            report = workbook_import(file=BytesIO(data), dry_run=dry_run)
            text = "\n".join(str(p) for p in report.problems) or report.summary()
            return Outcome(report.ok, text, list(report.problems))
        if channel == "page":
            extra = {"dry_run": "on"} if dry_run else {}
            response = self.client.post(
                reverse("workbook_import"),
                {"file": SimpleUploadedFile("导入.xlsx", data), **extra},
            )
            assert response.status_code == 200, response.status_code
            page = html.unescape(response.content.decode())
            return Outcome("导入完成" in page, page)
        if channel == "command":
            path = self.folder / "导入.xlsx"
            path.write_bytes(data)
            out, err = StringIO(), StringIO()
            args = ["--dry-run"] if dry_run else []
            try:
                call_command("import_workbook", str(path), *args, stdout=out, stderr=err)
            except CommandError as error:
                return Outcome(False, err.getvalue() + str(error))
            return Outcome(True, out.getvalue() + err.getvalue())
        raise ValueError(channel)


def assert_refused(outcome: Outcome, channel: str, expected, before: dict) -> None:
    """Refused, every expected problem shown (at its sheet, row and column where the channel
    has them), and the database as it was."""
    assert not outcome.ok, outcome.text[-3000:]
    for sheet, row, column, text in expected:
        if channel == "function":
            assert any(
                (p.sheet, p.row, p.column) == (sheet, row, column) and text in p.message
                for p in outcome.problems
            ), f"expected {sheet}!{column}{row} «{text}» in {[str(p) for p in outcome.problems]}"
        else:
            assert text in outcome.text, f"«{text}» not shown by {channel}"
    if channel != "function":
        assert "未导入任何数据" in outcome.text or "未写入任何数据" in outcome.text
    assert "Traceback" not in outcome.text
    assert snapshot() == before
