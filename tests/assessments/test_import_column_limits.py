"""Every imported value is checked against the model field it goes into, with the limits read
from the field itself: what the database cannot hold (PostgreSQL raises, SQLite would keep it)
is refused at its cell, and what it can hold is stored exactly."""

import datetime
from decimal import Decimal

import pytest
from django.db import models

from assessments.models import Catalogue, Indicator
from assessments.spreadsheets.imports import sheet_imports
from spreadsheets import cells
from supervision.models import Community
from workflows.models import Assignment, CreationTask

from .hostile import CHANNELS, assert_refused, snapshot
from .test_catalogue_import import HEADERS as CATALOGUE_HEADERS
from .test_catalogue_import import PREMISES
from .workbooks import ASSIGNMENT_HEADERS, COMMUNITY_HEADERS, xlsx

COMMUNITY = ["禾川镇", "西门社区", 1350, 3890, 298.5, 270, 7, 1, 2, 0, 5]
ASSIGNMENT = [
    2015,
    "禾川镇",
    "二机社区",
    "财政",
    "设施建设和工作经费",
    "牵头",
    "经费",
    "2015-06-30",
]


def community(**changes):
    row = list(COMMUNITY)
    for header, value in changes.items():
        row[COMMUNITY_HEADERS.index(header)] = value
    return {"社区": [COMMUNITY_HEADERS, row]}


def assignment(**changes):
    row = list(ASSIGNMENT)
    for header, value in changes.items():
        row[ASSIGNMENT_HEADERS.index(header)] = value
    return {"部门任务": [ASSIGNMENT_HEADERS, row]}


def standard(**changes):
    row = list(PREMISES)
    for header, value in changes.items():
        row[CATALOGUE_HEADERS.index(header)] = value
    return {"创建标准": [CATALOGUE_HEADERS, row]}


@pytest.fixture
def task(county):
    return CreationTask.objects.create(campaign=county.campaign, community=county.community)


# (id, sheets, sheet, column letter, message)
TOO_MUCH = [
    ("community-name-51", community(社区名称="社" * 51), "社区", "B", "最多50个字，这里有51个字"),
    ("town-name-51", community(**{"镇/街道": "镇" * 51}), "社区", "A", "最多50个字"),
    ("households-over-int", community(户数=2_147_483_648), "社区", "C", "不超过2147483647"),
    ("population-negative", community(人口=-1), "社区", "D", "不能为负数"),
    ("area-over-9-digits", community(**{COMMUNITY_HEADERS[4]: 10_000_000}), "社区", "E", "过大"),
    ("area-3-decimals", community(**{COMMUNITY_HEADERS[5]: 1.125}), "社区", "F", "最多保留2位小数"),
    ("computers-fraction", community(办公电脑数=2.5), "社区", "K", "应为整数"),
    ("owed-301", assignment(任务内容="经" * 301), "部门任务", "G", "最多300个字"),
    ("department-51", assignment(部门="部" * 51), "部门任务", "D", "最多50个字"),
    ("year-over-small-int", assignment(年度=32_768), "部门任务", "A", "不超过32767"),
    ("area-not-a-choice", assignment(职责事项="经费保障"), "部门任务", "E", "应为以下之一"),
    ("role-not-a-choice", assignment(角色="主办"), "部门任务", "F", "应为以下之一：牵头、配合"),
    ("code-21", standard(编号="J" * 21), "创建标准", "B", "最多20个字"),
    ("indicator-name-201", standard(指标="指" * 201), "创建标准", "C", "最多200个字"),
    ("evidence-over-cell-limit", standard(佐证材料="证" * 2_001), "创建标准", "L", "最多2000个字"),
    ("points-two-decimals", standard(分值=60.25), "创建标准", "I", "最多保留1位小数"),
    ("points-over-the-track", standard(分值=100.5), "创建标准", "I", "不超过100"),
    ("threshold-over-9-digits", standard(达标值=10_000_000), "创建标准", "H", "过大"),
    ("sort-over-small-int", standard(排序=32_768), "创建标准", "M", "不超过32767"),
    ("measure-not-a-choice", standard(计量方式="大于"), "创建标准", "F", "应为以下之一"),
    ("fact-not-a-choice", standard(对应社区资料="面积"), "创建标准", "G", "应为以下之一"),
]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    "sheets, sheet, column, text", [pytest.param(*case[1:], id=case[0]) for case in TOO_MUCH]
)
def test_a_value_the_column_cannot_hold_is_refused_at_its_cell(
    county, task, importer, channel, sheets, sheet, column, text
):
    before = snapshot()
    outcome = importer(channel, xlsx(sheets))
    assert_refused(outcome, channel, [(sheet, 2, column, text)], before)


