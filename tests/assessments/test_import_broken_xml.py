"""Broken or malicious XML inside the .xlsx is refused with a Chinese report, never a traceback
or a 500, and an external entity is never resolved."""

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .hostile import (
    CHANNELS,
    Package,
    assert_refused,
    billion_laughs,
    sheet_xml,
    snapshot,
    with_doctype,
    written,
    zipped,
)
from .workbooks import COMMUNITY_HEADERS

GOOD = ["禾川镇", "西门社区", 1350, 3890, 298.5, 270]
SHEET, STRINGS, WORKBOOK = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"
RESAVE = "请用 Excel 或 WPS 打开文件，另存为 .xlsx 后再导入"
DTD = "含有文档类型声明（DTD）或实体定义"
SECRET = "机密-只在服务器上-7f3a9c"


def good() -> Package:
    return written({"社区": [COMMUNITY_HEADERS, GOOD]})


def inline() -> Package:
    return written({"社区": [COMMUNITY_HEADERS, GOOD]}, shared=False)


def external(part: str, root: str, secret: Path, parameter: bool = False) -> Package:
    """An XXE: the part declares an entity read from `secret` and uses it as text."""
    package = good() if part != SHEET else inline()
    url = secret.as_uri()
    if parameter:
        doctype = f'<!DOCTYPE {root} [<!ENTITY % leak SYSTEM "{url}"> %leak;]>'
    else:
        doctype = f'<!DOCTYPE {root} [<!ENTITY leak SYSTEM "{url}">]>'
    xml = with_doctype(package.parts[part], doctype.encode())
    marker = "西门社区".encode()
    if part == WORKBOOK:
        xml = xml.replace(b'name="\xe7\xa4\xbe\xe5\x8c\xba"', b'name="&leak;"')
    else:
        xml = xml.replace(marker, b"&leak;" + marker, 1)
    return package.put(part, xml)


def laughs(part: str, root: str) -> Package:
    package = good() if part != SHEET else inline()
    xml = with_doctype(package.parts[part], billion_laughs(root))
    return package.put(part, xml.replace("西门社区".encode(), b"&lol9;", 1))


def quadratic(part: str, root: str) -> Package:
    package = good() if part != SHEET else inline()
    xml = with_doctype(package.parts[part], b'<!DOCTYPE x [<!ENTITY a "' + b"A" * 50_000 + b'">]>')
    return package.put(part, xml.replace("西门社区".encode(), b"&a;" * 2_000, 1))


def damaged_member() -> BytesIO:
    """A zip whose sheet fails its CRC: the bytes were changed after zipping."""
    data = bytearray(good().file(compression=zipfile.ZIP_STORED).getvalue())
    at = data.index("西门社区".encode())
    data[at : at + 3] = "东".encode()
    return BytesIO(bytes(data))


def sheet_with(cells: str) -> Package:
    """A 社区 sheet whose second row is `cells`, raw XML."""
    package = inline()
    header = sheet_xml([COMMUNITY_HEADERS], None).split(b"</row>")[0] + b"</row>"
    body = header.split(b"<sheetData>")[1]
    return package.put(
        SHEET,
        sheet_xml([], None, dimension=False).replace(
            b"<sheetData></sheetData>",
            b"<sheetData>" + body + b'<row r="2">' + cells.encode() + b"</row></sheetData>",
        ),
    )


