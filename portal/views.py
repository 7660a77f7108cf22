"""The portal's pages: each role's home, the cockpit, the community list, the workbook import.

They compose the apps below; nothing imports them but the project's URLconf, by string.
"""

import operator
from functools import reduce

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments.models import RectificationOrder
from assessments.selectors import (
    circulars_to_decide_for,
    inspections_due_for,
    orders_overdue_for,
    orders_to_verify_for,
)
from assessments.spreadsheets.imports import import_template_build, workbook_import
from portal.cockpit import cockpit_figures_cached
from portal.filters import CommunityFilter, TrackPlanFilter
from portal.inbox import SHOWN, inbox_sections
from portal.tables import CommunityTable, TrackPlanTable
from portal.tracks import track_balance, track_suggestions
from spreadsheets.exports import workbook_response
from supervision.listing import table_page
from supervision.models import Campaign, Community, CommunityTrack, Department, Role
from supervision.roles import person_of
from supervision.transitions import Refused, actions_for, open_refusal, permitted
from supervision.views import confirmation_page
from workflows.models import (
    LEAD_DEPARTMENT_PLANS_TRACKS,
    TRACK_PLAN_MACHINE,
    Assignment,
    CreationTask,
    Light,
)
from workflows.selectors import (
    distinctive_to_decide_for,
    overdue_to_remind_for,
    passes_to_decide_for,
    plans_to_decide_for,
    reminders_for,
    work_to_accept_for,
)
from workflows.services import (
    assignments_accept_all,
    reminders_send_all,
    track_plan_of,
    track_plan_transition,
    track_plan_version,
    tracks_set,
)

# A home page names at most this many items per card and counts the rest.
HOME_ROWS = 20


@login_required
def home(request):
    person = person_of(request.user)
    campaign = Campaign.objects.active()
    context = {"person": person, "campaign": campaign, "role": person.primary_role}
    if campaign and person.has(Role.LEADER, Role.LEAD_DEPARTMENT, Role.ADMINISTRATOR):
        by_track = dict(
            CommunityTrack.objects.filter(campaign=campaign)
            .values_list("track")
            .annotate(n=Count("id"))
            .values_list("track", "n")
        )
        context["track_counts"] = [
            (label, by_track.get(value, 0)) for value, label in CommunityTrack.track.field.choices
        ]
        context["cockpit"] = cockpit_figures_cached(campaign=campaign)
    if person.has(Role.LEAD_DEPARTMENT):
        context["departments"] = Department.objects.all()
    if person.community:
        context["community_track"] = (
            CommunityTrack.objects.filter(campaign=campaign, community=person.community).first()
            if campaign
            else None
        )
    context.update(_campaign_work(request.user, person, campaign))
    context.update(_orders_work(request.user, person))
    if campaign and person.has(Role.INSPECTOR):
        context.update(_inspection_work(request.user, campaign))
    return render(request, "portal/home.html", context)


def _counted(queryset) -> tuple[list, int]:
    """The first HOME_ROWS items and how many there are in all."""
    # Always counted, so the page costs the same queries however long the list is.
    return list(queryset[:HOME_ROWS]), queryset.count()


def _orders_work(user, person) -> dict:
    """Rectification orders: a unit's overdue ones, a community's open ones, an inspector's
    answered ones to verify."""
    context = {}
    if person.department:
        context["overdue_orders"], context["overdue_orders_count"] = _counted(
            orders_overdue_for(user=user)
        )
    elif person.community:
        open_orders = (
            RectificationOrder.objects.filter(responsible_community=person.community)
            .exclude(state=RectificationOrder.State.VERIFIED)
            .select_related(
                "finding__indicator", "finding__inspection__community", "responsible_community"
            )
            .order_by("deadline", "pk")
        )
        context["community_orders"], context["community_orders_count"] = _counted(open_orders)
        context["community_overdue_count"] = orders_overdue_for(user=user).count()
    if person.has(Role.INSPECTOR):
        context["orders_to_verify"], context["orders_to_verify_count"] = _counted(
            orders_to_verify_for(user=user)
        )
    return context


def _inspection_work(user, campaign) -> dict:
    due = inspections_due_for(user=user, campaign=campaign)
    acceptance, acceptance_count = _counted(due["acceptance"])
    spot_checks, spot_checks_count = _counted(due["spot_checks"])
    return {
        "acceptance_due": acceptance,
        "acceptance_due_count": acceptance_count,
        "spot_checks_due": spot_checks,
        "spot_checks_due_count": spot_checks_count,
    }


