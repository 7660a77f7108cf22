"""Excel imports that never half-happen.

A workbook is read whole and every cell checked before anything is written; a file with any
problem writes nothing and gets a report of every problem with its sheet, row, column and a
Chinese message. A good file is written in one transaction, each row matched by its natural key,
so importing the same file again changes nothing.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zipfile import BadZipFile

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from spreadsheets import cells
from supervision.models import Campaign, Community, Department, Town
from workflows.models import Assignment, AssignmentRole, CreationTask, DutyArea

MAX_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    read: Callable[[Any], Any]
    required: bool = True
    width: int = 14
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
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


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return _("发现%(count)s处问题，未导入任何数据。") % {"count": len(self.problems)}
        parts = [
            _("%(sheet)s：新增%(created)s行，更新%(updated)s行，未变%(unchanged)s行")
            % {"sheet": sheet, **c}
            for sheet, c in self.counts.items()
        ]
        return _("导入完成。") + "；".join(parts)


class SheetImport(ABC):
    """One importable sheet: its columns, how a row is found again, how rows are written."""

    title: str
    columns: list[Column]

    @abstractmethod
    def key(self, values: dict) -> tuple:
        """The row's natural key: two rows with the same key are duplicates."""

    @abstractmethod
    def resolve(self, row: Row, problem: Callable[[str, str], None]) -> None:
        """Look up what the row refers to, adding to row.values; report what is unknown."""

    @abstractmethod
    def save(self, rows: list[Row]) -> dict[str, int]:
        """Write the rows, matched by natural key; return created/updated/unchanged counts."""


def _upsert(model, lookup: dict, values: dict) -> str:
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        model.objects.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return "updated"


def _count(outcomes) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for outcome in outcomes:
        counts[outcome] += 1
    return counts


class CommunitySheet(SheetImport):
    title = "社区"
    columns = [
        Column("镇/街道", "town", cells.text, width=12),
        Column("社区名称", "name", cells.text, width=14),
        Column("户数", "households", cells.whole_number, width=8),
        Column("人口", "population", cells.whole_number, width=8),
        Column("管理和服务用房面积（平方米）", "premises_area", cells.area, width=16),
        Column("养老服务用房面积（平方米）", "elderly_care_area", cells.area, width=16),
        Column("社区工作人员数", "staff_count", cells.whole_number, required=False, width=10),
        Column(
            "持证社工数", "certified_social_workers", cells.whole_number, required=False, width=10
        ),
        Column(
            "备案社区社会组织数",
            "filed_social_organisations",
            cells.whole_number,
            required=False,
            width=12,
        ),
        Column(
            "注册登记社会组织数",
            "registered_social_organisations",
            cells.whole_number,
            required=False,
            width=12,
        ),
        Column("办公电脑数", "office_computers", cells.whole_number, required=False, width=10),
    ]

    def __init__(self):
        self._towns = None

    def key(self, values):
        return (values["town"], values["name"])

    def resolve(self, row, problem):
        if self._towns is None:
            self._towns = {t.name: t for t in Town.objects.all()}
        town = self._towns.get(row.values["town"])
        if town is None:
            problem(
                "town",
                _("镇/街道“%(town)s”不存在，请先在系统管理中添加。") % {"town": row.values["town"]},
            )
        row.values["town"] = town

    def save(self, rows):
        profile = [c.key for c in self.columns if c.key not in {"town", "name"}]
        return _count(
            _upsert(
                Community,
                {"town": row.values["town"], "name": row.values["name"]},
                {key: row.values[key] for key in profile if row.values.get(key) is not None},
            )
            for row in rows
        )


def _labels(choices) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices}