# (id, build(secret path) -> file, [(sheet, row, column, text)])
CASES = [
    (
        "undefined-entity-in-shared-strings",
        lambda secret: good().replace(STRINGS, "西门社区".encode(), b"&nbsp;\xe8\xa5\xbf"),
        [(None, None, None, "使用了未定义的实体")],
    ),
    (
        "undefined-entity-in-sheet",
        lambda secret: inline().replace(SHEET, b"<t>", b"<t>&copy;"),
        [("社区", None, None, "使用了未定义的实体")],
    ),
    (
        "mismatched-tag-in-sheet",
        lambda secret: good().replace(SHEET, b"</row>", b"</rows>"),
        [("社区", None, None, "标签不配对")],
    ),
    (
        "mismatched-tag-in-workbook",
        lambda secret: good().replace(WORKBOOK, b"</sheets>", b"</sheet>"),
        [(None, None, None, "标签不配对")],
    ),
    (
        "sheet-cut-short",
        lambda secret: good().put(SHEET, good().parts[SHEET][:-40]),
        [("社区", None, None, "内容不完整")],
    ),
    (
        "invalid-character-reference",
        lambda secret: inline().replace(SHEET, b"<t>", b"<t>&#1;"),
        [("社区", None, None, "XML 格式有误")],
    ),
    (
        "external-entity-in-shared-strings",
        lambda secret: external(STRINGS, "sst", secret),
        [(None, None, None, DTD)],
    ),
    (
        "external-entity-in-sheet",
        lambda secret: external(SHEET, "worksheet", secret),
        [("社区", None, None, DTD)],
    ),
    (
        "external-entity-as-sheet-name",
        lambda secret: external(WORKBOOK, "workbook", secret),
        [(None, None, None, DTD)],
    ),
    (
        "external-parameter-entity",
        lambda secret: external(STRINGS, "sst", secret, parameter=True),
        [(None, None, None, DTD)],
    ),
    (
        "billion-laughs-in-shared-strings",
        lambda secret: laughs(STRINGS, "sst"),
        [(None, None, None, DTD)],
    ),
    (
        "billion-laughs-in-sheet",
        lambda secret: laughs(SHEET, "worksheet"),
        [("社区", None, None, DTD)],
    ),
    (
        "quadratic-blowup-in-sheet",
        lambda secret: quadratic(SHEET, "worksheet"),
        [("社区", None, None, DTD)],
    ),
    (
        "dtd-in-content-types",
        lambda secret: good().put(
            "[Content_Types].xml",
            with_doctype(good().parts["[Content_Types].xml"], b"<!DOCTYPE Types []>"),
        ),
        [(None, None, None, DTD)],
    ),
    (
        "unknown-encoding",
        lambda secret: good().replace(STRINGS, b'encoding="UTF-8"', b'encoding="UTF-9"'),
        [(None, None, None, "声明了无法识别的字符编码")],
    ),
    (
        "shared-string-index-out-of-range",
        lambda secret: good().replace(SHEET, b'<c r="B2" t="s"><v>', b'<c r="B2" t="s"><v>9'),
        [("社区", 2, None, "从这一行起内容无法读取")],
    ),
    (
        "number-cell-holding-text",
        lambda secret: sheet_with('<c r="A2" t="n"><v>禾川镇</v></c>'),
        [("社区", 2, None, "从这一行起内容无法读取")],
    ),
    (
        "invalid-cell-reference",
        lambda secret: sheet_with('<c r="2A"><v>1</v></c>'),
        [("社区", 2, None, "单元格位置“2A”无效")],
    ),
    (
        "cell-in-the-wrong-row",
        lambda secret: sheet_with('<c r="A7"><v>1</v></c>'),
        [("社区", 2, None, "单元格A7写在了第2行里")],
    ),
    ("damaged-zip-member", lambda secret: damaged_member(), [(None, None, None, "解压失败")]),
    (
        "not-a-zip",
        lambda secret: BytesIO(b"PK\x03\x04 this is not really a zip"),
        [(None, None, None, "文件不是有效的 Excel 工作簿")],
    ),
    (
        "zip-without-workbook",
        lambda secret: zipped([("hello.txt", b"hello", zipfile.ZIP_DEFLATED)]),
        [(None, None, None, "文件不是有效的 Excel 工作簿")],
    ),
    (
        "old-xls-or-password",
        lambda secret: BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
        [(None, None, None, "旧版 Excel（.xls）文件，或设置了打开密码")],
    ),
]


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("build, expected", [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_broken_xml_is_refused_and_writes_nothing(
    county, importer, secret, channel, build, expected
):
    before = snapshot()
    content = build(secret)
    file = content.file() if isinstance(content, Package) else content
    outcome = importer(channel, file)
    assert_refused(outcome, channel, expected, before)
    assert SECRET not in outcome.text
    assert SECRET not in repr(snapshot())


def test_every_refusal_says_what_to_do(county, importer, secret):
    for _id, build, _expected in CASES:
        content = build(secret)
        outcome = importer("function", content.file() if isinstance(content, Package) else content)
        assert all("请" in p.message for p in outcome.problems), (_id, outcome.text)


@pytest.mark.parametrize(
    "part, root",
    [(STRINGS, "sst"), (SHEET, "worksheet"), (WORKBOOK, "workbook")],
    ids=["shared-strings", "sheet", "sheet-name"],
)
def test_openpyxl_underneath_never_resolves_an_external_entity(secret, part, root):
    """Behind the importer's own refusal of any DTD: openpyxl, as the importer calls it, leaves
    the entity unresolved or fails; it never reads the file."""
    file = external(part, root, secret).file()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
        seen = [ws.title for ws in workbook.worksheets] + [
            str(value) for ws in workbook.worksheets for row in ws.values for value in row
        ]
    except Exception as error:  # noqa: BLE001 - failing is an acceptable answer here
        seen = [str(error)]
    assert not any(SECRET in text for text in seen)


def test_the_command_exits_non_zero_with_the_report_and_no_traceback(tmp_path):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(good().replace(SHEET, b"</row>", b"</rows>").bytes())
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "import_workbook", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode != 0
    assert "标签不配对" in result.stderr and "未导入任何数据" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
