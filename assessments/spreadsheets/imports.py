"""Excel imports that never half-happen.

A workbook is read whole and every cell checked before anything is written; a file with any
problem writes nothing and gets a report of every problem with its sheet, row, column and a
Chinese message. A good file is written in one transaction, each row matched by its natural key,
so importing the same file again changes nothing.

What is imported is what a person opening the file sees: the package is checked before a cell
is read (package.py: size, XML, hidden rows and columns), hidden sheets and sheets whose names
only look right are refused, names are matched as they look (cells.key), and every value is
checked against the model field it is stored in.
"""

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessments.models import Catalogue, Indicator, Measure
from assessments.services import catalogue_copy, catalogue_current
from spreadsheets import cells
from spreadsheets.package import Limits, Problem, package_check
from supervision.models import Campaign, Community, Department, Town
from workflows.models import Assignment, CreationTask

logger = logging.getLogger(__name__)

# A report lists this many problems and counts the rest: a file of 50,000 bad rows must not
# become a page of a million lines.
PROBLEMS_LISTED = 500


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    read: Callable[[Any], Any]
    required: bool = True
    width: int = 14
    choices: tuple[str, ...] = ()
    # The model field the value goes into (or is looked up by), whose limits `read` applies.
    field: models.Field | None = None


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problem_count: int = 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_LISTED:
            self.problems.append(problem)

    @property
    def ok(self) -> bool:
        return not self.problem_count and not self.problems

    @property
    def unlisted(self) -> int:
        return self.problem_count - len(self.problems)

    def summary(self) -> str:
        if not self.ok:
            return _("发现%(count)s处问题，未导入任何数据。") % {
                "count": max(self.problem_count, len(self.problems))
            }
        parts = [
            _("%(sheet)s：新增%(created)s行，更新%(updated)s行，未变%(unchanged)s行")
            % {"sheet": sheet, **c}
            for sheet, c in self.counts.items()
        ]
        return _("导入完成。") + "；".join(parts)


def _resave() -> str:
    return _("请用 Excel 或 WPS 打开文件，另存为 .xlsx 后再导入。")


def _ambiguous(what: str, name: str) -> str:
    return _(
        "系统中有几个看起来相同的%(what)s“%(name)s”（只差空格或看不见的字符），无法确定是哪一个。"
        "请系统管理员先在系统管理中改名或合并后再导入。"
    ) % {"what": what, "name": name}


def _index(items, *names) -> dict[str, list]:
    """Items by the look of each of their `names` (cells.key): one entry may hold several."""
    index = {}
    for item in items:
        for name in names:
            bucket = index.setdefault(cells.key(getattr(item, name)), [])
            if item not in bucket:
                bucket.append(item)
    return index


class SheetImport(ABC):
    """One importable sheet: its columns, how a row is found again, how rows are written."""

    title: str
    columns: list[Column]

    def __init__(self, limits: Limits):
        self.limits = limits

    def column(self, header, key, model, name=None, *, required=True, width=14, **options):
        """A column stored in (or looked up by) `model`'s field `name`, read with its limits."""
        model_field = model._meta.get_field(name or key)
        choices = ()
        if model_field.choices:
            choices = tuple(cells.labels(model_field))
        elif model_field.get_internal_type() == "BooleanField":
            choices = tuple(cells.YES_NO)
        read = cells.for_field(model_field, max_chars=self.limits.cell_chars, **options)
        return Column(header, key, read, required, width, choices, model_field)

    def text(self, value) -> str:
        return cells.text(value, max_length=self.limits.cell_chars)

    @abstractmethod
    def key(self, values: dict) -> tuple:
        """The row's natural key, as it looks: two rows with the same key are duplicates."""

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


class _Departments:
    """Departments by the look of their name, short name or code, loaded once per import."""

    def __init__(self):
        self._by_name = None

    def get(self, name: str):
        if self._by_name is None:
            self._by_name = {}
            for department in Department.objects.all():
                for alias in (department.name, department.short_name, department.code):
                    self._by_name.setdefault(cells.key(alias), department)
        return self._by_name.get(cells.key(name))


