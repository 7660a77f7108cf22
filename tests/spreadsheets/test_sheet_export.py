"""Exported sheets read back with openpyxl: title, header, types, totals, print setup, safety."""

import datetime
from decimal import Decimal
from io import BytesIO

import django_tables2 as tables
from openpyxl import load_workbook

from spreadsheets.exports import (
    Column,
    SheetWriter,
    display_width,
    table_workbook,
    workbook_bytes,
    workbook_new,
)
from supervision.models import Community

COLUMNS = [
    Column("社区", width=14),
    Column("户数", kind="int", total=True),
    Column("用房面积（平方米）", kind="decimal", total=True),
    Column("完成率", kind="percent"),
    Column("期限", kind="date"),
]


def read_back(workbook):
    return load_workbook(BytesIO(workbook_bytes(workbook)))


def test_sheet_has_title_header_typed_cells_and_totals():
    workbook = workbook_new()
    count = SheetWriter(
        workbook, title="社区", heading="禾川县2015年 社区资料", columns=COLUMNS
    ).write(
        [
            ["二机社区", 1480, Decimal("260.50"), 0.5, datetime.date(2015, 6, 30)],
            ["湘赣社区", 1620, Decimal("310.00"), 1, datetime.date(2015, 7, 31)],
        ]
    )
    assert count == 2
    sheet = read_back(workbook)["社区"]
    assert sheet["A1"].value == "禾川县2015年 社区资料"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:E1"]
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    assert sheet["B3"].value == 1480 and isinstance(sheet["B3"].value, int)
    assert sheet["C3"].value == 260.5 and sheet["C3"].number_format == "0.00"
    assert sheet["D3"].number_format == "0.0%"
    assert sheet["E3"].value == datetime.datetime(2015, 6, 30) and sheet["E3"].is_date
    assert [c.value for c in sheet[5]][:3] == ["合计", 3100, 570.5]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$1:$2"


def test_chinese_headers_get_columns_wide_enough():
    workbook = workbook_new()
    SheetWriter(workbook, title="宽度", heading="标题", columns=COLUMNS).write([])
    sheet = read_back(workbook)["宽度"]
    assert sheet.column_dimensions["C"].width >= display_width("用房面积（平方米）")


def test_text_that_looks_like_a_formula_is_written_as_text():
    workbook = workbook_new()
    dangerous = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)"]
    SheetWriter(workbook, title="安全", heading="标题", columns=[Column("备注")]).write(
        [[text] for text in dangerous]
    )
    sheet = read_back(workbook)["安全"]
    for row, text in enumerate(dangerous, start=3):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == text
        assert cell.data_type == "s", text
        assert cell.quotePrefix


def test_a_title_or_header_that_looks_like_a_formula_is_written_as_text():
    workbook = workbook_new()
    SheetWriter(
        workbook, title="安全", heading="=1+1 年度", columns=[Column("=A1"), Column("备注")]
    ).write([["x", "y"]])
    sheet = read_back(workbook)["安全"]
    for cell in (sheet["A1"], sheet["A2"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert (sheet["A1"].value, sheet["A2"].value) == ("=1+1 年度", "=A1")


class CommunityTable(tables.Table):
    export_kinds = {"households": "int", "premises_area": "decimal"}

    class Meta:
        model = Community
        fields = ["name", "town", "households", "premises_area"]


def test_a_filtered_list_exports_as_it_is_shown(county):
    table = CommunityTable(Community.objects.filter(households__gte=150).order_by("name"))
    sheet = read_back(table_workbook(table=table, heading="社区一览", title="社区"))["社区"]
    assert [c.value for c in sheet[2]] == [
        "社区名称",
        "所属镇/街道",
        "户数",
        "管理和服务用房面积（平方米）",
    ]
    assert [c.value for c in sheet[3]] == ["二机社区", "禾川镇", 150, 300]
    assert sheet.max_row == 3
