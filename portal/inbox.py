"""Each person's 待办: what waits for *them*, by kind, each item linking to where they act.

The sections come from the apps' selectors (`*_for(user=…)`), so the inbox, its count in the
top bar and the home pages agree; a person holding several roles gets every section of each.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.selectors import (
    circulars_to_decide_for,
    circulars_to_submit_for,
    inspections_due_for,
    orders_to_answer_for,
    orders_to_verify_for,
    standards_without_evidence_for,
)
from supervision.models import Campaign
from supervision.roles import person_of
from workflows.selectors import (
    distinctive_to_decide_for,
    extensions_refused_for,
    extensions_to_decide_for,
    overdue_to_remind_for,
    passes_refused_for,
    passes_to_decide_for,
    plans_to_decide_for,
    plans_to_submit_for,
    readiness_to_assess_for,
    reminders_for,
    track_plans_returned_for,
    track_plans_to_decide_for,
    work_to_accept_for,
    work_to_do_for,
)

# A section names at most this many items and counts the rest.
SHOWN = 20


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    detail: str = ""
    # The row's id, for a section whose items can be done many at once.
    pk: int | None = None
    # A refusal's reason, for whoever must act on it, and what to call it.
    reason: str = ""
    reason_label: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    bulk: tuple[str, str] | None = None


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    rows: Callable  # (user, campaign) -> queryset
    item: Callable  # row -> Item
    related: tuple = ()
    # (URL name, button) of the action taken on the items ticked, when there is one.
    bulk: tuple[str, str] | None = None


def _task_url(task) -> str:
    return reverse("workflows:task_detail", args=[task.pk])


def _task(detail: str = "", reason: str = "", reason_label: str = "") -> Callable:
    def item(task) -> Item:
        return Item(
            title=f"{task.community.town.name}{task.community.name}",
            url=_task_url(task),
            detail=detail or task.get_state_display(),
            reason=getattr(task, reason, "") if reason else "",
            reason_label=reason_label,
        )

    return item


def _work(detail: Callable | None = None) -> Callable:
    def item(work) -> Item:
        return Item(
            title=f"{work.task.community.name} · {work.department.short_name} · {work.owed}",
            url=reverse("workflows:assignment_detail", args=[work.pk]),
            detail=detail(work) if detail else work.get_state_display(),
            pk=work.pk,
            reason=getattr(work, "returned_reason", "") or ""
            if work.state == work.State.RETURNED
            else "",
        )

    return item


def _overdue(work) -> str:
    days = (timezone.localdate() - work.deadline).days
    return _("逾期%(days)s天") % {"days": days}


def _extension(extension) -> Item:
    work = extension.assignment
    return Item(
        title=f"{work.task.community.name} · {work.department.short_name} · {work.owed}",
        url=reverse("workflows:assignment_detail", args=[work.pk]) + "#extensions",
        detail=_("申请由 %(old)s 延至 %(new)s")
        % {
            "old": extension.previous_deadline.isoformat(),
            "new": extension.requested_deadline.isoformat(),
        },
        reason=extension.reason if extension.state == extension.State.PENDING else "",
        reason_label=_("延期理由"),
    )


def _extension_refused(extension) -> Item:
    work = extension.assignment
    return Item(
        title=f"{work.task.community.name} · {work.owed}",
        url=reverse("workflows:assignment_detail", args=[work.pk]) + "#extensions",
        detail=_("仍须在 %(day)s 前完成") % {"day": work.deadline.isoformat()},
        reason=getattr(extension, "refused_reason", "") or "",
        reason_label=_("未同意延期的理由"),
    )


def _circular(circular) -> Item:
    return Item(
        title=circular.title,
        url=reverse("assessments:circular_detail", args=[circular.pk]),
        detail=circular.get_state_display(),
        reason=getattr(circular, "returned_reason", "") or "",
    )


def _order(order) -> Item:
    return Item(
        title=f"{order.finding.inspection.community.name} · {order.finding.indicator.code} "
        f"{order.finding.indicator.name}",
        url=reverse("assessments:order_detail", args=[order.pk]),
        detail=_("整改期限 %(day)s") % {"day": order.deadline.isoformat()},
        reason=getattr(order, "reopened_reason", "") or ""
        if order.state == order.State.REOPENED
        else "",
    )


def _acceptance(task) -> Item:
    url = reverse("assessments:inspection_new", args=[task.community_id])
    return Item(
        title=f"{task.community.town.name}{task.community.name}",
        url=f"{url}?kind=acceptance",
        detail=_("牵头部门已准许先行验收，可录入验收")
        if getattr(task, "waived", False)
        else _("部门任务已全部验收，可录入验收"),
    )


def _track_plan(plan) -> Item:
    return Item(
        title=str(plan),
        url=reverse("track_plan"),
        detail=plan.get_state_display(),
        reason=getattr(plan, "returned_reason", "") or "",
    )


def _spot_check(drawn) -> Item:
    url = reverse("assessments:inspection_new", args=[drawn.community_id])
    return Item(
        title=f"{drawn.community.town.name}{drawn.community.name}",
        url=f"{url}?draw={drawn.spotcheckdraw_id}",
        detail=_("抽查抽签 %(day)s") % {"day": drawn.spotcheckdraw.drawn_at.date().isoformat()},
    )


def _reminder(reminder) -> Item:
    work = reminder.assignment
    return Item(
        title=f"{work.task.community.name} · {work.owed}",
        url=reverse("workflows:assignment_detail", args=[work.pk]),
        detail=reminder.message,
    )


def _standard(indicator) -> Item:
    return Item(
        title=f"{indicator.code} {indicator.name}",
        url=reverse("assessments:self_report"),
        detail=_("尚未上传佐证材料"),
    )


TASK = ("community__town",)
WORK = ("task__community", "department")
ORDER = ("finding__indicator", "finding__inspection__community")
KINDS = [
    # The leader's decisions.
    Kind(
        "plans_to_decide",
        gettext_lazy("创建计划待审批"),
        lambda user, campaign: plans_to_decide_for(user=user, campaign=campaign),
        _task(),
        TASK,
    ),
    Kind(
        "track_plans_to_decide",
        gettext_lazy("创建类别计划待审批"),
        lambda user, campaign: track_plans_to_decide_for(user=user, campaign=campaign),
        _track_plan,
        ("campaign",),
    ),
    Kind(
        "passes_to_decide",
        gettext_lazy("验收合格，待审批达标"),
        lambda user, campaign: passes_to_decide_for(user=user, campaign=campaign),
        _task(),
        TASK,
    ),
    Kind(
        "distinctive_to_decide",
        gettext_lazy("特色社区待认定"),
        lambda user, campaign: distinctive_to_decide_for(user=user, campaign=campaign),
        _task(),
        TASK,
    ),
    Kind(
        "circulars_to_decide",
        gettext_lazy("通报待审批或发布"),
        lambda user, campaign: circulars_to_decide_for(user=user),
        _circular,
    ),
    # The lead department's.
    Kind(
        "plans_to_submit",
        gettext_lazy("创建计划待报批"),
        lambda user, campaign: plans_to_submit_for(user=user, campaign=campaign),
        _task(reason="returned_reason"),
        TASK,
    ),
    Kind(
        "track_plans_returned",
        gettext_lazy("创建类别计划被退回，待修改后报批"),
        lambda user, campaign: track_plans_returned_for(user=user, campaign=campaign),
        _track_plan,
        ("campaign",),
    ),
    Kind(
        "readiness_to_assess",
        gettext_lazy("明年达标社区准备工作已办结，待作出准备评估"),
        lambda user, campaign: readiness_to_assess_for(user=user, campaign=campaign),
        _task(detail=gettext_lazy("各部门准备工作已全部验收，请评估是否具备明年创建条件")),
        TASK,
    ),
    Kind(
        "work_to_accept",
        gettext_lazy("部门任务待验收"),
        lambda user, campaign: work_to_accept_for(user=user),
        _work(),
        WORK,
        ("inbox_accept", gettext_lazy("验收所选")),
    ),
    Kind(
        "extensions_to_decide",
        gettext_lazy("延期申请待审批"),
        lambda user, campaign: extensions_to_decide_for(user=user),
        _extension,
        ("assignment__task__community", "assignment__department"),
    ),
    Kind(
        "circulars_to_submit",
        gettext_lazy("通报草稿待报送"),
        lambda user, campaign: circulars_to_submit_for(user=user),
        _circular,
    ),
    Kind(
        "overdue_to_remind",
        gettext_lazy("逾期未完成，今日尚未催办"),
        lambda user, campaign: overdue_to_remind_for(user=user),
        _work(_overdue),
        WORK,
        ("inbox_remind", gettext_lazy("催办所选")),
    ),
    # A department's.
    Kind(
        "work_to_do",
        gettext_lazy("本部门待办理的任务"),
        lambda user, campaign: work_to_do_for(user=user),
        _work(),
        WORK,
    ),
    Kind(
        "extensions_refused",
        gettext_lazy("延期申请未获同意"),
        lambda user, campaign: extensions_refused_for(user=user),
        _extension_refused,
        ("assignment__task__community",),
    ),
    Kind(
        "reminders",
        gettext_lazy("未读催办"),
        lambda user, campaign: reminders_for(user=user).filter(is_read=False),
        _reminder,
        ("assignment__task__community",),
    ),
    # A department's or a community's.
    Kind(
        "orders_to_answer",
        gettext_lazy("待反馈的整改通知"),
        lambda user, campaign: orders_to_answer_for(user=user),
        _order,
        ORDER,
    ),
    # A community's, the leader having said no.
    Kind(
        "passes_refused",
        gettext_lazy("县领导不予通过或不予认定，待整改"),
        lambda user, campaign: passes_refused_for(user=user, campaign=campaign),
        _task(reason="refused_reason", reason_label=gettext_lazy("县领导的理由")),
        TASK,
    ),
    # An inspector's.
    Kind(
        "acceptances_due",
        gettext_lazy("待录入验收"),
        lambda user, campaign: inspections_due_for(user=user, campaign=campaign)["acceptance"],
        _acceptance,
    ),
    Kind(
        "spot_checks_due",
        gettext_lazy("抽查待录入"),
        lambda user, campaign: inspections_due_for(user=user, campaign=campaign)["spot_checks"],
        _spot_check,
    ),
    Kind(
        "orders_to_verify",
        gettext_lazy("整改待核验"),
        lambda user, campaign: orders_to_verify_for(user=user),
        _order,
        ORDER,
    ),
    # A community's.
    Kind(
        "standards_without_evidence",
        gettext_lazy("本社区尚无佐证材料的创建标准"),
        lambda user, campaign: standards_without_evidence_for(user=user, campaign=campaign),
        _standard,
    ),
]


def _rows(user, campaign):
    if not person_of(user).roles:
        return []
    return [(kind, kind.rows(user, campaign)) for kind in KINDS]


def inbox_sections(*, user, campaign: Campaign | None = None) -> list[Section]:
    """Every kind of work waiting for `user`, with its count and its first items."""
    campaign = campaign or Campaign.objects.active()
    sections = []
    for kind, rows in _rows(user, campaign):
        count = rows.count()
        if not count:
            continue
        shown = rows.select_related(*kind.related) if kind.related else rows
        items = [kind.item(row) for row in shown[:SHOWN]]
        sections.append(Section(kind.key, kind.title, count, items, kind.bulk))
    return sections


def inbox_count(*, user, campaign: Campaign | None = None) -> int:
    """How much waits for `user` in all: the figure in the top bar."""
    campaign = campaign or Campaign.objects.active()
    return sum(rows.count() for _kind, rows in _rows(user, campaign))
