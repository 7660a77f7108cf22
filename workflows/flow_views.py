"""One page per waiting step of the flow; the person's work is listed on the 待办 page (portal)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from supervision.transitions import Refused, open_refusal, refusal_reasons
from supervision.views import confirmation_page
from workflows.flows import (
    OPEN,
    CreationFlow,
    _task_of,
    process_advance,
    step_for,
    user_may_take,
)
from workflows.models import TASK_MACHINE, CreationTask
from workflows.services import task_transition


def _get_flow_task_for_user(request, pk) -> tuple[Task, CreationTask]:
    flow_task = get_object_or_404(
        Task.objects.select_related("process"), pk=pk, process__flow_class=CreationFlow
    )
    if not user_may_take(user=request.user, flow_task=flow_task):
        raise PermissionDenied(_("您无权办理此环节。"))
    return flow_task, _task_of(flow_task.process)


@login_required
def flow_step(request, pk):
    flow_task, task = _get_flow_task_for_user(request, pk)
    step = step_for(flow_task)
    is_open = flow_task.status in OPEN
    reasons = []
    if is_open and step.action == "record_inspection":
        # An acceptance is recorded standard by standard on the inspection form, whose checks
        # and findings scoring relies on; the step only points there.
        form = reverse("assessments:inspection_new", args=[task.community_id])
        return redirect(f"{form}?kind=acceptance")
    if request.method == "POST" and is_open:
        # A decision step is taken by approving or by refusing (with a reason).
        action = request.POST.get("action") or step.action
        if action not in step.actions:
            raise Http404(_("没有这个操作。"))
        page = confirmation_page(
            request,
            machine=TASK_MACHINE,
            instance=task,
            action=action,
            back=reverse("workflows:flow_step", args=[flow_task.pk]),
        )
        if page is not None:
            return page
        try:
            task_transition(
                task=task,
                action=action,
                by=request.user,
                comment=request.POST.get("comment", "").strip(),
            )
        except Refused as refused:
            reasons = refused.reasons
            for reason in reasons:
                messages.error(request, reason)
        else:
            # Also run by task_transition after commit; calling it here keeps the page honest
            # about the process even inside an outer transaction.
            process_advance(task=task)
            messages.success(
                request,
                _("已完成“%(step)s”：%(task)s")
                % {"step": flow_task.flow_task.task_title, "task": task},
            )
            return redirect("workflows:task_detail", pk=task.pk)
    elif is_open and step.action != "approve_plan":
        # Not for the plan: its assignments are only created when it is approved.
        reasons = refusal_reasons(TASK_MACHINE, task, step.action, by=request.user)
    status = 200 if not reasons or request.method == "GET" else 400
    return render(
        request,
        "workflows/flow_step.html",
        {
            "flow_task": flow_task,
            "task": task,
            "step": step,
            "is_open": is_open,
            "reasons": reasons,
            "actions": [(action, TASK_MACHINE.actions[action]) for action in step.actions],
            "reason_label": TASK_MACHINE.reason_label(step.actions),
            "refusal": (refusal := open_refusal(TASK_MACHINE, task)),
            "refusal_label": TASK_MACHINE.actions[refusal.action] if refusal else "",
            "history": task.history.select_related("actor"),
        },
        status=status,
    )