class CommunitySheet(SheetImport):
    title = "社区"
    PROFILE = [
        ("户数", "households", 8),
        ("人口", "population", 8),
        ("管理和服务用房面积（平方米）", "premises_area", 16),
        ("养老服务用房面积（平方米）", "elderly_care_area", 16),
        ("社区工作人员数", "staff_count", 10),
        ("持证社工数", "certified_social_workers", 10),
        ("备案社区社会组织数", "filed_social_organisations", 12),
        ("注册登记社会组织数", "registered_social_organisations", 12),
        ("办公电脑数", "office_computers", 10),
    ]
    REQUIRED = {"households", "population", "premises_area", "elderly_care_area"}

    def __init__(self, limits):
        super().__init__(limits)
        area = {"what": _("面积")}
        self.columns = [
            self.column("镇/街道", "town", Town, "name", width=12),
            self.column("社区名称", "name", Community),
            *(
                self.column(
                    header,
                    key,
                    Community,
                    required=key in self.REQUIRED,
                    width=width,
                    **(area if key.endswith("_area") else {}),
                )
                for header, key, width in self.PROFILE
            ),
        ]
        self._towns = None
        self._communities = None

    def key(self, values):
        return (cells.key(values["town"]), cells.key(values["name"]))

    def resolve(self, row, problem):
        if self._towns is None:
            self._towns = _index(Town.objects.all(), "name")
            self._communities = {}
            for community in Community.objects.all():
                self._communities.setdefault(
                    (community.town_id, cells.key(community.name)), []
                ).append(community)
        values = row.values
        towns = self._towns.get(cells.key(values["town"]), [])
        town = towns[0] if len(towns) == 1 else None
        if not towns:
            problem(
                "town",
                _("镇/街道“%(town)s”不存在，请先在系统管理中添加。") % {"town": values["town"]},
            )
        elif town is None:
            problem("town", _ambiguous(_("镇/街道"), values["town"]))
        else:
            existing = self._communities.get((town.pk, cells.key(values["name"])), [])
            if len(existing) > 1:
                problem("name", _ambiguous(_("社区"), values["name"]))
            elif existing:
                values["name"] = existing[0].name  # the same community, however it was typed
        values["town"] = town

    def save(self, rows):
        profile = [key for _header, key, _width in self.PROFILE]
        return _count(
            _upsert(
                Community,
                {"town": row.values["town"], "name": row.values["name"]},
                {key: row.values[key] for key in profile if row.values.get(key) is not None},
            )
            for row in rows
        )


class AssignmentSheet(SheetImport):
    title = "部门任务"

    def __init__(self, limits):
        super().__init__(limits)
        self.columns = [
            self.column("年度", "year", Campaign, width=8),
            self.column("镇/街道", "town", Town, "name", width=12),
            self.column("社区", "community", Community, "name"),
            self.column("部门", "department", Department, "name"),
            self.column("职责事项", "area", Assignment, width=22),
            self.column("角色", "role", Assignment, width=8),
            self.column("任务内容", "owed", Assignment, width=40),
            self.column("完成期限", "deadline", Assignment, width=12),
        ]
        self._tasks = None
        self._departments = _Departments()

    def key(self, values):
        return (
            values["year"],
            cells.key(values["town"]),
            cells.key(values["community"]),
            cells.key(values["department"]),
            values["area"],
        )

    def resolve(self, row, problem):
        if self._tasks is None:
            self._tasks = {}
            for task in CreationTask.objects.select_related("campaign", "community__town"):
                where = (
                    task.campaign.year,
                    cells.key(task.community.town.name),
                    cells.key(task.community.name),
                )
                self._tasks.setdefault(where, []).append(task)
        values = row.values
        tasks = self._tasks.get(
            (values["year"], cells.key(values["town"]), cells.key(values["community"])), []
        )
        task = tasks[0] if len(tasks) == 1 else None
        if len(tasks) > 1:
            problem("community", _ambiguous(_("社区"), values["community"]))
        elif task is None:
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
        if (
            task is not None
            and values.get("deadline")
            and values["deadline"] > task.campaign.last_day
        ):
            problem(
                "deadline",
                _(
                    "完成期限不能晚于本创建年度的最后一天（%(end)s），否则不计入本年度考核；跨年的工作请列入下一年度。"
                )
                % {"end": task.campaign.last_day.isoformat()},
            )
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


