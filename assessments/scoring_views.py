"""Pages for goal-management scores and progress circulars. Access is decided in the helpers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments.forms import AssistanceForm, CircularNarrativeForm, CircularStartForm
from assessments.models import CIRCULAR_MACHINE, Assistance, Circular, ScoringPeriod, WorkArea
from assessments.scoring import (
    DEPARTMENT_ITEMS,
    catalogue_in_force,
    circular_actions_for,
    circular_generate,
    circular_may_edit,
    circular_narrative_update,
    circular_transition,
    community_breakdown,
    department_breakdown,
    formula_text,
    period_freshness,
    period_items,
    period_items_total,
    scores_compute,
    scores_may_recount,
    weights_for,
)
from assessments.scoring_tables import CircularFilter, CircularTable, PeriodFilter, PeriodTable
from assessments.selectors import circulars_visible_to, scores_visible_to
from assessments.spreadsheets.assessment import assessment_workbook, circular_workbook_export
from spreadsheets.exports import XLSX, workbook_response
from supervision.listing import table_page
from supervision.models import Campaign, Community, Department, Role, Track
from supervision.roles import person_of
from supervision.transitions import Refused, open_refusal, permitted
from supervision.views import confirmation_page
from workflows.models import CreationTask


def _get_period_for_user(request, pk) -> tuple[ScoringPeriod, bool]:
    """The period if this user may see its scores, and whether they may recount it and draft
    a circular."""
    if not scores_visible_to(user=request.user):
        raise PermissionDenied(_("您没有查看考核得分的权限。"))
    period = get_object_or_404(ScoringPeriod.objects.select_related("campaign"), pk=pk)
    return period, scores_may_recount(by=request.user)


def _get_circular_for_user(request, pk) -> tuple[Circular, list[str], bool]:
    """The circular if this user may read it; the actions they may take; may they edit it."""
    circulars = circulars_visible_to(user=request.user)
    if circulars is None:
        raise PermissionDenied(_("您没有查看通报的权限。"))
    circular = get_object_or_404(Circular.objects.select_related("campaign", "period"), pk=pk)
    if not circulars.filter(pk=pk).exists():
        raise PermissionDenied(_("这份通报尚未发布。"))
    actions = circular_actions_for(circular=circular, by=request.user)
    return circular, actions, circular_may_edit(circular=circular, by=request.user)


@login_required
def period_list(request):
    if not scores_visible_to(user=request.user):
        raise PermissionDenied(_("您没有查看考核得分的权限。"))
    periods = ScoringPeriod.objects.all()
    campaign = Campaign.objects.active()
    if campaign:
        periods = periods.filter(campaign=campaign)
    filterset = PeriodFilter(request.GET, queryset=periods)
    return table_page(
        request,
        filterset=filterset,
        table=PeriodTable(filterset.qs),
        template="assessments/period_list.html",
        heading=_("目标管理考核"),
    )


@login_required
def period_detail(request, pk):
    period, can_draft = _get_period_for_user(request, pk)
    freshness = period_freshness(period=period)
    areas = WorkArea.choices
    scores = period.community_scores.select_related("community__town").order_by(
        "track", "rank", "community__name"
    )
    catalogue = catalogue_in_force(campaign=period.campaign, on=period.ends_on)
    tracks = []
    for value, label in Track.choices:
        rows = [
            {"score": s, "areas": [s.by_area.get(area, "") for area, _label in areas]}
            for s in scores
            if s.track == value
        ]
        # Each track is scored against its own standards: its maximum heads its table.
        maximum = catalogue.track_maximum(value) if catalogue else None
        tracks.append({"value": value, "label": label, "rows": rows, "maximum": maximum})
    context = {
        "period": period,
        "areas": [label for _value, label in areas],
        "tracks": tracks,
        "departments": period.department_scores.select_related("department").order_by(
            "rank", "department__sort_order"
        ),
        "formula": formula_text(weights=weights_for(campaign=period.campaign)),
        "can_draft": can_draft and not freshness["frozen"],
        "can_recount": can_draft,
        "freshness": freshness,
        "circulars": period.circulars.all(),
    }
    return render(request, "assessments/period_detail.html", context)


@login_required
def community_score(request, pk, community_pk):
    """How a community's score in the period was made, standard by standard."""
    period, _can_draft = _get_period_for_user(request, pk)
    community = get_object_or_404(Community.objects.select_related("town"), pk=community_pk)
    context = {
        "period": period,
        "community": community,
        "b": community_breakdown(period=period, community=community),
        "freshness": period_freshness(period=period),
    }
    return render(request, "assessments/community_score.html", context)