class AssignmentSheet(SheetImport):
    title = "部门任务"

    def __init__(self):
        self.areas = _labels(DutyArea.choices)
        self.roles = _labels(AssignmentRole.choices)
        self.columns = [
            Column("年度", "year", cells.whole_number, width=8),
            Column("镇/街道", "town", cells.text, width=12),
            Column("社区", "community", cells.text, width=14),
            Column("部门", "department", cells.text, width=14),
            Column(
                "职责事项",
                "area",
                lambda v: cells.choice(v, choices=self.areas),
                width=22,
                choices=tuple(self.areas),
            ),
            Column(
                "角色",
                "role",
                lambda v: cells.choice(v, choices=self.roles),
                width=8,
                choices=tuple(self.roles),
            ),
            Column("任务内容", "owed", lambda v: cells.text(v, max_length=300), width=40),
            Column("完成期限", "deadline", cells.date, width=12),
        ]
        self._tasks = None
        self._departments = None

    def key(self, values):
        return (
            values["year"],
            values["town"],
            values["community"],
            values["department"],
            values["area"],
        )

    def resolve(self, row, problem):
        if self._tasks is None:
            self._tasks = {
                (t.campaign.year, t.community.town.name, t.community.name): t
                for t in CreationTask.objects.select_related("campaign", "community__town")
            }
            self._departments = {}
            for department in Department.objects.all():
                for name in (department.name, department.short_name, department.code):
                    self._departments.setdefault(name, department)
        values = row.values
        task = self._tasks.get((values["year"], values["town"], values["community"]))
        if task is None:
            if not Campaign.objects.filter(year=values["year"]).exists():
                problem("year", _("没有%(year)s年度的创建工作。") % {"year": values["year"]})
            else:
                problem(
                    "community",
                    _("%(town)s%(community)s在%(year)s年度没有创建任务。") % values,
                )
        department = self._departments.get(values["department"])
        if department is None:
            problem("department", _("部门“%(name)s”不存在。") % {"name": values["department"]})
        values["task"], values["department"] = task, department

    def save(self, rows):
        return _count(
            _upsert(
                Assignment,
                {
                    "task": row.values["task"],
                    "department": row.values["department"],
                    "area": row.values["area"],
                },
                {
                    "role": row.values["role"],
                    "owed": row.values["owed"],
                    "deadline": row.values["deadline"],
                },
            )
            for row in rows
        )


def _yes_no(value) -> bool:
    return cells.choice(value, choices={"是": True, "否": False})