def test_the_most_each_column_holds_is_stored_exactly(county, task):
    """At the limit, on SQLite and PostgreSQL alike: nothing cut, nothing rounded."""
    from assessments.spreadsheets.imports import workbook_import

    longest = {
        **community(
            **{"镇/街道": "禾川镇", "社区名称": "社" * 50, "户数": 2_147_483_647},
            **{COMMUNITY_HEADERS[4]: 9_999_999.99},
        ),
        **assignment(任务内容="经" * 300, 年度=2015),
        **standard(编号="J" * 20, 指标="指" * 200, 佐证材料="证" * 2_000, 分值=99.5, 排序=32_767),
    }
    report = workbook_import(file=xlsx(longest))
    assert report.ok, [str(p) for p in report.problems]
    stored = Community.objects.get(name="社" * 50)
    assert (stored.households, stored.premises_area) == (2_147_483_647, Decimal("9999999.99"))
    assert Assignment.objects.get(task=task).owed == "经" * 300
    indicator = Indicator.objects.get(catalogue__in=Catalogue.objects.all(), code="J" * 20)
    assert (indicator.name, indicator.evidence_required) == ("指" * 200, "证" * 2_000)
    assert (indicator.points, indicator.sort_order) == (Decimal("99.5"), 32_767)


def _columns():
    for spec in sheet_imports():
        for column in spec.columns:
            if column.field is not None:
                yield pytest.param(column, id=f"{spec.title}-{column.header}")


@pytest.mark.parametrize("column", list(_columns()))
def test_each_column_reads_with_its_model_fields_limits(column, settings):
    """Table-driven from the models: whatever a field says, the column says the same."""
    model_field = column.field
    if model_field.choices:
        label, stored = next(iter(cells.labels(model_field).items()))
        assert column.read(label) == stored
        with pytest.raises(cells.CellError):
            column.read("不是选项")
        return
    if isinstance(model_field, models.BooleanField):
        assert (column.read("是"), column.read("否")) == (True, False)
        return
    if isinstance(model_field, models.DecimalField):
        whole = model_field.max_digits - model_field.decimal_places
        largest = Decimal(10) ** whole - Decimal(1).scaleb(-model_field.decimal_places)
        if column.key == "points":
            largest = Decimal(100)
        assert column.read(str(largest)) == largest
        with pytest.raises(cells.CellError):
            column.read(str(largest + Decimal(1).scaleb(-model_field.decimal_places)))
        with pytest.raises(cells.CellError):
            column.read("1." + "1" * (model_field.decimal_places + 1))
        return
    if isinstance(model_field, models.IntegerField):
        low, high = {
            "PositiveIntegerField": (0, 2_147_483_647),
            "PositiveSmallIntegerField": (0, 32_767),
        }[model_field.get_internal_type()]
        assert (column.read(low), column.read(high)) == (low, high)
        for beyond in (low - 1, high + 1):
            with pytest.raises(cells.CellError):
                column.read(beyond)
        return
    if isinstance(model_field, models.DateField):
        assert column.read("2015-06-30") == datetime.date(2015, 6, 30)
        return
    length = model_field.max_length or settings.IMPORT_MAX_CELL_CHARS
    assert column.read("字" * length) == "字" * length
    with pytest.raises(cells.CellError, match=f"最多{length}个字"):
        column.read("字" * (length + 1))


def test_the_limit_follows_the_model_field_not_a_copy(county, importer, monkeypatch):
    """Narrow the model field and the importer follows: its limit is read from the field."""
    monkeypatch.setattr(Community._meta.get_field("name"), "max_length", 10)
    before = snapshot()
    outcome = importer("function", xlsx(community(社区名称="社" * 11)))
    assert_refused(outcome, "function", [("社区", 2, "B", "最多10个字，这里有11个字")], before)


def test_text_fields_without_a_length_take_the_cell_limit(county, importer, settings):
    settings.IMPORT_MAX_CELL_CHARS = 500
    before = snapshot()
    outcome = importer("function", xlsx(standard(佐证材料="证" * 501)))
    assert_refused(outcome, "function", [("创建标准", 2, "L", "最多500个字")], before)
