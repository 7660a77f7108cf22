"""Moving creation tasks through their states, and assigning their work to departments."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition

from workflows.models import Assignment, CreationTask, DutyRule, TaskTransition

TASK_ACTIONS = {
    "approve_plan": gettext_lazy("批准创建计划"),
    "record_inspection": gettext_lazy("录入验收结果"),
    "start_rectification": gettext_lazy("启动整改"),
    "resume_construction": gettext_lazy("整改完成，恢复创建"),
    "approve_pass": gettext_lazy("审批创建达标"),
    "approve_distinctive": gettext_lazy("审批特色社区"),
}


class TransitionRefused(Exception):
    """A transition that may not happen now; `reasons` says why, in Chinese."""

    def __init__(self, reasons: list[str]):
        super().__init__("；".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


def _transition_meta(task: CreationTask, action: str):
    if action not in TASK_ACTIONS:
        raise ValueError(f"unknown task action {action!r}")
    return getattr(task, action)._django_fsm.get_transition(task.state)


def task_refusal_reasons(*, task: CreationTask, action: str, by) -> list[str]:
    """Why `by` may not take `action` on `task` now; empty when they may."""
    meta = _transition_meta(task, action)
    if meta is None:
        return [
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": task.get_state_display(), "action": TASK_ACTIONS[action]}
        ]
    if not meta.has_perm(task, by):
        return [str(meta.permission.message)]
    return [str(condition.message) for condition in meta.conditions if not condition(task)]


def task_actions_for(*, task: CreationTask, by) -> list[str]:
    """The actions `by` may take on `task` now, conditions included."""
    return [
        action
        for action in TASK_ACTIONS
        if not task_refusal_reasons(task=task, action=action, by=by)
    ]


def assignments_create_for_task(*, task: CreationTask) -> list[Assignment]:
    """Assign the task's work to departments from the duty matrix; existing ones are kept."""
    today = timezone.localdate()
    created = []
    for rule in DutyRule.objects.filter(is_active=True).select_related("department"):
        assignment, is_new = Assignment.objects.get_or_create(
            task=task,
            department=rule.department,
            area=rule.area,
            defaults={
                "role": rule.role,
                "owed": rule.owed,
                "deadline": today + timedelta(days=rule.days_allowed),
            },
        )
        if is_new:
            created.append(assignment)
    return created


def task_transition(
    *, task: CreationTask, action: str, by, comment: str = "", **kwargs
) -> CreationTask:
    """Take `action` on `task` as `by`: lock, check, change state, save, write the audit row.

    `task` is the instance the caller saw; if its state changed meanwhile, the action is
    refused. On success it is refreshed to the new state and returned.
    """
    with transaction.atomic():
        # Lock the row: two leaders may approve the same task at once.
        locked = CreationTask.objects.select_for_update().get(pk=task.pk)
        if locked.state != task.state:
            raise TransitionRefused(
                [
                    _("该任务已被他人处理，当前状态为“%(state)s”，请刷新后再试。")
                    % {"state": locked.get_state_display()}
                ]
            )
        if action == "approve_plan":
            meta = _transition_meta(locked, action)
            if meta is not None and meta.has_perm(locked, by):
                # Approving the plan assigns the work; a refusal below rolls it back.
                assignments_create_for_task(task=locked)
        reasons = task_refusal_reasons(task=locked, action=action, by=by)
        if reasons:
            raise TransitionRefused(reasons)
        source = locked.state
        getattr(locked, action)(by=by, comment=comment, **kwargs)
        try:
            locked.save()
        except ConcurrentTransition:
            raise TransitionRefused([_("该任务已被他人处理，请刷新后再试。")]) from None
        TaskTransition.objects.create(
            task=locked,
            action=action,
            source=source,
            target=locked.state,
            actor=by,
            comment=comment,
        )
        transaction.on_commit(lambda: _process_advance(task=locked))
    task.refresh_from_db()
    return task


def _process_advance(*, task):
    from workflows.flows import process_advance

    process_advance(task=task)


def duty_matrix_seed() -> int:
    """Load the seed's duty matrix into DutyRule; idempotent, keeps administrators' edits."""
    from supervision.models import Department
    from workflows.duty_matrix import DUTY_MATRIX

    departments = {d.code: d for d in Department.objects.all()}
    created = 0
    for area, code, role, owed, days in DUTY_MATRIX:
        _rule, is_new = DutyRule.objects.get_or_create(
            area=area,
            department=departments[code],
            defaults={"role": role, "owed": owed, "days_allowed": days},
        )
        created += is_new
    return created


def tasks_create_for_campaign(*, campaign) -> int:
    """One creation task per community with a track in the campaign; idempotent."""
    from supervision.models import CommunityTrack

    existing = set(
        CreationTask.objects.filter(campaign=campaign).values_list("community_id", flat=True)
    )
    new = [
        CreationTask(campaign=campaign, community_id=community_id)
        for community_id in CommunityTrack.objects.filter(campaign=campaign)
        .exclude(community_id__in=existing)
        .values_list("community_id", flat=True)
    ]
    CreationTask.objects.bulk_create(new)
    from workflows.flows import process_start

    # Every task gets its process, older ones too: process_start is idempotent.
    for task in CreationTask.objects.filter(campaign=campaign):
        process_start(task=task)
    return len(new)
