"""Workbooks of the goal-management assessment: a period's assessment workbook and a circular's
Excel version. Both are built from stored figures (the period's snapshot, the circular's own
copy) and stream through SheetWriter in write-only mode.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Circular,
    Finding,
    Inspection,
    OrderEvent,
    RectificationOrder,
    ScoringPeriod,
    WorkArea,
)
from assessments.scoring import formula_text, task_state_then, weights_for
from spreadsheets.exports import Column, SheetWriter, workbook_bytes, workbook_new
from supervision.models import Track
from workflows.models import Assignment, AssignmentEvent, CreationTask


def assessment_heading(period: ScoringPeriod) -> str:
    """The title row of every sheet: county, campaign and period."""
    return " ".join(
        part for part in (settings.COUNTY_NAME, period.campaign.title, period.label) if part
    )


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _labels(choices) -> dict:
    """Choices translated once for the whole sheet, not once per row."""
    return {value: str(label) for value, label in choices}


def assessment_workbook(*, period: ScoringPeriod):
    """The assessment workbook of a period (write-only workbook, not yet saved).

    Sheets: 社区得分, 部门得分, 督查发现, 整改台账, 逾期任务, 计分说明. Scores come from the
    period's stored snapshot; findings, orders and assignments are read as of the period's end.
    """

    period = ScoringPeriod.objects.select_related("campaign").get(pk=period.pk)
    campaign, on, end = period.campaign, period.ends_on, _end_of(period.ends_on)
    heading = assessment_heading(period)
    workbook = workbook_new()

    # 社区得分: by work area, total, rank in its track, the task's state at the period's end.
    areas = WorkArea.choices
    # Each community's state joined to its row, so the sheet streams at any N.
    state_then = CreationTask.objects.filter(
        campaign=campaign, community=OuterRef("community")
    ).annotate(state_then=task_state_then(on=on))
    state_labels = _labels(CreationTask.State.choices)
    track_labels = _labels(Track.choices)
    yes_no = {True: _("是"), False: _("否")}
    SheetWriter(
        workbook,
        title=_("社区得分"),
        heading=heading,
        columns=[
            Column(_("创建类别")),
            Column(_("镇街")),
            Column(_("社区")),
            Column(_("创建状态")),
            *[Column(str(label), kind="decimal") for _value, label in areas],
            Column(_("总分"), kind="decimal"),
            Column(_("类别内排名"), kind="int"),
            Column(_("上期排名"), kind="int"),
            Column(_("名次变化"), kind="int"),
        ],
    ).write(
        [
            track_labels.get(score.track, score.track),
            score.community.town.name,
            score.community.name,
            state_labels.get(score.state_then, ""),
            *[
                Decimal(score.by_area[area]) if area in score.by_area else None
                for area, _label in areas
            ],
            score.total,
            score.rank,
            score.previous_rank,
            score.change,
        ]
        for score in period.community_scores.select_related("community__town")
        .annotate(state_then=Subquery(state_then.values("state_then")[:1]))
        .order_by("track", "rank", "community__name")
        .iterator(chunk_size=2000)
    )

    # 部门得分: every part the formula used, then the total.
    SheetWriter(
        workbook,
        title=_("部门得分"),
        heading=heading,
        columns=[
            Column(_("排名"), kind="int"),
            Column(_("部门"), width=24),
            Column(_("到期任务数"), kind="int", total=True),
            Column(_("按时完成数"), kind="int", total=True),
            Column(_("按时完成率"), kind="percent"),
            Column(_("退回次数"), kind="int", total=True),
            Column(_("逾期天数"), kind="int", total=True),
            Column(_("整改通知数"), kind="int", total=True),
            Column(_("已销号数"), kind="int", total=True),
            Column(_("整改销号率"), kind="percent"),
            Column(_("帮扶分值"), kind="decimal", total=True),
            Column(_("总分"), kind="decimal"),
            Column(_("上期排名"), kind="int"),
            Column(_("名次变化"), kind="int"),
        ],
    ).write(
        [
            score.rank,
            score.department.name,
            score.assignments_due,
            score.on_time,
            score.on_time_rate,
            score.returns,
            score.overdue_days,
            score.orders_issued,
            score.orders_closed,
            score.closure_rate,
            score.assistance_points,
            score.total,
            score.previous_rank,
            score.change,
        ]
        for score in period.department_scores.select_related("department").order_by(
            "rank", "department__sort_order"
        )
    )

    # 督查发现: every finding of the inspections made within the period.
    kinds = _labels(Inspection.Kind.choices)
    area_labels = _labels(areas)
    SheetWriter(
        workbook,
        title=_("督查发现"),
        heading=heading,
        columns=[
            Column(_("督查日期"), kind="date"),
            Column(_("督查类型")),
            Column(_("社区")),
            Column(_("指标编号")),
            Column(_("指标"), width=40),
            Column(_("工作领域")),
            Column(_("实测值"), kind="decimal"),
            Column(_("达标")),
            Column(_("得分"), kind="decimal", total=True),
            Column(_("备注"), width=40),
        ],
    ).write(
        [
            inspected_on,
            kinds.get(kind, kind),
            community,
            code,
            name,
            area_labels.get(area, area),
            measured,
            yes_no[met],
            points,
            remarks,
        ]
        for inspected_on, kind, community, code, name, area, measured, met, points, remarks in (
            Finding.objects.filter(
                inspection__campaign=campaign,
                inspection__inspected_on__gte=period.starts_on,
                inspection__inspected_on__lte=on,
            )
            .order_by("inspection__inspected_on", "inspection__community__name", "indicator__code")
            .values_list(
                "inspection__inspected_on",
                "inspection__kind",
                "inspection__community__name",
                "indicator__code",
                "indicator__name",
                "indicator__work_area",
                "measured_value",
                "met",
                "points_awarded",
                "remarks",
            )
            .iterator(chunk_size=2000)
        )
    )

    # 整改台账: every order issued by the period's end, with its state at the period's end.
    order_states = _labels(RectificationOrder.State.choices)
    order_state_then = OrderEvent.objects.filter(order=OuterRef("pk"), at__lte=end).order_by(
        "-at", "-id"
    )
    SheetWriter(
        workbook,
        title=_("整改台账"),
        heading=heading,
        columns=[
            Column(_("下发时间"), kind="datetime"),
            Column(_("社区")),
            Column(_("指标编号")),
            Column(_("指标"), width=30),
            Column(_("整改要求"), width=40),
            Column(_("责任单位"), width=20),
            Column(_("关键指标")),
            Column(_("整改期限"), kind="date"),
            Column(_("状态")),
            Column(_("销号时间"), kind="datetime"),
            Column(_("逾期天数"), kind="int", total=True),
        ],
    ).write(
        [
            issued_at,
            community,
            code,
            name,
            requirement,
            party,
            yes_no[critical],
            deadline,
            order_states[
                RectificationOrder.State.VERIFIED
                if closed
                else (state or RectificationOrder.State.ISSUED)
            ],
            verified_at if closed else None,
            0 if closed or deadline >= on else (on - deadline).days,
        ]
        for (
            issued_at,
            community,
            code,
            name,
            requirement,
            party,
            critical,
            deadline,
            state,
            verified_at,
            closed,
        ) in (
            RectificationOrder.objects.filter(
                finding__inspection__campaign=campaign, issued_at__lte=end
            )
            .annotate(
                party=Coalesce("responsible_department__name", "responsible_community__name"),
                closed=Q(state=RectificationOrder.State.VERIFIED, verified_at__lte=end),
                state_then=Subquery(order_state_then.values("target")[:1]),
            )
            .order_by("issued_at", "pk")
            .values_list(
                "issued_at",
                "finding__inspection__community__name",
                "finding__indicator__code",
                "finding__indicator__name",
                "requirement",
                "party",
                "is_critical",
                "deadline",
                "state_then",
                "verified_at",
                "closed",
            )
            .iterator(chunk_size=2000)
        )
    )

    # 逾期任务: assignments past their deadline and not accepted by the period's end.
    accepted = AssignmentEvent.objects.filter(
        assignment=OuterRef("pk"), target=Assignment.State.ACCEPTED, at__lte=end
    )
    last_state = AssignmentEvent.objects.filter(assignment=OuterRef("pk"), at__lte=end).order_by(
        "-at", "-id"
    )
    assignment_states = _labels(Assignment.State.choices)
    area_names = _labels(Assignment._meta.get_field("area").choices)
    SheetWriter(
        workbook,
        title=_("逾期任务"),
        heading=heading,
        columns=[
            Column(_("部门"), width=24),
            Column(_("社区")),
            Column(_("职责事项")),
            Column(_("任务内容"), width=40),
            Column(_("完成期限"), kind="date"),
            Column(_("状态")),
            Column(_("逾期天数"), kind="int", total=True),
        ],
    ).write(
        [
            department,
            community,
            area_names.get(area, area),
            owed,
            deadline,
            assignment_states.get(state or Assignment.State.ASSIGNED, state),
            (on - deadline).days,
        ]
        for department, community, area, owed, deadline, state in (
            Assignment.objects.filter(task__campaign=campaign, deadline__lt=on)
            .filter(~Exists(accepted))
            .annotate(state_then=Subquery(last_state.values("target")[:1]))
            .order_by("department__sort_order", "deadline", "task__community__name", "pk")
            .values_list(
                "department__name",
                "task__community__name",
                "area",
                "owed",
                "deadline",
                "state_then",
            )
            .iterator(chunk_size=2000)
        )
    )

    # 计分说明: how the figures above were reached.
    SheetWriter(
        workbook,
        title=_("计分说明"),
        heading=heading,
        columns=[Column(_("项目"), width=16), Column(_("说明"), width=100)],
    ).write(
        [
            [_("考核区间"), f"{period.starts_on:%Y-%m-%d} — {period.ends_on:%Y-%m-%d}"],
            [
                _("计分时间"),
                timezone.localtime(period.computed_at).strftime("%Y-%m-%d %H:%M")
                if period.computed_at
                else _("尚未计分"),
            ],
            [
                _("社区得分"),
                _(
                    "社区得分：截至周期末，每个社区每项指标取最近一次督查的结果，"
                    "按当时施行的创建标准版本计入达标指标的分值。"
                ),
            ],
            [_("部门得分"), formula_text(weights=weights_for(campaign=campaign))],
        ]
    )
    return workbook


def assessment_workbook_write(*, period: ScoringPeriod, destination: str | Path | BinaryIO):
    """Save the period's assessment workbook to a path or a binary file."""
    assessment_workbook(period=period).save(destination)