class CatalogueSheet(SheetImport):
    """The standards catalogue, by campaign year and standard code.

    Rows go into the year's catalogue version in force. A version that findings were already
    scored under is never edited: if the file changes anything, a new version is copied from
    it and the changes go there, so old scores keep their rules.
    """

    title = "创建标准"
    TRACKS = {"今年创建": "for_create", "创出特色": "for_distinctive", "明年达标": "for_prepare"}
    FIELDS = [
        "name",
        "work_area",
        "for_create",
        "for_distinctive",
        "for_prepare",
        "measure",
        "fact",
        "threshold",
        "points",
        "is_critical",
        "evidence_required",
        "sort_order",
    ]

    def __init__(self):
        from assessments.models import Measure, ProfileFact, WorkArea

        self.areas = _labels(WorkArea.choices)
        self.measures = _labels(Measure.choices)
        self.facts = _labels(ProfileFact.choices)
        self.columns = [
            Column("年度", "year", cells.whole_number, width=8),
            Column("编号", "code", lambda v: cells.text(v, max_length=20), width=10),
            Column("指标", "name", cells.text, width=40),
            Column(
                "工作领域",
                "work_area",
                lambda v: cells.choice(v, choices=self.areas),
                width=18,
                choices=tuple(self.areas),
            ),
            Column("适用类别", "tracks", self._tracks, width=22),
            Column(
                "计量方式",
                "measure",
                lambda v: cells.choice(v, choices=self.measures),
                width=14,
                choices=tuple(self.measures),
            ),
            Column(
                "对应社区资料",
                "fact",
                lambda v: cells.choice(v, choices=self.facts),
                required=False,
                width=26,
                choices=tuple(self.facts),
            ),
            Column("达标值", "threshold", cells.decimal, required=False, width=10),
            Column(
                "分值",
                "points",
                lambda v: cells.decimal(v, what=_("分值"), maximum=Decimal(100)),
                width=8,
            ),
            Column("关键指标", "is_critical", _yes_no, width=10, choices=("是", "否")),
            Column("责任部门", "departments", cells.text, required=False, width=24),
            Column(
                "佐证材料",
                "evidence_required",
                lambda v: cells.text(v, max_length=1000),
                required=False,
                width=30,
            ),
            Column(
                "排序",
                "sort_order",
                lambda v: cells.whole_number(v, maximum=32767),
                required=False,
                width=8,
            ),
        ]
        self._campaigns = None
        self._departments = None

    def _tracks(self, value) -> dict[str, bool]:
        names = [
            n.strip() for n in cells.text(value).replace("，", "、").replace(",", "、").split("、")
        ]
        unknown = [n for n in names if n and n not in self.TRACKS]
        if unknown or not any(names):
            raise cells.CellError(
                _("应为%(tracks)s中的一个或几个，用顿号分隔。") % {"tracks": "、".join(self.TRACKS)}
            )
        return {flag: label in names for label, flag in self.TRACKS.items()}

    def key(self, values):
        return (values["year"], values["code"])

    def resolve(self, row, problem):
        from assessments.models import Measure

        if self._campaigns is None:
            self._campaigns = {c.year: c for c in Campaign.objects.all()}
            self._departments = {}
            for department in Department.objects.all():
                for name in (department.name, department.short_name, department.code):
                    self._departments.setdefault(name, department)
        values = row.values
        values["campaign"] = self._campaigns.get(values["year"])
        if values["campaign"] is None:
            problem(
                "year",
                _("没有%(year)s年度的创建工作，请先在系统管理中添加。") % {"year": values["year"]},
            )
        if values["measure"] != Measure.YES_NO:
            if values["threshold"] is None:
                problem("threshold", _("数值类指标须填写达标值。"))
            if not values["fact"]:
                problem("fact", _("数值类指标须填写对应社区资料。"))
        names = [
            n.strip()
            for n in (values["departments"] or "").replace("，", "、").split("、")
            if n.strip()
        ]
        unknown = [n for n in names if n not in self._departments]
        if unknown:
            problem("departments", _("部门“%(name)s”不存在。") % {"name": "、".join(unknown)})
        values["departments"] = sorted(
            {self._departments[n].pk for n in names if n in self._departments}
        )
        values.update(values.pop("tracks"))
        values["fact"] = values["fact"] or ""
        values["evidence_required"] = values["evidence_required"] or ""

    def _changes(self, catalogue, rows) -> bool:
        existing = (
            {i.code: i for i in catalogue.indicators.prefetch_related("departments")}
            if catalogue
            else {}
        )
        for row in rows:
            indicator = existing.get(row.values["code"])
            if indicator is None:
                return True
            for name in self.FIELDS:
                wanted = row.values.get(name)
                if wanted is None and name == "sort_order":
                    continue
                if getattr(indicator, name) != wanted:
                    return True
            if sorted(d.pk for d in indicator.departments.all()) != row.values["departments"]:
                return True
        return False

    def save(self, rows):
        from assessments.models import Catalogue, Indicator
        from assessments.services import catalogue_copy, catalogue_current

        outcomes = []
        by_year = {}
        for row in rows:
            by_year.setdefault(row.values["campaign"], []).append(row)
        for campaign, year_rows in by_year.items():
            catalogue = catalogue_current(campaign=campaign)
            if not self._changes(catalogue, year_rows):
                outcomes += ["unchanged"] * len(year_rows)
                continue
            if catalogue is None:
                catalogue = Catalogue.objects.create(
                    campaign=campaign, version=1, title=f"{campaign.year}年创建标准"
                )
            elif catalogue.is_used:
                catalogue = catalogue_copy(source=catalogue, campaign=campaign)
            for row in year_rows:
                values = {name: row.values.get(name) for name in self.FIELDS}
                if values["sort_order"] is None:
                    values.pop("sort_order")
                outcome = _upsert(
                    Indicator, {"catalogue": catalogue, "code": row.values["code"]}, values
                )
                indicator = Indicator.objects.get(catalogue=catalogue, code=row.values["code"])
                if (
                    sorted(indicator.departments.values_list("pk", flat=True))
                    != row.values["departments"]
                ):
                    indicator.departments.set(row.values["departments"])
                    outcome = "updated" if outcome == "unchanged" else outcome
                outcomes.append(outcome)
        return _count(outcomes)


def sheet_imports() -> list[SheetImport]:
    """The sheets a workbook may hold, in the order they are written."""
    return [CommunitySheet(), AssignmentSheet(), CatalogueSheet()]