def _names(text: str) -> list[str]:
    """A list typed with 、 or commas (full-width or not), each name as it looks."""
    return [name for name in cells.key(text).replace(",", "、").split("、") if name.strip()]


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
    # A standard is worth at most the whole track: a rule of the catalogue, not of the column.
    MAX_POINTS = Decimal(100)

    def __init__(self, limits):
        super().__init__(limits)
        self.columns = [
            self.column("年度", "year", Campaign, width=8),
            self.column("编号", "code", Indicator, width=10),
            self.column("指标", "name", Indicator, width=40),
            self.column("工作领域", "work_area", Indicator, width=18),
            Column("适用类别", "tracks", self._tracks, width=22),
            self.column("计量方式", "measure", Indicator),
            self.column("对应社区资料", "fact", Indicator, required=False, width=26),
            self.column("达标值", "threshold", Indicator, required=False, width=10),
            self.column(
                "分值", "points", Indicator, width=8, what=_("分值"), maximum=self.MAX_POINTS
            ),
            self.column("关键指标", "is_critical", Indicator, width=10),
            Column("责任部门", "departments", self.text, required=False, width=24),
            self.column("佐证材料", "evidence_required", Indicator, required=False, width=30),
            self.column("排序", "sort_order", Indicator, required=False, width=8),
        ]
        self._campaigns = None
        self._codes = {}
        self._departments = _Departments()

    def _tracks(self, value) -> dict[str, bool]:
        names = _names(self.text(value))
        known = {cells.key(label): flag for label, flag in self.TRACKS.items()}
        if not names or any(name not in known for name in names):
            raise cells.CellError(
                _("应为%(tracks)s中的一个或几个，用顿号分隔。") % {"tracks": "、".join(self.TRACKS)}
            )
        chosen = {known[name] for name in names}
        return {flag: flag in chosen for flag in self.TRACKS.values()}

    def key(self, values):
        return (values["year"], cells.key(values["code"]))

    def _code(self, campaign, code: str, problem) -> str:
        """The code of the standard this row means, as the catalogue in force spells it."""
        if campaign.pk not in self._codes:
            catalogue = catalogue_current(campaign=campaign)
            self._codes[campaign.pk] = (
                _index(catalogue.indicators.all(), "code") if catalogue else {}
            )
        existing = self._codes[campaign.pk].get(cells.key(code), [])
        if len(existing) > 1:
            problem("code", _ambiguous(_("指标编号"), code))
        return existing[0].code if len(existing) == 1 else code

    def resolve(self, row, problem):
        if self._campaigns is None:
            self._campaigns = {c.year: c for c in Campaign.objects.all()}
        values = row.values
        values["campaign"] = self._campaigns.get(values["year"])
        if values["campaign"] is None:
            problem(
                "year",
                _("没有%(year)s年度的创建工作，请先在系统管理中添加。") % {"year": values["year"]},
            )
        else:
            values["code"] = self._code(values["campaign"], values["code"], problem)
        if values["measure"] != Measure.YES_NO:
            if values["threshold"] is None:
                problem("threshold", _("数值类指标须填写达标值。"))
            if not values["fact"]:
                problem("fact", _("数值类指标须填写对应社区资料。"))
        names = _names(values["departments"] or "")
        departments = [self._departments.get(name) for name in names]
        unknown = [name for name, found in zip(names, departments, strict=True) if found is None]
        if unknown:
            problem("departments", _("部门“%(name)s”不存在。") % {"name": "、".join(unknown)})
        values["departments"] = sorted({d.pk for d in departments if d is not None})
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


