"""What a person opening the file does not see is never imported: hidden and very hidden
sheets, sheets whose names only look right, a second sheet for the same table, hidden rows and
columns holding data, and data without a column header are refused; the file is imported only
as it is seen, whatever its declared range says."""

import pytest

from supervision.models import Community

from .hostile import CHANNELS, Package, assert_refused, sheet_xml, snapshot, written
from .workbooks import COMMUNITY_HEADERS

SHEET, WORKBOOK = "xl/worksheets/sheet1.xml", "xl/workbook.xml"
GOOD = [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, 298.5, 270]]
OTHER = [COMMUNITY_HEADERS, ["禾川镇", "东门社区", 10, 30, 300, 40]]
RENAME = "只差空格或看不见的字符"


def renamed(title: str, *others) -> Package:
    return written({title: GOOD, **dict(others)})


def twins() -> Package:
    """Two sheets both named exactly 社区: Excel cannot make it, a crafted file can."""
    return written({"社区": GOOD, "社区二": OTHER}).replace(
        WORKBOOK, 'name="社区二"'.encode(), 'name="社区"'.encode()
    )


def with_columns(cols: str, rows=GOOD) -> Package:
    return written({"社区": rows}).put(SHEET, sheet_xml(rows, None, extra=f"<cols>{cols}</cols>"))


# (id, build, [(sheet, row, column, text)])
REFUSED = [
    (
        "hidden-sheet",
        lambda: written({"社区": GOOD}, states={"社区": "hidden"}),
        [("社区", None, None, "这个工作表被隐藏了")],
    ),
    (
        "very-hidden-sheet",
        lambda: written({"社区": GOOD}, states={"社区": "veryHidden"}),
        [("社区", None, None, "深度隐藏")],
    ),
    (
        "hidden-helper-sheet-beside-a-good-one",
        lambda: written({"社区": GOOD, "字典": [["牵头", "配合"]]}, states={"字典": "hidden"}),
        [("字典", None, None, "这个工作表被隐藏了")],
    ),
    (
        "very-hidden-second-table",
        lambda: written(
            {"社区": GOOD, "部门任务": [["年度"], [2015]]}, states={"部门任务": "veryHidden"}
        ),
        [("部门任务", None, None, "深度隐藏")],
    ),
    ("trailing-space", lambda: renamed("社区 "), [("社区 ", None, None, RENAME + "（U+0020）")]),
    ("zero-width-space", lambda: renamed("社\u200b区"), [("社\u200b区", None, None, "U+200B")]),
    ("byte-order-mark", lambda: renamed("\ufeff社区"), [("\ufeff社区", None, None, "U+FEFF")]),
    ("full-width-space", lambda: renamed("社区\u3000"), [("社区\u3000", None, None, "U+3000")]),
    (
        "two-visible-sheets-for-one-table",
        lambda: renamed("社区", ("社区 ", OTHER)),
        [
            (None, None, None, "有2个工作表都对应“社区”表：“社区”、“社区 ”"),
            ("社区 ", None, None, RENAME),
        ],
    ),
    (
        "two-sheets-named-the-same",
        twins,
        [(None, None, None, "有2个工作表都对应“社区”表")],
    ),
    (
        "visible-and-hidden-sheet-for-one-table",
        lambda: written({"社区": GOOD, "社区\u200b": OTHER}, states={"社区\u200b": "hidden"}),
        [
            (None, None, None, "有2个工作表都对应“社区”表"),
            ("社区\u200b", None, None, "这个工作表被隐藏了"),
        ],
    ),
    (
        "workbook-window-hidden",
        lambda: written({"社区": GOOD}, book_view=' visibility="hidden"'),
        [(None, None, None, "整个工作簿的窗口被隐藏了")],
    ),
    (
        "hidden-row-with-data",
        lambda: written({"社区": GOOD}).replace(SHEET, b'<row r="2">', b'<row r="2" hidden="1">'),
        [("社区", 2, "A", "所在的行被隐藏了（或被筛选掉了）")],
    ),
    (
        "zero-height-row",
        lambda: written({"社区": GOOD}).replace(
            SHEET, b'<row r="2">', b'<row r="2" ht="0" customHeight="1">'
        ),
        [("社区", 2, "A", "所在的行被隐藏了")],
    ),
    (
        "hidden-column-with-data",
        lambda: with_columns('<col min="3" max="4" hidden="1" width="8"/>'),
        [("社区", 1, "C", "所在的列被隐藏了"), ("社区", 1, "D", "所在的列被隐藏了")],
    ),
    (
        "zero-width-column",
        lambda: with_columns('<col min="2" max="2" width="0" customWidth="1"/>'),
        [("社区", 1, "B", "所在的列被隐藏了")],
    ),
    (
        "data-without-a-header",
        lambda: written({"社区": [GOOD[0], GOOD[1] + [None] * 5 + ["备注：待核实"]]}),
        [("社区", 2, "L", "第1行没有列标题")],
    ),
]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("build, expected", [pytest.param(*c[1:], id=c[0]) for c in REFUSED])
def test_what_is_not_seen_is_refused_and_nothing_written(
    county, importer, channel, build, expected
):
    before = snapshot()
    outcome = importer(channel, build().file())
    assert_refused(outcome, channel, expected, before)


def test_a_hidden_row_is_reported_once_not_per_cell(county, importer):
    file = written({"社区": GOOD}).replace(SHEET, b'<row r="2">', b'<row r="2" hidden="1">')
    outcome = importer("function", file.file())
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "A")]


@pytest.mark.parametrize("channel", ["function", "page"])
def test_rows_beyond_the_declared_range_are_imported_too(county, importer, channel):
    """openpyxl trusts the declared range and would drop what lies beyond; Excel shows it."""
    rows = [*GOOD, OTHER[1], ["禾川镇", "南门社区", 5, 9, 100, 10]]
    file = written({"社区": rows}).replace(SHEET, b'ref="A1:K4"', b'ref="A1:B2"')
    outcome = importer(channel, file.file())
    assert outcome.ok, outcome.text[-2000:]
    assert set(Community.objects.values_list("name", flat=True)) >= {
        "西门社区",
        "东门社区",
        "南门社区",
    }
    assert Community.objects.get(name="南门社区").premises_area == 100


def test_hidden_empty_columns_and_rows_are_no_problem(county, importer):
    """Hiding every unused column (a common tidy-up) or an empty row leaves the data as seen."""
    file = with_columns(
        '<col min="12" max="16384" hidden="1"/>',
        rows=GOOD,
    ).replace(SHEET, b"</sheetData>", b'<row r="3" hidden="1"/></sheetData>')
    outcome = importer("function", file.file())
    assert outcome.ok, outcome.text
    assert Community.objects.filter(name="西门社区", households=1350).exists()


def test_the_refusal_speaks_english_to_an_english_reader(county, importer):
    from django.utils import translation

    file = written({"社区": GOOD}, states={"社区": "hidden"}).file()
    with translation.override("en"):
        outcome = importer("function", file)
        assert str(outcome.problems[0]) == (
            "sheet “社区” : This sheet is hidden: opening the file does not show it, so it is "
            "not imported. Right-click a sheet tab, choose “Unhide” and check its contents, or "
            "delete the sheet, then import again."
        )