@login_required
def department_score(request, pk, department_pk):
    """How a department's score in the period was made, item by item."""
    period, _can_draft = _get_period_for_user(request, pk)
    department = get_object_or_404(Department, pk=department_pk)
    context = {
        "period": period,
        "department": department,
        "b": department_breakdown(period=period, department=department),
        "formula": formula_text(weights=weights_for(campaign=period.campaign)),
        "freshness": period_freshness(period=period),
    }
    return render(request, "assessments/department_score.html", context)


# The figures with a list behind them, and the heading of each list.
PERIOD_ITEMS = {
    "state": gettext_lazy("截至周期末处于该状态的社区"),
    "due": gettext_lazy("截至周期末到期的部门任务"),
    "on_time": gettext_lazy("按期验收的部门任务"),
    "returns": gettext_lazy("退回重办记录"),
    "late": gettext_lazy("逾期的部门任务"),
    "orders": gettext_lazy("下发的整改通知"),
    "closed": gettext_lazy("截至周期末已销号的整改通知"),
    "assistance": gettext_lazy("共驻共建帮扶记录"),
    "overdue_work": gettext_lazy("截至周期末逾期未验收的部门任务"),
    "overdue_orders": gettext_lazy("截至周期末逾期未销号的整改通知"),
}
PERIOD_ITEMS_PER_PAGE = 50