def sheet_imports(limits: Limits | None = None) -> list[SheetImport]:
    """The sheets a workbook may hold, in the order they are written."""
    limits = limits or Limits.from_settings()
    return [CommunitySheet(limits), AssignmentSheet(limits), CatalogueSheet(limits)]


class _Unreadable(Exception):
    """openpyxl failed on a row the package check let through."""

    def __init__(self, row: int):
        self.row = row


def _rows(worksheet):
    """The sheet's rows, every one the file has (not only its declared range), each as values."""
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - openpyxl's parse of a damaged part
            logger.warning("workbook import: row %s unreadable: %r", number + 1, error)
            raise _Unreadable(number + 1) from None
        number += 1
        yield row


def _read_sheet(worksheet, spec: SheetImport, add: Callable[[Problem], None]) -> list[Row]:
    def problem(row, column, message):
        add(Problem(spec.title, row, column, message))

    rows_iter = _rows(worksheet)
    header = next(rows_iter, None) or ()
    positions = {}
    header_ok = True
    for index, value in enumerate(header):
        if cells.is_blank(value):
            continue
        name = cells.clean(value)
        known = next((c for c in spec.columns if cells.key(c.header) == cells.key(name)), None)
        if known is None:
            problem(
                1, get_column_letter(index + 1), _("无法识别的列标题“%(name)s”。") % {"name": name}
            )
            header_ok = False
        elif known.key in positions:
            problem(1, get_column_letter(index + 1), _("列标题“%(name)s”重复。") % {"name": name})
            header_ok = False
        else:
            positions[known.key] = index
    for column in spec.columns:
        if column.key not in positions and column.required:
            problem(1, None, _("缺少必需的列“%(name)s”。") % {"name": column.header})
            header_ok = False
    if not header_ok:
        return []

    headed = set(positions.values())
    unheaded = set()
    rows, seen = [], {}
    for number, raw in enumerate(rows_iter, start=2):
        if number > spec.limits.rows + 1:
            problem(
                number, None, _("行数超过上限%(max)s行，请分批导入。") % {"max": spec.limits.rows}
            )
            break
        if all(cells.is_blank(v) for v in raw):
            continue
        for index, value in enumerate(raw):
            if index not in headed and index not in unheaded and not cells.is_blank(value):
                unheaded.add(index)
                problem(
                    number,
                    get_column_letter(index + 1),
                    _(
                        "这一列有内容，但第1行没有列标题，不会被导入。请补上列标题，"
                        "或删除这一列的内容后再导入。"
                    ),
                )
        values, ok = {}, True
        for column in spec.columns:
            index = positions.get(column.key)
            value = raw[index] if index is not None and index < len(raw) else None
            letter = get_column_letter(index + 1) if index is not None else None
            if cells.is_error_value(value):
                problem(
                    number,
                    letter,
                    _(
                        "“%(name)s”是 Excel 的错误值“%(value)s”（公式出错，例如 VLOOKUP 找不到、"
                        "引用的单元格已删除），不是数据。请改正公式或填入实际内容后再导入。"
                    )
                    % {"name": column.header, "value": cells.key(value).upper()},
                )
                ok = False
                continue
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