def _campaign_work(user, person, campaign) -> dict:
    """Each role's share of the campaign's work: lights, reminders, approvals, overdue work."""
    context = {}
    if person.has(Role.DEPARTMENT_STAFF) and person.department:
        mine = Assignment.objects.filter(department=person.department)
        if campaign:
            # This year's work, as the list it links to shows it.
            mine = mine.filter(task__campaign=campaign)
        by_light = mine.light_counts()
        context["my_lights"] = [(value, label, by_light[value]) for value, label in Light.choices]
        context["my_assignments"] = (
            mine.open().with_light().select_related("task__community").order_by("deadline", "pk")
        )[:HOME_ROWS]
        context["unread_reminders"] = list(
            reminders_for(user=user)
            .filter(is_read=False)
            .select_related("assignment__task__community", "sent_by")
            .order_by("-sent_at")[:HOME_ROWS]
        )
    if person.has(Role.LEADER) and campaign:
        # The leader's decisions, as the 待办 page counts them.
        decisions = (plans_to_decide_for, passes_to_decide_for, distinctive_to_decide_for)
        waiting = CreationTask.objects.filter(
            reduce(
                operator.or_,
                (Q(pk__in=d(user=user, campaign=campaign).values("pk")) for d in decisions),
            )
        )
        context["awaiting_approval"], context["awaiting_approval_count"] = _counted(
            waiting.select_related("community__town").order_by("state", "community__name")
        )
        context["circulars_waiting"] = list(
            circulars_to_decide_for(user=user)
            .filter(campaign=campaign)
            .select_related("period")
            .order_by("created_at", "pk")
        )
    if person.has(Role.LEAD_DEPARTMENT):
        context["overdue_assignments"] = (
            Assignment.objects.open()
            .filter(deadline__lt=timezone.localdate())
            .select_related("task__community", "department")
            .order_by("deadline")[:50]
        )
    return context


@login_required
def community_list(request):
    if not person_of(request.user).is_overseer:
        raise PermissionDenied(_("您没有查看社区一览的权限。"))
    campaign = Campaign.objects.active()
    track = CommunityTrack.objects.filter(campaign=campaign, community=OuterRef("pk"))
    task = CreationTask.objects.filter(campaign=campaign, community=OuterRef("pk"))
    rows = Community.objects.select_related("town").annotate(
        track_value=Subquery(track.values("track")[:1]),
        task_state=Subquery(task.values("state")[:1]),
        task_id=Subquery(task.values("pk")[:1]),
    )
    filterset = CommunityFilter(request.GET, queryset=rows)
    return table_page(
        request,
        filterset=filterset,
        table=CommunityTable(filterset.qs),
        template="portal/community_list.html",
        heading=_("社区一览"),
    )


