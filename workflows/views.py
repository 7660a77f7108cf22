"""Pages for creation tasks and departments' assignments. Access is decided in the helpers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.listing import table_page
from supervision.models import Campaign, CommunityTrack, Evidence, Role, Track
from supervision.roles import person_of
from supervision.transitions import Refused, actions_for, open_refusal, permitted
from supervision.views import confirmation_page, evidence_response
from workflows.filters import AssignmentFilter, TaskFilter
from workflows.flows import open_flow_tasks, user_may_take
from workflows.forms import ExtensionRequestForm, ProgressReportForm, TransitionForm
from workflows.models import (
    ASSIGNED_DEPARTMENT_ONLY,
    ASSIGNMENT_MACHINE,
    EXTENSION_MACHINE,
    TASK_MACHINE,
    Assignment,
    CreationTask,
    ExtensionRequest,
    Reminder,
)
from workflows.selectors import assignments_visible_to, reminders_for, tasks_visible_to
from workflows.services import (
    assignment_transition,
    extension_decide,
    extension_may_request,
    extension_request,
    progress_report_create,
    reminder_send,
    task_actions_for,
    task_transition,
)
from workflows.tables import AssignmentTable, TaskTable

# Entered on the inspection form (assessments), not by a button here.
HTTP_TASK_ACTIONS = [action for action in TASK_MACHINE.actions if action != "record_inspection"]


def _get_task_for_user(request, pk) -> tuple[CreationTask, list[str]]:
    """The task if this user may see it, and the actions they may take on it now."""
    tasks = tasks_visible_to(user=request.user)
    if tasks is None:
        raise PermissionDenied(_("您没有查看创建任务的权限。"))
    rows = CreationTask.objects.with_light().select_related("community__town", "campaign")
    task = get_object_or_404(rows, pk=pk)
    if not tasks.filter(pk=pk).exists():
        raise PermissionDenied(_("您没有查看这项创建任务的权限。"))
    actions = [a for a in task_actions_for(task=task, by=request.user) if a in HTTP_TASK_ACTIONS]
    return task, actions


def _get_assignment_for_user(request, pk) -> tuple[Assignment, list[str], bool, bool]:
    """The assignment if this user may see it; their actions; may they report; may they remind."""
    person = person_of(request.user)
    assignments = assignments_visible_to(user=request.user)
    if assignments is None:
        raise PermissionDenied(_("您没有查看部门任务的权限。"))
    rows = Assignment.objects.with_light().select_related(
        "task__community", "task__campaign", "department"
    )
    assignment = get_object_or_404(rows, pk=pk)
    if not assignments.filter(pk=pk).exists():
        raise PermissionDenied(_("这项部门任务不属于您的部门。"))
    own_department = (
        person.has(Role.DEPARTMENT_STAFF)
        and person.department is not None
        and person.department.pk == assignment.department_id
    )
    can_report = (
        own_department
        and assignment.state not in (Assignment.State.SUBMITTED, Assignment.State.ACCEPTED)
        and assignment.task.state
        in (CreationTask.State.UNDER_CONSTRUCTION, CreationTask.State.RECTIFYING)
    )
    can_remind = person.has(Role.LEAD_DEPARTMENT) and bool(assignment.light)
    actions = actions_for(ASSIGNMENT_MACHINE, assignment, by=request.user)
    return assignment, actions, can_report, can_remind


def _task_rows(tasks):
    track = (
        CommunityTrack.objects.filter(
            campaign=OuterRef("campaign"), community=OuterRef("community")
        )
        .order_by()
        .values("track")[:1]
    )
    campaign = Campaign.objects.active()
    if campaign:
        # The list is this year's work; last year's tasks stay open by their own pages.
        tasks = tasks.filter(campaign=campaign)
    return (
        tasks.with_light()
        .annotate(track_value=Subquery(track))
        .select_related("community__town", "campaign")
        # By town and name, as the county lists its communities: the indexes walk it in
        # order and stop at a page (the model's order joins every campaign row to sort it).
        .order_by("community__town__name", "community__name", "campaign__year", "pk")
    )


@login_required
def task_list(request):
    tasks = tasks_visible_to(user=request.user)
    if tasks is None:
        raise PermissionDenied(_("您没有查看创建任务的权限。"))
    filterset = TaskFilter(request.GET, queryset=_task_rows(tasks))
    return table_page(
        request,
        filterset=filterset,
        table=TaskTable(filterset.qs),
        template="workflows/task_list.html",
        heading=_("创建任务"),
    )


@login_required
def task_detail(request, pk):
    task, actions = _get_task_for_user(request, pk)
    building = task.state == CreationTask.State.UNDER_CONSTRUCTION
    context = {
        "flow_steps": [
            step
            for step in open_flow_tasks(task=task)
            if user_may_take(user=request.user, flow_task=step)
        ],
        "task": task,
        "refusal": (refusal := open_refusal(TASK_MACHINE, task)),
        "refusal_label": TASK_MACHINE.actions[refusal.action] if refusal else "",
        "reason_label": TASK_MACHINE.reason_label(actions),
        "actions": [(action, TASK_MACHINE.actions[action]) for action in actions],
        "assignments": task.assignments.with_light().select_related("department"),
        "history": task.history.select_related("actor"),
        "track_label": Track(track).label if (track := task.track) else "",
        "awaiting_inspection": building and track != Track.PREPARE,
        "awaiting_readiness": building and track == Track.PREPARE,
        "sees_all_assignments": person_of(request.user).is_overseer,
    }
    return render(request, "workflows/task_detail.html", context)


def _refused(request, refused: Refused):
    messages.error(request, _("操作未完成：%(reasons)s") % {"reasons": "；".join(refused.reasons)})


@login_required
@require_POST
def task_action(request, pk):
    task, _actions = _get_task_for_user(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in HTTP_TASK_ACTIONS:
        raise Http404(_("没有这个操作。"))
    action = form.cleaned_data["action"]
    if not permitted(TASK_MACHINE, task, action, by=request.user):
        raise PermissionDenied(
            _("您没有权限%(action)s。") % {"action": TASK_MACHINE.actions[action]}
        )
    back = reverse("workflows:task_detail", args=[task.pk])
    page = confirmation_page(request, machine=TASK_MACHINE, instance=task, action=action, back=back)
    if page is not None:
        return page
    try:
        task_transition(
            task=task, action=action, by=request.user, comment=form.cleaned_data["comment"]
        )
    except Refused as refused:
        _refused(request, refused)
    else:
        messages.success(
            request,
            _("已%(action)s，当前状态：%(state)s。")
            % {"action": TASK_MACHINE.actions[action], "state": task.get_state_display()},
        )
    return redirect("workflows:task_detail", pk=task.pk)


@login_required
def assignment_list(request):
    person = person_of(request.user)
    assignments = assignments_visible_to(user=request.user)
    if assignments is None:
        raise PermissionDenied(_("您没有查看部门任务的权限。"))
    campaign = Campaign.objects.active()
    if campaign:
        # This year's work, as the cockpit and the home pages count it.
        assignments = assignments.filter(task__campaign=campaign)
    rows = (
        assignments.with_light()
        .select_related("task__community", "department")
        # Soonest deadline first; by (department,) deadline and id an index walks it in order.
        .order_by("deadline", "pk")
    )
    filterset = AssignmentFilter(request.GET, queryset=rows)
    department = None if person.is_overseer else person.department
    if department:
        # A department sees only its own work: choosing another one would show nothing.
        filterset.filters.pop("department")
    return table_page(
        request,
        filterset=filterset,
        table=AssignmentTable(filterset.qs),
        template="workflows/assignment_list.html",
        heading=_("部门任务"),
        context={"department": department},
    )


def _assignment_page(
    request,
    assignment,
    actions,
    can_report,
    can_remind,
    form=None,
    status=200,
    extension_form=None,
):
    files = Evidence.objects.order_by("id")
    extensions = list(
        assignment.extensions.select_related("requested_by").prefetch_related("events__actor")
    )
    pending = next((e for e in extensions if e.state == ExtensionRequest.State.PENDING), None)
    extension_actions = actions_for(EXTENSION_MACHINE, pending, by=request.user) if pending else []
    context = {
        "extensions": extensions,
        "pending_extension": pending,
        "extension_actions": [(a, EXTENSION_MACHINE.actions[a]) for a in extension_actions],
        "can_request_extension": extension_may_request(assignment=assignment, by=request.user),
        "extension_form": extension_form or ExtensionRequestForm(),
        "assignment": assignment,
        "refusal": (refusal := open_refusal(ASSIGNMENT_MACHINE, assignment)),
        "refusal_label": ASSIGNMENT_MACHINE.actions[refusal.action] if refusal else "",
        "actions": [(action, ASSIGNMENT_MACHINE.actions[action]) for action in actions],
        "reason_label": ASSIGNMENT_MACHINE.reason_label(actions),
        "can_report": can_report,
        "can_remind": can_remind,
        "form": form or ProgressReportForm(),
        "reports": assignment.reports.select_related("author").prefetch_related(
            Prefetch("evidence", queryset=files)
        ),
        "history": assignment.history.select_related("actor"),
        "reminders": assignment.reminders.select_related("sent_by")[:10],
    }
    return render(request, "workflows/assignment_detail.html", context, status=status)


@login_required
def assignment_detail(request, pk):
    return _assignment_page(request, *_get_assignment_for_user(request, pk))


@login_required
@require_POST
def assignment_action(request, pk):
    assignment, _actions, _report, _remind = _get_assignment_for_user(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in ASSIGNMENT_MACHINE.actions:
        raise Http404(_("没有这个操作。"))
    action = form.cleaned_data["action"]
    if not permitted(ASSIGNMENT_MACHINE, assignment, action, by=request.user):
        raise PermissionDenied(
            _("您没有权限%(action)s。") % {"action": ASSIGNMENT_MACHINE.actions[action]}
        )
    back = reverse("workflows:assignment_detail", args=[assignment.pk])
    page = confirmation_page(
        request, machine=ASSIGNMENT_MACHINE, instance=assignment, action=action, back=back
    )
    if page is not None:
        return page
    try:
        assignment_transition(
            assignment=assignment,
            action=action,
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
    except Refused as refused:
        _refused(request, refused)
    else:
        messages.success(
            request,
            _("已%(action)s，当前状态：%(state)s。")
            % {
                "action": ASSIGNMENT_MACHINE.actions[action],
                "state": assignment.get_state_display(),
            },
        )
    return redirect("workflows:assignment_detail", pk=assignment.pk)


@login_required
@require_POST
def assignment_report(request, pk):
    assignment, actions, can_report, can_remind = _get_assignment_for_user(request, pk)
    person = person_of(request.user)
    if not (person.department and person.department.pk == assignment.department_id):
        raise PermissionDenied(_("只有承办部门的工作人员可以报送进展。"))
    form = ProgressReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            progress_report_create(
                assignment=assignment,
                by=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except Refused as refused:
            _refused(request, refused)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("进展报告已报送。"))
            return redirect("workflows:assignment_detail", pk=assignment.pk)
    else:
        messages.error(request, _("进展报告未保存，请按提示修改。"))
    return _assignment_page(
        request, assignment, actions, can_report, can_remind, form=form, status=400
    )


@login_required
@require_POST
def assignment_extension(request, pk):
    """延期申请: the department asks for a later deadline, with its reason."""
    assignment, actions, can_report, can_remind = _get_assignment_for_user(request, pk)
    if not ASSIGNED_DEPARTMENT_ONLY(assignment, request.user):
        raise PermissionDenied(_("只有承办部门的工作人员可以申请延期。"))
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            extension_request(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(None if field == "__all__" else field, messages_)
        else:
            messages.success(request, _("延期申请已提交，等待牵头部门审批。"))
            return redirect("workflows:assignment_detail", pk=assignment.pk)
    # A refusal of the whole request (one already waits, the work is accepted) is said at the
    # top; the form may not be offered any more.
    whole = form.non_field_errors()
    messages.error(request, "；".join(whole) if whole else _("延期申请未提交，请按提示修改。"))
    return _assignment_page(
        request, assignment, actions, can_report, can_remind, extension_form=form
    )


@login_required
@require_POST
def extension_action(request, pk):
    """The lead department grants or refuses a 延期申请 (a refusal needs its reason)."""
    if assignments_visible_to(user=request.user) is None:
        raise PermissionDenied(_("您没有查看部门任务的权限。"))
    extension = get_object_or_404(ExtensionRequest, pk=pk)
    assignment, *_rest = _get_assignment_for_user(request, extension.assignment_id)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in EXTENSION_MACHINE.actions:
        raise Http404(_("没有这个操作。"))
    action = form.cleaned_data["action"]
    if not permitted(EXTENSION_MACHINE, extension, action, by=request.user):
        raise PermissionDenied(_("只有牵头部门可以审批延期申请。"))
    try:
        extension_decide(
            extension=extension,
            action=action,
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
    except Refused as refused:
        _refused(request, refused)
    else:
        if action == "grant":
            message = _("已同意延期，完成期限改为 %(day)s。") % {
                "day": extension.requested_deadline.isoformat()
            }
        else:
            message = _("已不同意延期，完成期限仍为 %(day)s。") % {
                "day": assignment.deadline.isoformat()
            }
        messages.success(request, message)
    return redirect("workflows:assignment_detail", pk=assignment.pk)


@login_required
@require_POST
def assignment_remind(request, pk):
    assignment, _actions, _report, can_remind = _get_assignment_for_user(request, pk)
    if not person_of(request.user).has(Role.LEAD_DEPARTMENT):
        raise PermissionDenied(_("只有牵头部门可以催办。"))
    if not can_remind:
        messages.error(request, _("该部门任务已完成，无需催办。"))
    elif reminder_send(
        assignment=assignment, by=request.user, message=request.POST.get("message", "").strip()
    ):
        messages.success(
            request, _("已向%(department)s催办。") % {"department": assignment.department}
        )
    else:
        messages.error(request, _("该部门任务今天已催办过，每项任务每天最多催办一次。"))
    return redirect("workflows:assignment_detail", pk=assignment.pk)


@login_required
def assignment_evidence(request, pk, evidence_pk):
    """An evidence file of one of the assignment's progress reports."""
    assignment, *_rest = _get_assignment_for_user(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, progress_reports__assignment=assignment)
    return evidence_response(evidence)


@login_required
def evidence_download(request, pk):
    """An old link (before the one evidence store) to a progress report's file."""
    evidence = get_object_or_404(
        Evidence.objects.prefetch_related("progress_reports"),
        legacy_kind=Evidence.Legacy.PROGRESS,
        legacy_id=pk,
    )
    report = evidence.progress_reports.first()
    if report is None:
        raise Http404
    _get_assignment_for_user(request, report.assignment_id)
    return evidence_response(evidence)


@login_required
@require_POST
def reminder_read(request, pk):
    person = person_of(request.user)
    if not person.department:
        raise PermissionDenied(_("只有承办部门可以处理催办。"))
    reminder = get_object_or_404(reminders_for(user=request.user), pk=pk)
    Reminder.objects.filter(pk=reminder.pk).update(is_read=True)
    return redirect("home")
