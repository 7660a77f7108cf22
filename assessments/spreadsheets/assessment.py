"""Workbooks of the goal-management assessment: a period's assessment workbook and a circular's
Excel version. Both are built from stored figures (the period's snapshot, the circular's own
copy) and stream through SheetWriter in write-only mode.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.models import Circular
from assessments.spreadsheets.exports import Column, SheetWriter, workbook_bytes, workbook_new


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
        title=_("红榜"),
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
