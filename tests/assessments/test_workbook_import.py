"""Imports validate the whole file first, write all or nothing, and re-import changes nothing."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from assessments.spreadsheets.imports import import_template_build, workbook_import
from supervision.models import Community
from workflows.models import Assignment, CreationTask

from .workbooks import ASSIGNMENT_HEADERS, COMMUNITY_HEADERS, xlsx

GOOD_COMMUNITY = ["禾川镇", "西门社区", 1350, 3890, 298.5, "270", 7, 1, 2, 0, 5]


def snapshot():
    return (
        sorted(Community.objects.values_list("town__name", "name", "households", "premises_area")),
        sorted(
            Assignment.objects.values_list(
                "task_id", "department__code", "area", "owed", "deadline"
            )
        ),
    )


@pytest.fixture
def task(county):
    return CreationTask.objects.create(campaign=county.campaign, community=county.community)


def test_good_file_imports_and_reimport_changes_nothing(county, task):
    rows = {
        "社区": [
            COMMUNITY_HEADERS,
            GOOD_COMMUNITY,
            ["禾川镇", "二机社区", 160, 400, 320, 40, None, None, None, None, None],
        ],
        "部门任务": [
            ASSIGNMENT_HEADERS,
            [
                2015,
                "禾川镇",
                "二机社区",
                "财政",
                "设施建设和工作经费",
                "牵头",
                "落实工作经费",
                datetime.date(2015, 6, 30),
            ],
            [
                2015,
                "禾川镇",
                "二机社区",
                "县房管局",
                "社区工作用房",
                "配合",
                "保障用房",
                "2015-07-31",
            ],
        ],
    }
    report = workbook_import(file=xlsx(rows))
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts == {
        "社区": {"created": 1, "updated": 1, "unchanged": 0},
        "部门任务": {"created": 2, "updated": 0, "unchanged": 0},
    }
    west = Community.objects.get(name="西门社区")
    assert (west.households, west.premises_area, west.elderly_care_area) == (
        1350,
        Decimal("298.50"),
        Decimal("270.00"),
    )
    county.community.refresh_from_db()
    assert county.community.premises_area == Decimal("320.00")
    assert task.assignments.get(department=county.finance).deadline == datetime.date(2015, 6, 30)
    before = snapshot()

    again = workbook_import(file=xlsx(rows))
    assert again.ok
    assert again.counts == {
        "社区": {"created": 0, "updated": 0, "unchanged": 2},
        "部门任务": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert snapshot() == before


BAD_FILES = [
    pytest.param(
        {"社区表": [COMMUNITY_HEADERS, GOOD_COMMUNITY]},
        [("社区表", None, None, "无法识别的工作表")],
        id="wrong-sheet",
    ),
    pytest.param(
        {"社区": [COMMUNITY_HEADERS[:2] + ["户 数"] + COMMUNITY_HEADERS[3:], GOOD_COMMUNITY]},
        [("社区", 1, "C", "无法识别的列标题“户 数”"), ("社区", 1, None, "缺少必需的列“户数”")],
        id="wrong-header",
    ),
    pytest.param(
        {
            "社区": [
                COMMUNITY_HEADERS,
                ["禾川镇", "西门社区", "一千", 3890, "300平方米", 270, 7, 1, 2, 0, 5],
            ]
        },
        [("社区", 2, "C", "“户数”应为数字"), ("社区", 2, "E", "应为数字，不能是“300平方米”")],
        id="text-in-number-columns",
    ),
    pytest.param(
        {"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", 1350, 3890, -5, 270, 7, 1, 2, 0, 5]]},
        [("社区", 2, "E", "面积不能为负数")],
        id="negative-area",
    ),
    pytest.param(
        {"社区": [COMMUNITY_HEADERS, ["城关镇", "西门社区", 1350, 3890, 300, 270, 7, 1, 2, 0, 5]]},
        [("社区", 2, "A", "镇/街道“城关镇”不存在")],
        id="unknown-town",
    ),
    pytest.param(
        {
            "部门任务": [
                ASSIGNMENT_HEADERS,
                [
                    2015,
                    "禾川镇",
                    "二机社区",
                    "县粮食局",
                    "设施建设和工作经费",
                    "牵头",
                    "经费",
                    "2015-06-30",
                ],
            ]
        },
        [("部门任务", 2, "D", "部门“县粮食局”不存在")],
        id="unknown-department",
    ),
    pytest.param(
        {
            "部门任务": [
                ASSIGNMENT_HEADERS,
                [
                    2015,
                    "禾川镇",
                    "东门社区",
                    "财政",
                    "设施建设和工作经费",
                    "牵头",
                    "经费",
                    "2015-06-30",
                ],
            ]
        },
        [("部门任务", 2, "C", "禾川镇东门社区在2015年度没有创建任务")],
        id="unknown-community",
    ),
    pytest.param(
        {
            "部门任务": [
                ASSIGNMENT_HEADERS,
                [
                    2015,
                    "禾川镇",
                    "二机社区",
                    "财政",
                    "设施建设和工作经费",
                    "牵头",
                    "经费",
                    "2016-01-15",
                ],
            ]
        },
        [("部门任务", 2, "H", "完成期限不能晚于本创建年度的最后一天（2015-12-31）")],
        id="deadline-past-the-campaign-year",
    ),
    pytest.param(
        {"社区": [COMMUNITY_HEADERS, GOOD_COMMUNITY, GOOD_COMMUNITY]},
        [("社区", 3, None, "与第2行重复")],
        id="duplicate-rows",
    ),
    pytest.param(
        {"社区": [COMMUNITY_HEADERS, ["禾川镇", None, 1350, 3890, 300, None, 7, 1, 2, 0, 5]]},
        [
            ("社区", 2, "B", "“社区名称”为必填项"),
            ("社区", 2, "F", "“养老服务用房面积（平方米）”为必填项"),
        ],
        id="empty-required-cells",
    ),
    pytest.param(
        {
            "部门任务": [
                ASSIGNMENT_HEADERS,
                [2015, "禾川镇", "二机社区", "财政", "经费", "主办", "经费", "六月底"],
            ]
        },
        [
            ("部门任务", 2, "E", "应为以下之一"),
            ("部门任务", 2, "F", "应为以下之一：牵头、配合"),
            ("部门任务", 2, "H", "应为日期"),
        ],
        id="bad-choices-and-date",
    ),
]


@pytest.mark.parametrize("sheets, expected", BAD_FILES)
def test_bad_file_is_reported_cell_by_cell_and_writes_nothing(county, task, sheets, expected):
    good_first = {"社区": [COMMUNITY_HEADERS, ["禾川镇", "湘赣社区", 1, 1, 1, 1, 1, 1, 1, 1, 1]]}
    before = snapshot()
    report = workbook_import(
        file=xlsx({**good_first, **sheets} if "社区" not in sheets else sheets)
    )
    assert not report.ok
    found = [(p.sheet, p.row, p.column, p.message) for p in report.problems]
    for sheet, row, column, text in expected:
        assert any(
            (s, r, c) == (sheet, row, column) and text in message for s, r, c, message in found
        ), f"expected {sheet}!{column}{row} «{text}» in {found}"
    assert len(found) == len(expected), found
    assert snapshot() == before


def test_a_file_that_is_not_xlsx_is_refused(county):
    report = workbook_import(file=BytesIO(b"name,households\n"))
    assert [p.message for p in report.problems][0].startswith("文件不是有效的 Excel 工作簿")


def test_dry_run_validates_without_writing(county):
    report = workbook_import(file=xlsx({"社区": [COMMUNITY_HEADERS, GOOD_COMMUNITY]}), dry_run=True)
    assert report.ok and report.counts["社区"]["created"] == 1
    assert not Community.objects.filter(name="西门社区").exists()


def test_command_exits_non_zero_and_lists_every_problem(county, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx(
            {"社区": [COMMUNITY_HEADERS, ["禾川镇", "西门社区", "x", 1, 1, 1, 1, 1, 1, 1, 1]]}
        ).getvalue()
    )
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_workbook", str(path))
    assert "工作表“社区”第2行C列" in capsys.readouterr().err
    assert not Community.objects.filter(name="西门社区").exists()


def test_command_imports_a_good_file(county, tmp_path, capsys):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx({"社区": [COMMUNITY_HEADERS, GOOD_COMMUNITY]}).getvalue())
    call_command("import_workbook", str(path))
    assert "新增1行" in capsys.readouterr().out
    assert Community.objects.filter(name="西门社区", households=1350).exists()


def test_template_has_every_sheet_and_header_and_imports_once_filled(county, tmp_path):
    workbook = import_template_build()
    assert workbook.sheetnames == ["社区", "部门任务", "创建标准"]
    assert [c.value for c in workbook["社区"][1]] == COMMUNITY_HEADERS
    assert [c.value for c in workbook["部门任务"][1]] == ASSIGNMENT_HEADERS
    workbook["社区"].append(GOOD_COMMUNITY)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    reread = load_workbook(path)
    assert reread["社区"].freeze_panes == "A2"
    with path.open("rb") as handle:
        report = workbook_import(file=handle)
    assert report.ok, [str(p) for p in report.problems]
    assert Community.objects.filter(name="西门社区").exists()


def test_the_report_speaks_the_users_language(county):
    from django.utils import translation

    bad = ["禾川镇", "西门社区", "很多", 3890, 298.5, 270, 7, 1, 2, 0, 5]
    file = xlsx({"社区": [COMMUNITY_HEADERS, bad]})
    with translation.override("en"):
        report = workbook_import(file=file)
        assert report.summary() == "Problems found: 1; nothing was imported."
        # The sheet and header names are the file's own, so they stay as typed.
        assert (
            str(report.problems[0])
            == "sheet “社区” row 2 column C: “户数” must be a number, not “很多”."
        )
    file.seek(0)
    report = workbook_import(file=file)
    assert str(report.problems[0]) == "工作表“社区”第2行C列：“户数”应为数字，不能是“很多”。"
    assert not Community.objects.filter(name="西门社区").exists()
