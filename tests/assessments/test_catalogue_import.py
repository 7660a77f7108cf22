"""The standards catalogue imports from Excel by year and code; a used version is never edited."""

from decimal import Decimal

import pytest

from assessments.models import Catalogue, Indicator, Inspection
from assessments.services import FindingInput, inspection_record
from assessments.spreadsheets.imports import workbook_import

from .workbooks import xlsx

HEADERS = [
    "年度",
    "编号",
    "指标",
    "工作领域",
    "适用类别",
    "计量方式",
    "对应社区资料",
    "达标值",
    "分值",
    "关键指标",
    "责任部门",
    "佐证材料",
    "排序",
]
PREMISES = [
    2015,
    "JC-01",
    "管理和服务用房不少于300平方米",
    "基础设施建设和运行",
    "今年创建、明年达标",
    "数值不低于",
    "管理和服务用房面积（平方米）",
    300,
    60,
    "是",
    "房管、县财政局",
    "产权证明",
    1,
]
PARTY = [
    2015,
    "DJ-01",
    "五好社区党组织",
    "社区党建",
    "今年创建",
    "是否达到",
    None,
    None,
    40,
    "否",
    "组织部",
    None,
    2,
]


def catalogue_file(*rows):
    return xlsx({"创建标准": [HEADERS, *rows]})


def test_a_new_year_gets_its_catalogue_and_reimport_changes_nothing(county):
    report = workbook_import(file=catalogue_file(PREMISES, PARTY))
    assert report.ok, [str(p) for p in report.problems]
    catalogue = Catalogue.objects.get(campaign=county.campaign)
    premises = catalogue.indicators.get(code="JC-01")
    assert (premises.threshold, premises.points, premises.is_critical) == (
        Decimal("300"),
        Decimal("60"),
        True,
    )
    assert (premises.for_create, premises.for_distinctive, premises.for_prepare) == (
        True,
        False,
        True,
    )
    assert sorted(premises.departments.values_list("code", flat=True)) == ["czj", "fgj"]
    again = workbook_import(file=catalogue_file(PREMISES, PARTY))
    assert again.counts["创建标准"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert Catalogue.objects.filter(campaign=county.campaign).count() == 1


def test_a_change_to_a_scored_version_goes_into_a_new_version(county, inspector):
    workbook_import(file=catalogue_file(PREMISES, PARTY))
    used = Catalogue.objects.get(campaign=county.campaign)
    inspection_record(
        community=county.community,
        kind=Inspection.Kind.SPOT_CHECK,
        by=inspector,
        campaign=county.campaign,
        findings=[
            FindingInput(indicator=used.indicators.get(code="JC-01"), measured_value=Decimal("300"))
        ],
    )
    changed = PREMISES[:8] + [50] + PREMISES[9:]
    report = workbook_import(file=catalogue_file(changed, PARTY))
    assert report.ok, [str(p) for p in report.problems]
    versions = list(Catalogue.objects.filter(campaign=county.campaign).order_by("version"))
    assert [c.version for c in versions] == [1, 2]
    assert versions[0].indicators.get(code="JC-01").points == Decimal("60")
    assert versions[1].indicators.get(code="JC-01").points == Decimal("50")
    assert versions[1].indicators.count() == 2


@pytest.mark.parametrize(
    "row, column, text",
    [
        (PREMISES[:7] + [None] + PREMISES[8:], "H", "数值类指标须填写达标值"),
        (PREMISES[:10] + ["房管、县粮食局"] + PREMISES[11:], "K", "部门“县粮食局”不存在"),
        (
            PREMISES[:4] + ["今年"] + PREMISES[5:],
            "E",
            "应为今年创建、创出特色、明年达标中的一个或几个",
        ),
        (PREMISES[:8] + [-5] + PREMISES[9:], "I", "分值不能为负数"),
        ([2016] + PREMISES[1:], "A", "没有2016年度的创建工作"),
    ],
)
def test_bad_catalogue_rows_are_reported_at_their_cell(county, row, column, text):
    report = workbook_import(file=catalogue_file(row))
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems if text in p.message] == [(2, column)], [
        str(p) for p in report.problems
    ]
    assert not Indicator.objects.exists()