def circular_workbook_export(*, circular: Circular) -> bytes:
    """The circular's Excel version: one sheet per table, all from its own figures."""
    f = circular.figures
    heading = f"{circular.title} {circular.serial_label}".strip()
    workbook = workbook_new()
    SheetWriter(
        workbook,
        title=_("总体情况"),
        heading=heading,
        columns=[Column(_("项目"), width=30), Column(_("数量"), kind="int", total=False)],
    ).write(
        [[s["label"], s["count"]] for s in f["states"]]
        + [
            [_("社区总数"), f["communities_total"]],
            [_("本期达标社区数"), f["passed_this_period"]],
        ]
    )
    area_columns = [Column(area, kind="decimal") for area in f["areas"]]
    SheetWriter(
        workbook,
        title=_("社区得分"),
        heading=heading,
        columns=[
            Column(_("创建类别")),
            Column(_("社区")),
            Column(_("状态")),
            *area_columns,
            Column(_("总分"), kind="decimal"),
            Column(_("类别内排名"), kind="int"),
            Column(_("名次变化"), kind="int"),
        ],
    ).write(
        [
            c["track_label"],
            c["name"],
            c["state_label"],
            *[Decimal(c["by_area"][area]) if area in c["by_area"] else None for area in f["areas"]],
            Decimal(c["total"]),
            c["rank"],
            c["change"],
        ]
        for c in f["communities"]
    )
    SheetWriter(
        workbook,
        title=_("部门得分"),
        heading=heading,
        columns=[
            Column(_("部门"), width=20),
            Column(_("到期任务数"), kind="int"),
            Column(_("按时完成数"), kind="int"),
            Column(_("退回次数"), kind="int"),
            Column(_("逾期天数"), kind="int"),
            Column(_("整改通知数"), kind="int"),
            Column(_("已销号数"), kind="int"),
            Column(_("帮扶分值"), kind="decimal"),
            Column(_("总分"), kind="decimal"),
            Column(_("排名"), kind="int"),
            Column(_("名次变化"), kind="int"),
        ],
    ).write(
        [
            d["name"],
            d["assignments_due"],
            d["on_time"],
            d["returns"],
            d["overdue_days"],
            d["orders_issued"],
            d["orders_closed"],
            Decimal(d["assistance_points"]),
            Decimal(d["total"]),
            d["rank"],
            d["change"],
        ]
        for d in f["departments"]
    )
    SheetWriter(
        workbook,
        title=_("逾期未完成事项"),
        heading=heading,
        columns=[
            Column(_("责任单位"), width=24),
            Column(_("逾期部门任务"), kind="int", total=True),
            Column(_("逾期整改通知"), kind="int", total=True),
        ],
    ).write([r["name"], r["assignments"], r["orders"]] for r in f["red_list"])
    SheetWriter(
        workbook,
        title=_("督查发现问题"),
        heading=heading,
        columns=[
            Column(_("督查日期"), kind="date"),
            Column(_("督查类型")),
            Column(_("社区")),
            Column(_("指标编号")),
            Column(_("指标"), width=40),
            Column(_("备注"), width=40),
        ],
    ).write(
        [
            datetime.date.fromisoformat(p["inspected_on"]),
            p["kind"],
            p["community"],
            p["code"],
            p["indicator"],
            p["remarks"],
        ]
        for p in f["problems"]
    )
    return workbook_bytes(workbook)