def _read_sheet(worksheet, spec: SheetImport, problems: list[Problem]) -> list[Row]:
    def problem(row, column, message):
        problems.append(Problem(spec.title, row, column, message))

    rows_iter = worksheet.iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    positions = {}
    for index, value in enumerate(header):
        if cells.is_blank(value):
            continue
        name = str(value).strip()
        known = next((c for c in spec.columns if c.header == name), None)
        if known is None:
            problem(
                1, get_column_letter(index + 1), _("无法识别的列标题“%(name)s”。") % {"name": name}
            )
        elif known.key in positions:
            problem(1, get_column_letter(index + 1), _("列标题“%(name)s”重复。") % {"name": name})
        else:
            positions[known.key] = index
    for column in spec.columns:
        if column.key not in positions and column.required:
            problem(1, None, _("缺少必需的列“%(name)s”。") % {"name": column.header})
    if any(p.sheet == spec.title and p.row == 1 for p in problems):
        return []

    rows, seen = [], {}
    for number, raw in enumerate(rows_iter, start=2):
        if number > MAX_ROWS + 1:
            problem(number, None, _("行数超过上限%(max)s行，请分批导入。") % {"max": MAX_ROWS})
            break
        if all(cells.is_blank(v) for v in raw):
            continue
        values, ok = {}, True
        for column in spec.columns:
            index = positions.get(column.key)
            value = raw[index] if index is not None and index < len(raw) else None
            letter = get_column_letter(index + 1) if index is not None else None
            if cells.is_blank(value):
                values[column.key] = None
                if column.required:
                    problem(
                        number,
                        letter,
                        _("“%(name)s”为必填项，不能为空。") % {"name": column.header},
                    )
                    ok = False
                continue
            try:
                values[column.key] = column.read(value)
            except cells.CellError as error:
                problem(
                    number,
                    letter,
                    _("“%(name)s”%(error)s") % {"name": column.header, "error": error},
                )
                ok = False
        if not ok:
            continue
        key = spec.key(values)
        if key in seen:
            problem(number, None, _("与第%(row)s行重复。") % {"row": seen[key]})
            continue
        seen[key] = number
        row = Row(number, values)

        def row_problem(column_key, message, row=row):
            index = positions.get(column_key)
            problem(
                row.number, get_column_letter(index + 1) if index is not None else None, message
            )

        spec.resolve(row, row_problem)
        rows.append(row)
    return rows


def workbook_import(*, file, dry_run: bool = False) -> ImportReport:
    """Validate the whole workbook, then write it in one transaction (or not at all)."""
    report = ImportReport()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError):
        report.problems.append(
            Problem(
                None,
                None,
                None,
                _(
                    "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。"
                ),
            )
        )
        return report
    specs = {spec.title: spec for spec in sheet_imports()}
    found = []
    try:
        for worksheet in workbook.worksheets:
            spec = specs.get(worksheet.title.strip())
            if spec is None:
                report.problems.append(
                    Problem(
                        worksheet.title,
                        None,
                        None,
                        _("无法识别的工作表，应为：%(sheets)s。") % {"sheets": "、".join(specs)},
                    )
                )
                continue
            found.append((spec, _read_sheet(worksheet, spec, report.problems)))
    finally:
        workbook.close()
    if not found and not report.problems:
        report.problems.append(
            Problem(
                None,
                None,
                None,
                _("工作簿中没有可导入的工作表（%(sheets)s）。") % {"sheets": "、".join(specs)},
            )
        )
    if report.problems:
        return report
    with transaction.atomic():
        for spec, rows in found:
            report.counts[spec.title] = spec.save(rows)
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_template_build():
    """A blank workbook with every importable sheet's headers, for clerks to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheet_imports():
        sheet = workbook.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = Font(bold=True, color="FFFFFF" if column.required else "1F2933")
            cell.fill = PatternFill("solid", fgColor="A61B29" if column.required else "DDE3EA")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            if column.choices:
                validation = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=not column.required,
                    showErrorMessage=True,
                    errorTitle="输入有误",
                    error="请从下拉列表中选择。",
                )
                validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
                sheet.add_data_validation(validation)
        sheet.row_dimensions[1].height = 32
        sheet.freeze_panes = "A2"
    return workbook