def _require_importer(request):
    if not person_of(request.user).has(Role.ADMINISTRATOR, Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有系统管理员或牵头部门可以导入数据。"))


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 工作簿（.xlsx）"))
    dry_run = forms.BooleanField(label=gettext_lazy("只校验，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("请上传 .xlsx 格式的工作簿（可用 Excel 或 WPS 另存为 .xlsx）。")
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件过大：不能超过 %(mb)s MB。")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


@login_required
def workbook_import_page(request):
    _require_importer(request)
    report = None
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = workbook_import(
            file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok:
            prefix = _("（仅校验，未写入）") if form.cleaned_data["dry_run"] else ""
            messages.success(request, prefix + report.summary())
        else:
            messages.error(request, report.summary())
    return render(request, "portal/workbook_import.html", {"form": form, "report": report})


@login_required
def import_template_download(request):
    _require_importer(request)
    return workbook_response(import_template_build(), filename=_("导入模板.xlsx"))


@login_required
def inbox(request):
    """待办: what waits for this person, by kind."""
    sections = inbox_sections(user=request.user)
    # The top bar shows the same total: counted once, here, not again by the context processor.
    context = {
        "sections": sections,
        "shown": SHOWN,
        "inbox_count": sum(section.count for section in sections),
    }
    return render(request, "portal/inbox.html", context)


def _ticked(request, rows):
    """The rows of `rows` the person ticked on the inbox (ids it may not act on drop out)."""
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    return list(rows.filter(pk__in=ids).select_related("task__community", "department"))


@login_required
@require_POST
def inbox_accept(request):
    """验收所选: the ticked submitted work, after a second step that says what happens."""
    if not person_of(request.user).has(Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有牵头部门可以验收部门任务。"))
    chosen = _ticked(request, work_to_accept_for(user=request.user))
    if not chosen:
        messages.error(request, _("请先勾选要验收的部门任务。"))
        return redirect("inbox")
    if request.POST.get("confirmed") != "1":
        return render(request, "portal/inbox_confirm.html", {"chosen": chosen})
    try:
        done = assignments_accept_all(assignments=chosen, by=request.user)
    except Refused as refused:
        messages.error(
            request,
            _("一项也没有验收：%(reasons)s") % {"reasons": "；".join(refused.reasons)},
        )
    else:
        messages.success(request, _("已验收通过 %(n)s 项部门任务。") % {"n": done})
    return redirect("inbox")


@login_required
@require_POST
def inbox_remind(request):
    """催办所选: remind the ticked overdue work, each at most once a day."""
    if not person_of(request.user).has(Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有牵头部门可以催办。"))
    chosen = _ticked(request, overdue_to_remind_for(user=request.user))
    if not chosen:
        messages.error(request, _("请先勾选要催办的部门任务。"))
        return redirect("inbox")
    sent, skipped = reminders_send_all(assignments=chosen, by=request.user)
    message = _("已催办 %(n)s 项。") % {"n": sent}
    if skipped:
        message += _("另有 %(n)s 项今天已催办过。") % {"n": skipped}
    messages.success(request, message)
    return redirect("inbox")


# The year's track plan ---------------------------------------------------------------------


def _track_plan_for_user(request):
    """The active campaign's track plan, for the overseers who may read it, and what this
    person may do with it."""
    if not person_of(request.user).is_overseer:
        raise PermissionDenied(_("您没有查看创建类别计划的权限。"))
    campaign = Campaign.objects.active()
    if campaign is None:
        raise Http404(_("当前没有创建年度。"))
    plan = track_plan_of(campaign=campaign)
    actions = actions_for(TRACK_PLAN_MACHINE, plan, by=request.user)
    editable = plan.is_open and LEAD_DEPARTMENT_PLANS_TRACKS(plan, request.user)
    return campaign, plan, actions, editable


def _track_rows(campaign):
    track = CommunityTrack.objects.filter(campaign=campaign, community=OuterRef("pk"))
    return (
        Community.objects.select_related("town")
        .annotate(track_value=Subquery(track.values("track")[:1]))
        .order_by("town__name", "name", "pk")
    )


@login_required
def track_plan(request):
    campaign, plan, actions, editable = _track_plan_for_user(request)
    filterset = TrackPlanFilter(request.GET, queryset=_track_rows(campaign))
    total, balance = track_balance(campaign=campaign)
    table = TrackPlanTable(
        filterset.qs,
        suggest=lambda records: track_suggestions(campaign=campaign, communities=records),
        editable=editable,
    )
    return table_page(
        request,
        filterset=filterset,
        table=table,
        template="portal/track_plan.html",
        heading=_("创建类别计划"),
        context={
            "campaign": campaign,
            "plan": plan,
            "total": total,
            "balance": balance,
            "editable": editable,
            "actions": [(action, TRACK_PLAN_MACHINE.actions[action]) for action in actions],
            "reason_label": TRACK_PLAN_MACHINE.reason_label(actions),
            "refusal": (refusal := open_refusal(TRACK_PLAN_MACHINE, plan) if plan.pk else None),
            "refusal_label": TRACK_PLAN_MACHINE.actions[refusal.action] if refusal else "",
            "history": plan.history.select_related("actor") if plan.pk else [],
            "query": request.GET.urlencode(),
            "seen": track_plan_version(plan),
        },
    )


def _back_to_plan(request):
    # Back to the page and filters the clerk was on: a querystring after our own path.
    query = request.POST.get("query", "")
    url = reverse("track_plan")
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
def track_plan_save(request):
    campaign, plan, _actions, _editable = _track_plan_for_user(request)
    if not LEAD_DEPARTMENT_PLANS_TRACKS(plan, request.user):
        raise PermissionDenied(LEAD_DEPARTMENT_PLANS_TRACKS.message)
    tracks = {}
    for key, value in request.POST.items():
        pk = key.removeprefix("track-")
        if key.startswith("track-") and pk.isdigit() and value:
            tracks[int(pk)] = value
    try:
        changed = tracks_set(campaign=campaign, tracks=tracks, by=request.user)
    except Refused as refused:
        messages.error(request, "；".join(refused.reasons))
    else:
        messages.success(request, _("已保存：%(n)s个社区的创建类别有变动。") % {"n": changed})
    return _back_to_plan(request)


@login_required
@require_POST
def track_plan_action(request):
    campaign, plan, _actions, _editable = _track_plan_for_user(request)
    action = request.POST.get("action", "")
    if action not in TRACK_PLAN_MACHINE.actions:
        raise Http404(_("没有这个操作。"))
    if not permitted(TRACK_PLAN_MACHINE, plan, action, by=request.user):
        raise PermissionDenied(
            _("您没有权限%(action)s。") % {"action": TRACK_PLAN_MACHINE.actions[action]}
        )
    if plan.pk:
        page = confirmation_page(
            request,
            machine=TRACK_PLAN_MACHINE,
            instance=plan,
            action=action,
            back=reverse("track_plan"),
        )
        if page is not None:
            return page
    comment = request.POST.get("comment", "").strip()
    try:
        plan = track_plan_transition(
            campaign=campaign,
            action=action,
            by=request.user,
            comment=comment,
            seen=request.POST.get("seen"),
        )
    except Refused as refused:
        messages.error(
            request, _("操作未完成：%(reasons)s") % {"reasons": "；".join(refused.reasons)}
        )
    else:
        messages.success(
            request,
            _("已%(action)s，当前状态：%(state)s。")
            % {"action": TRACK_PLAN_MACHINE.actions[action], "state": plan.get_state_display()},
        )
    return _back_to_plan(request)
