"""Moving creation tasks through their states, and assigning their work to departments."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervision.transitions import transition_save
from supervision.uploads import evidence_validate
from workflows.models import (
    ASSIGNED_DEPARTMENT_ONLY,
    HAS_ASSIGNMENTS,
    TASK_OPEN_FOR_WORK,
    Assignment,
    AssignmentEvent,
    CreationTask,
    DutyRule,
    EvidenceFile,
    ProgressReport,
    Reminder,
    TaskTransition,
)

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


def task_permitted(*, task: CreationTask, action: str, by) -> bool:
    """Whether `by` holds the role for `action` at all, whatever the task's state now."""
    return _role_permits(task, action, by)


def _role_permits(instance, action: str, by) -> bool:
    transitions = getattr(instance, action)._django_fsm.transitions.values()
    return any(meta.has_perm(instance, by) for meta in transitions)


def task_actions_for(*, task: CreationTask, by) -> list[str]:
    """The actions `by` may take on `task` now, conditions included."""
    # Approving a plan creates the assignments it needs: offer it when the matrix has any.
    will_assign = DutyRule.objects.filter(is_active=True).exists()
    no_assignments = str(HAS_ASSIGNMENTS.message)
    return [
        action
        for action in TASK_ACTIONS
        if not [
            reason
            for reason in task_refusal_reasons(task=task, action=action, by=by)
            if not (action == "approve_plan" and will_assign and reason == no_assignments)
        ]
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
        transition_save(
            locked,
            apply=lambda: getattr(locked, action)(by=by, comment=comment, **kwargs),
            audit=TaskTransition,
            action=action,
            by=by,
            comment=comment,
            conflict=TransitionRefused([_("该任务已被他人处理，请刷新后再试。")]),
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


ASSIGNMENT_ACTIONS = {
    "start_work": gettext_lazy("开始办理"),
    "submit": gettext_lazy("提交验收"),
    "accept": gettext_lazy("验收通过"),
    "return_work": gettext_lazy("退回重办"),
}


def _assignment_transition_meta(assignment: Assignment, action: str):
    if action not in ASSIGNMENT_ACTIONS:
        raise ValueError(f"unknown assignment action {action!r}")
    return getattr(assignment, action)._django_fsm.get_transition(assignment.state)


def assignment_refusal_reasons(
    *, assignment: Assignment, action: str, by, comment: str = ""
) -> list[str]:
    """Why `by` may not take `action` on `assignment` now; empty when they may."""
    meta = _assignment_transition_meta(assignment, action)
    if meta is None:
        return [
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": assignment.get_state_display(), "action": ASSIGNMENT_ACTIONS[action]}
        ]
    if not meta.has_perm(assignment, by):
        return [str(meta.permission.message)]
    reasons = [str(c.message) for c in meta.conditions if not c(assignment)]
    if action == "return_work" and not comment.strip():
        reasons.append(_("退回须填写理由，告诉承办部门需要补充或改正什么。"))
    return reasons


def assignment_permitted(*, assignment: Assignment, action: str, by) -> bool:
    """Whether `by` holds the role for `action` at all, whatever the assignment's state now."""
    if action not in ASSIGNMENT_ACTIONS:
        raise ValueError(f"unknown assignment action {action!r}")
    return _role_permits(assignment, action, by)


def assignment_actions_for(*, assignment: Assignment, by) -> list[str]:
    """The actions `by` may take on `assignment` now (a return's reason is asked on the form)."""
    return [
        action
        for action in ASSIGNMENT_ACTIONS
        if not assignment_refusal_reasons(assignment=assignment, action=action, by=by, comment="-")
    ]


def assignments_all_accepted(task: CreationTask) -> bool:
    """Hook point for the process: every department's work on `task` has been accepted."""
    assignments = task.assignments.all()
    return assignments.exists() and not assignments.open().exists()


def _notify_process(task: CreationTask) -> None:
    """Tell the creation process, once committed, that all the task's assignments are accepted."""
    transaction.on_commit(lambda: _process_advance(task=task))


def assignment_transition(
    *, assignment: Assignment, action: str, by, comment: str = "", **kwargs
) -> Assignment:
    """Take `action` on `assignment` as `by`: lock, check, change state, save, write history.

    Refused (TransitionRefused with Chinese reasons) if the state changed since the caller
    read it. After the task's last assignment is accepted, the process is told.
    """
    with transaction.atomic():
        # Lock the row: the department may resubmit while the lead department decides.
        locked = (
            Assignment.objects.select_for_update()
            .select_related("task", "department")
            .get(pk=assignment.pk)
        )
        if locked.state != assignment.state:
            raise TransitionRefused(
                [
                    _("该部门任务已被他人处理，当前状态为“%(state)s”，请刷新后再试。")
                    % {"state": locked.get_state_display()}
                ]
            )
        reasons = assignment_refusal_reasons(
            assignment=locked, action=action, by=by, comment=comment
        )
        if reasons:
            raise TransitionRefused(reasons)
        transition_save(
            locked,
            apply=lambda: getattr(locked, action)(by=by, comment=comment, **kwargs),
            audit=AssignmentEvent,
            action=action,
            by=by,
            comment=comment.strip(),
            conflict=TransitionRefused([_("该部门任务已被他人处理，请刷新后再试。")]),
        )
        if action == "accept" and assignments_all_accepted(locked.task):
            _notify_process(locked.task)
    assignment.refresh_from_db()
    return assignment


def progress_report_create(*, assignment: Assignment, by, text: str, files=()) -> ProgressReport:
    """Record a department's progress report with its evidence files, all or nothing."""
    if not ASSIGNED_DEPARTMENT_ONLY(assignment, by):
        raise TransitionRefused([str(ASSIGNED_DEPARTMENT_ONLY.message)])
    if not TASK_OPEN_FOR_WORK(assignment):
        raise TransitionRefused([str(TASK_OPEN_FOR_WORK.message)])
    if assignment.state in (Assignment.State.SUBMITTED, Assignment.State.ACCEPTED):
        raise TransitionRefused(
            [
                _("当前状态为“%(state)s”，不能再报送进展。")
                % {"state": assignment.get_state_display()}
            ]
        )
    if not text.strip():
        raise ValidationError(_("请填写进展情况。"))
    for uploaded in files:
        evidence_validate(uploaded)
    with transaction.atomic():
        report = ProgressReport.objects.create(assignment=assignment, author=by, text=text.strip())
        for uploaded in files:
            EvidenceFile.objects.create(
                report=report,
                file=uploaded,
                original_name=uploaded.name[:200],
                content_type=(getattr(uploaded, "content_type", "") or "")[:100],
                size=uploaded.size,
            )
    return report


def reminder_send(*, assignment: Assignment, by=None, message: str = "") -> Reminder | None:
    """Remind the department of `assignment`; None if it was already reminded today."""
    today = timezone.localdate()
    if not message:
        light = assignment.traffic_light
        if light == "red":
            message = _("“%(owed)s”已超过完成期限（%(deadline)s），请抓紧办理。")
        else:
            message = _("“%(owed)s”将于%(deadline)s到期，请按期完成。")
        message = message % {"owed": assignment.owed, "deadline": assignment.deadline}
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                assignment=assignment, sent_by=by, day=today, message=message[:300]
            )
    except IntegrityError:
        return None


# The department still owes work in these states; a submitted one waits for the lead department.
REMINDABLE_STATES = (
    Assignment.State.ASSIGNED,
    Assignment.State.IN_PROGRESS,
    Assignment.State.RETURNED,
)


def reminders_send_due() -> int:
    """Remind departments of every due-soon or overdue assignment, once a day; how many sent."""
    due = (
        Assignment.objects.filter(state__in=REMINDABLE_STATES)
        .open()
        .with_light()
        .filter(light__in=["red", "yellow"])
        .exclude(reminders__day=timezone.localdate())
        .select_related("task")
    )
    sent = 0
    for assignment in due:
        sent += reminder_send(assignment=assignment) is not None
    return sent