def _sheets_chosen(workbook, specs: dict[str, SheetImport], add) -> list:
    """The sheets to read, each once: visible, named exactly as a table, one per table."""
    views = list(workbook.views or [])
    if views and all(view.visibility != "visible" for view in views):
        add(
            Problem(
                None,
                None,
                None,
                _(
                    "整个工作簿的窗口被隐藏了，打开文件时什么也看不到。请在 Excel 或 WPS 中"
                    "选择“视图→取消隐藏”，核对内容并保存后再导入。"
                ),
            )
        )
    chosen, by_table = [], {}
    for worksheet in workbook.worksheets:
        title = worksheet.title
        spec = next((s for name, s in specs.items() if cells.key(name) == cells.key(title)), None)
        if spec is not None:
            by_table.setdefault(spec.title, []).append(title)
        if worksheet.sheet_state == "veryHidden":
            add(
                Problem(
                    title,
                    None,
                    None,
                    _(
                        "这个工作表被设为“深度隐藏”，在 Excel 或 WPS 中看不到，也不能直接取消隐藏，"
                        "所以不会导入。请把要导入的内容复制到一个新工作簿的可见工作表中，"
                        "再导入新工作簿。"
                    ),
                )
            )
        elif worksheet.sheet_state != "visible":
            add(
                Problem(
                    title,
                    None,
                    None,
                    _(
                        "这个工作表被隐藏了，打开文件时看不到，所以不会导入。请在工作表标签上"
                        "右键选择“取消隐藏”并核对内容，或删除这个工作表，然后再导入。"
                    ),
                )
            )
        elif spec is None:
            add(
                Problem(
                    title,
                    None,
                    None,
                    _("无法识别的工作表，应为：%(sheets)s。") % {"sheets": "、".join(specs)},
                )
            )
        elif title != spec.title:
            add(
                Problem(
                    title,
                    None,
                    None,
                    _(
                        "工作表名称与“%(table)s”只差空格或看不见的字符（%(junk)s），"
                        "请把工作表重命名为“%(table)s”后再导入。"
                    )
                    % {"table": spec.title, "junk": cells.junk(title) or "—"},
                )
            )
        else:
            chosen.append((spec, worksheet))
    for table, titles in by_table.items():
        if len(titles) > 1:
            add(
                Problem(
                    None,
                    None,
                    None,
                    _(
                        "有%(count)s个工作表都对应“%(table)s”表：%(titles)s。每张表只能有一个"
                        "工作表，请把内容合并到一个工作表，删除其余的后再导入。"
                    )
                    % {
                        "count": len(titles),
                        "table": table,
                        "titles": "、".join(f"“{title}”" for title in titles),
                    },
                )
            )
            chosen = [(spec, ws) for spec, ws in chosen if spec.title != table]
    return chosen


def workbook_import(*, file, dry_run: bool = False) -> ImportReport:
    """Validate the whole workbook, then write it in one transaction (or not at all)."""
    report = ImportReport()
    limits = Limits.from_settings()
    if not package_check(file, limits=limits, report=report.add):
        return report
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001 - openpyxl refusing what the checks let through
        logger.warning("workbook import: openpyxl could not open the file: %r", error)
        report.add(Problem(None, None, None, _("文件无法读取，可能已损坏。") + _resave()))
        return report
    specs = {spec.title: spec for spec in sheet_imports(limits)}
    found = []
    try:
        for spec, worksheet in _sheets_chosen(workbook, specs, report.add):
            try:
                found.append((spec, _read_sheet(worksheet, spec, report.add)))
            except _Unreadable as error:
                report.add(
                    Problem(
                        worksheet.title,
                        error.row,
                        None,
                        _("从这一行起内容无法读取，文件已损坏或被改动过。") + _resave(),
                    )
                )
    finally:
        workbook.close()
    if not found and report.ok:
        report.add(
            Problem(
                None,
                None,
                None,
                _("工作簿中没有可导入的工作表（%(sheets)s）。") % {"sheets": "、".join(specs)},
            )
        )
    if not report.ok:
        return report
    with transaction.atomic():
        for spec, rows in found:
            report.counts[spec.title] = spec.save(rows)
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_template_build():
    """A blank workbook with every importable sheet's headers, for clerks to fill in."""

    limits = Limits.from_settings()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheet_imports(limits):
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
                validation.add(f"{letter}2:{letter}{limits.rows + 1}")
                sheet.add_data_validation(validation)
        sheet.row_dimensions[1].height = 32
        sheet.freeze_panes = "A2"
    return workbook