@login_required
def period_items_list(request, pk, what):
    """The rows one figure of the period page or of its circular counts, as of the period's end,
    with their total: 共 N 条 is the figure."""
    period, _can_draft = _get_period_for_user(request, pk)
    if what not in PERIOD_ITEMS:
        raise Http404
    department = community = None
    state = request.GET.get("state", "")
    if request.GET.get("department", "").isdigit():
        department = get_object_or_404(Department, pk=request.GET["department"])
    if request.GET.get("community", "").isdigit():
        community = get_object_or_404(Community, pk=request.GET["community"])
    if what == "state" and state not in CreationTask.State.values:
        raise Http404
    if what in DEPARTMENT_ITEMS and department is None:
        raise Http404
    rows = period_items(
        period=period, what=what, department=department, community=community, state=state
    )
    page = Paginator(rows, PERIOD_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    total = period_items_total(
        period=period, what=what, rows=page if what == "late" else rows, department=department
    )
    context = {
        "period": period,
        "what": what,
        "heading": PERIOD_ITEMS[what],
        "party": department or community,
        "state_label": dict(CreationTask.State.choices).get(state, ""),
        "page": page,
        "query": query.urlencode(),
        "late_days": total if what == "late" else None,
        "points": total if what == "assistance" else None,
    }
    return render(request, "assessments/period_items.html", context)


@login_required
def period_xlsx(request, pk):
    """The period's assessment workbook, for whoever may read its scores."""
    period, _can_draft = _get_period_for_user(request, pk)
    if period.computed_at is None:
        raise Http404(_("该考核周期尚未计分。"))
    return workbook_response(
        assessment_workbook(period=period),
        filename=_("%(label)s考核工作簿.xlsx") % {"label": period.label},
    )


@login_required
@require_POST
def period_recount(request, pk):
    """重新计分: the period's snapshot counted afresh from the data as it is now."""
    period, can_recount = _get_period_for_user(request, pk)
    if not can_recount:
        raise PermissionDenied(_("只有县领导或牵头部门可以重新计分。"))
    try:
        period = scores_compute(period=period)
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    else:
        messages.success(
            request,
            _("已重新计分，统计于%(at)s。")
            % {"at": date_format(timezone.localtime(period.computed_at), "Y-m-d H:i")},
        )
    return redirect("assessments:period_detail", pk=period.pk)


def _draft_for(request, period, back):
    unpublished = period.circulars.exclude(state=Circular.State.PUBLISHED).exists()
    try:
        circular = circular_generate(period=period, by=request.user)
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
        return redirect(back)
    if unpublished:
        messages.info(request, _("本期已有一份未发布的通报，已为您打开。"))
    else:
        messages.success(request, _("已重新计分并生成通报草稿，请补充文字后报送审批。"))
    return redirect("assessments:circular_detail", pk=circular.pk)


@login_required
@require_POST
def circular_new(request, pk):
    period, can_draft = _get_period_for_user(request, pk)
    if not can_draft:
        raise PermissionDenied(_("只有县领导或牵头部门可以起草通报。"))
    return _draft_for(request, period, reverse("assessments:period_detail", args=[period.pk]))


@login_required
def circular_start(request):
    """新建通报 from the circular list: choose the period, get its draft."""
    if not scores_may_recount(by=request.user):
        raise PermissionDenied(_("只有县领导或牵头部门可以起草通报。"))
    campaign = Campaign.objects.active()
    if campaign is None:
        raise Http404(_("没有当前创建年度。"))
    form = CircularStartForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        return _draft_for(
            request, form.cleaned_data["period"], reverse("assessments:circular_start")
        )
    return render(request, "assessments/circular_start.html", {"form": form})


@login_required
def circular_list(request):
    circulars = circulars_visible_to(user=request.user)
    if circulars is None:
        raise PermissionDenied(_("您没有查看通报的权限。"))
    periods = ScoringPeriod.objects.filter(circulars__in=circulars).distinct()
    filterset = CircularFilter(
        request.GET,
        queryset=circulars.select_related("period", "campaign"),
        periods=periods.order_by("ends_on", "kind"),
    )
    return table_page(
        request,
        filterset=filterset,
        table=CircularTable(filterset.qs),
        template="assessments/circular_list.html",
        heading=_("进展通报"),
        context={"can_start": scores_may_recount(by=request.user)},
    )


@login_required
def circular_detail(request, pk):
    circular, actions, can_edit = _get_circular_for_user(request, pk)
    context = {
        "circular": circular,
        "f": circular.figures,
        "actions": [(action, CIRCULAR_MACHINE.actions[action]) for action in actions],
        "reason_label": CIRCULAR_MACHINE.reason_label(actions),
        "refusal": (refusal := open_refusal(CIRCULAR_MACHINE, circular)),
        "refusal_label": CIRCULAR_MACHINE.actions[refusal.action] if refusal else "",
        "can_edit": can_edit,
        # Whoever may read the period's scores follows each figure to the list it counts.
        "figures_link": scores_visible_to(user=request.user),
        "stale": (stale := circular.is_stale()),
        # When the data last changed, said only when the figures are behind it.
        "changed_at": circular.period.data_changed_at() if stale else None,
        "history": circular.events.select_related("actor"),
    }
    return render(request, "assessments/circular_detail.html", context)


@login_required
def circular_print(request, pk):
    circular, _actions, _edit = _get_circular_for_user(request, pk)
    return render(
        request, "assessments/circular_print.html", {"circular": circular, "f": circular.figures}
    )


@login_required
def circular_edit(request, pk):
    circular, _actions, can_edit = _get_circular_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied(_("只有草稿状态的通报可以由县领导或牵头部门修改文字。"))
    form = CircularNarrativeForm(request.POST or None, instance=Circular.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        circular_narrative_update(
            circular=circular, by=request.user, **{k: form.cleaned_data[k] for k in form.fields}
        )
        messages.success(request, _("通报文字已保存。"))
        return redirect("assessments:circular_detail", pk=circular.pk)
    return render(request, "assessments/circular_edit.html", {"circular": circular, "form": form})


@login_required
@require_POST
def circular_action(request, pk):
    circular, _actions, _edit = _get_circular_for_user(request, pk)
    action = request.POST.get("action", "")
    if action not in CIRCULAR_MACHINE.actions:
        raise Http404(_("没有这个操作。"))
    if not permitted(CIRCULAR_MACHINE, circular, action, by=request.user):
        raise PermissionDenied(
            _("您没有权限%(action)s。") % {"action": CIRCULAR_MACHINE.actions[action]}
        )
    back = reverse("assessments:circular_detail", args=[circular.pk])
    page = confirmation_page(
        request, machine=CIRCULAR_MACHINE, instance=circular, action=action, back=back
    )
    if page is not None:
        return page
    try:
        circular_transition(
            circular=circular,
            action=action,
            by=request.user,
            comment=request.POST.get("comment", "").strip(),
        )
    except Refused as refused:
        messages.error(
            request, _("操作未完成：%(reasons)s") % {"reasons": "；".join(refused.reasons)}
        )
    else:
        messages.success(
            request,
            _("已%(action)s，当前状态：%(state)s。")
            % {"action": CIRCULAR_MACHINE.actions[action], "state": circular.get_state_display()},
        )
    return redirect("assessments:circular_detail", pk=circular.pk)


@login_required
def circular_xlsx(request, pk):
    circular, _actions, _edit = _get_circular_for_user(request, pk)
    content = circular_workbook_export(circular=circular)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{circular.title}{circular.serial_label}.xlsx"
    )
    return response


@login_required
def assistance_new(request):
    person = person_of(request.user)
    if not person.has(Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有牵头部门可以记录共驻共建帮扶。"))
    campaign = Campaign.objects.active()
    if campaign is None:
        raise Http404(_("没有当前创建年度。"))
    form = AssistanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assistance = form.save(commit=False)
        assistance.campaign = campaign
        assistance.recorded_by = request.user
        assistance.save()
        messages.success(request, _("帮扶记录已保存，下次计分时计入部门得分。"))
        return redirect("assessments:assistance_new")
    recent = Assistance.objects.filter(campaign=campaign).select_related("department", "community")[
        :20
    ]
    return render(request, "assessments/assistance_form.html", {"form": form, "recent": recent})
