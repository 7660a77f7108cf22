"""Moving creation tasks through their states, and assigning their work to departments."""

from datetime import date, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import Community, CommunityTrack, Department, Track
from supervision.services import evidence_store
from supervision.transitions import Refused, permitted, refusal_reasons, transition_take
from supervision.uploads import evidence_validate
from workflows.duty_matrix import DUTY_MATRIX
from workflows.flows import process_advance, process_start
from workflows.models import (
    ASSIGNED_DEPARTMENT_ONLY,
    ASSIGNMENT_MACHINE,
    EXTENSION_MACHINE,
    HAS_ASSIGNMENTS,
    LEAD_DEPARTMENT_PLANS_TRACKS,
    REMINDABLE_STATES,
    TASK_MACHINE,
    TASK_OPEN_FOR_WORK,
    TRACK_PLAN_MACHINE,
    Assignment,
    CreationTask,
    DutyRule,
    ExtensionRequest,
    ProgressReport,
    Reminder,
    TrackPlan,
)


def task_actions_for(*, task: CreationTask, by) -> list[str]:
    """The actions `by` may take on `task` now, conditions included."""
    # Approving a plan creates the assignments it needs: offer it when the matrix has any.
    will_assign = DutyRule.objects.filter(is_active=True).exists()
    no_assignments = str(HAS_ASSIGNMENTS.message)
    return [
        action
        for action in TASK_MACHINE.actions
        if not [
            reason
            # A refusal's reason is asked for on the form.
            for reason in refusal_reasons(TASK_MACHINE, task, action, by=by, comment="-")
            if not (action == "approve_plan" and will_assign and reason == no_assignments)
        ]
    ]


def _within(deadline: date, last_day: date, today: date) -> date:
    """`deadline`, brought inside the campaign year while the year is running."""
    return min(deadline, last_day) if today <= last_day else deadline


def assignments_create_for_task(*, task: CreationTask) -> list[Assignment]:
    """Assign the task's work to departments from the duty matrix; existing ones are kept.
    A deadline never runs past the campaign year: work due later would count in no year's
    department score, so it is due on the year's last day."""
    today = timezone.localdate()
    last_day = task.campaign.last_day
    created = []
    # Each track its own work: a distinctive community does not repeat the creation work.
    rules = DutyRule.objects.filter(is_active=True, track=task.track or Track.CREATE)
    for rule in rules.select_related("department"):
        assignment, is_new = Assignment.objects.get_or_create(
            task=task,
            department=rule.department,
            area=rule.area,
            defaults={
                "role": rule.role,
                "owed": rule.owed,
                "deadline": _within(today + timedelta(days=rule.days_allowed), last_day, today),
            },
        )
        if is_new:
            created.append(assignment)
    return created


def task_transition(
    *, task: CreationTask, action: str, by, comment: str = "", **kwargs
) -> CreationTask:
    """Take `action` on `task` as `by` (refused with Chinese reasons); the process follows."""

    def before(locked):
        if action == "approve_plan" and permitted(TASK_MACHINE, locked, action, by=by):
            # Approving the plan assigns the work; a refusal rolls it back.
            assignments_create_for_task(task=locked)

    def after(locked):
        transaction.on_commit(lambda: process_advance(task=locked))

    transition_take(
        TASK_MACHINE,
        task,
        action=action,
        by=by,
        comment=comment,
        before=before,
        after=after,
        **kwargs,
    )
    return task


def duty_matrix_seed() -> int:
    """Load the seed's duty matrix into DutyRule; idempotent, keeps administrators' edits."""
    departments = {d.code: d for d in Department.objects.all()}
    created = 0
    for track, area, code, role, owed, days in DUTY_MATRIX:
        _rule, is_new = DutyRule.objects.get_or_create(
            track=track,
            area=area,
            department=departments[code],
            defaults={"role": role, "owed": owed, "days_allowed": days},
        )
        created += is_new
    return created


def tasks_create_for_campaign(*, campaign) -> int:
    """One creation task per community with a track in the campaign; idempotent."""
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
    # Every task gets its process, older ones too: process_start is idempotent.
    for task in CreationTask.objects.filter(campaign=campaign):
        process_start(task=task)
    return len(new)


def _notify_process(task: CreationTask) -> None:
    """Tell the creation process, once committed, that all the task's assignments are accepted."""
    transaction.on_commit(lambda: process_advance(task=task))


def assignment_transition(
    *, assignment: Assignment, action: str, by, comment: str = ""
) -> Assignment:
    """Take `action` on `assignment` as `by` (refused with Chinese reasons). After the task's
    last assignment is accepted, the process is told."""

    def after(locked):
        if action == "accept" and locked.task.assignments.all_accepted():
            _notify_process(locked.task)

    transition_take(
        ASSIGNMENT_MACHINE, assignment, action=action, by=by, comment=comment, after=after
    )
    return assignment


def progress_report_create(*, assignment: Assignment, by, text: str, files=()) -> ProgressReport:
    """Record a department's progress report with its evidence files, all or nothing."""
    if not ASSIGNED_DEPARTMENT_ONLY(assignment, by):
        raise Refused([ASSIGNED_DEPARTMENT_ONLY.message])
    if not TASK_OPEN_FOR_WORK(assignment):
        raise Refused([TASK_OPEN_FOR_WORK.message])
    if assignment.state in (Assignment.State.SUBMITTED, Assignment.State.ACCEPTED):
        raise Refused(
            [
                _("当前状态为“%(state)s”，不能再报送进展。")
                % {"state": assignment.get_state_display()}
            ]
        )
    if not text.strip():
        raise ValidationError(_("请填写进展情况。"))
    # Every file checked before any is stored: a bad second file leaves no first one on disk.
    for uploaded in files:
        evidence_validate(uploaded)
    with transaction.atomic():
        report = ProgressReport.objects.create(assignment=assignment, author=by, text=text.strip())
        report.evidence.set(
            evidence_store(uploaded=uploaded, by=by, department=assignment.department)
            for uploaded in files
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


# --- 延期申请 --------------------------------------------------------------------------------


def extension_problems(
    *, assignment: Assignment, by, requested_deadline: date | None, reason: str
) -> dict[str, str]:
    """Why `by` may not ask for this extension, by form field ("" for the whole request)."""
    if not ASSIGNED_DEPARTMENT_ONLY(assignment, by):
        return {"": str(ASSIGNED_DEPARTMENT_ONLY.message)}
    if assignment.state == Assignment.State.ACCEPTED:
        return {"": _("这项部门任务已验收，无需延期。")}
    if not TASK_OPEN_FOR_WORK(assignment):
        return {"": str(TASK_OPEN_FOR_WORK.message)}
    if assignment.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
        return {"": _("这项部门任务已有一份待审批的延期申请，请等待牵头部门审批。")}
    problems = {}
    year_end = assignment.task.campaign.last_day
    if requested_deadline is None:
        problems["requested_deadline"] = _("请选择申请延至的日期。")
    elif requested_deadline <= assignment.deadline:
        problems["requested_deadline"] = _("申请的期限须晚于现在的完成期限（%(deadline)s）。") % {
            "deadline": assignment.deadline.isoformat()
        }
    elif requested_deadline > year_end:
        problems["requested_deadline"] = _(
            "延期不能超出本创建年度（%(end)s），否则不计入本年度考核。"
        ) % {"end": year_end.isoformat()}
    if not reason.strip():
        problems["reason"] = _("请填写延期理由，说明为什么不能按期完成。")
    return problems


def extension_may_request(*, assignment: Assignment, by) -> bool:
    """Whether the page offers `by` the 申请延期 form for this assignment."""
    problems = extension_problems(assignment=assignment, by=by, requested_deadline=None, reason="-")
    return "" not in problems


def extension_request(
    *, assignment: Assignment, by, requested_deadline: date, reason: str
) -> ExtensionRequest:
    """The department's request for a later deadline; refused (ValidationError by field)
    unless `extension_problems` has nothing to say. Pressing twice makes one request."""
    with transaction.atomic():
        # Lock the assignment: two presses at once must not both pass the one-pending check.
        assignment = (
            Assignment.objects.select_for_update()
            .select_related("task__campaign")
            .get(pk=assignment.pk)
        )
        problems = extension_problems(
            assignment=assignment, by=by, requested_deadline=requested_deadline, reason=reason
        )
        if problems:
            raise ValidationError(
                {field or NON_FIELD_ERRORS: [message] for field, message in problems.items()}
            )
        return ExtensionRequest.objects.create(
            assignment=assignment,
            previous_deadline=assignment.deadline,
            requested_deadline=requested_deadline,
            reason=reason.strip(),
            requested_by=by,
        )


def extension_decide(
    *, extension: ExtensionRequest, action: str, by, comment: str = ""
) -> ExtensionRequest:
    """The lead department grants (the deadline moves) or refuses (with its reason)."""

    def after(locked):
        if action == "grant":
            Assignment.objects.filter(pk=locked.assignment_id).update(
                deadline=locked.requested_deadline
            )

    transition_take(
        EXTENSION_MACHINE, extension, action=action, by=by, comment=comment, after=after
    )
    return extension


# --- many at once ----------------------------------------------------------------------------


def assignments_accept_all(*, assignments, by, comment: str = "") -> int:
    """验收所选: accept each of `assignments` as `by`, each audited and each under the four-eyes
    rule; all or none: if one is refused, none is accepted and the refusal names each one."""
    refusals = []
    with transaction.atomic():
        for assignment in assignments:
            try:
                assignment_transition(
                    assignment=assignment, action="accept", by=by, comment=comment
                )
            except Refused as refused:
                refusals.append(
                    _("%(work)s：%(reasons)s")
                    % {"work": assignment, "reasons": "；".join(refused.reasons)}
                )
        if refusals:
            raise Refused(refusals)
    return len(assignments)


def reminders_send_all(*, assignments, by) -> tuple[int, int]:
    """催办所选: remind each of `assignments` once today; (sent, already reminded today)."""
    sent = sum(1 for assignment in assignments if reminder_send(assignment=assignment, by=by))
    return sent, len(assignments) - sent


# The year's track plan -----------------------------------------------------------------------


def track_plan_of(*, campaign) -> TrackPlan:
    """The campaign's track plan; an unsaved draft until someone first changes it (reading
    never writes)."""
    return TrackPlan.objects.filter(campaign=campaign).first() or TrackPlan(campaign=campaign)


def _plan_locked(campaign) -> TrackPlan:
    plan, _created = TrackPlan.objects.get_or_create(campaign=campaign)
    return TrackPlan.objects.select_for_update().get(pk=plan.pk)


def tracks_set(*, campaign, tracks: dict[int, str], by) -> int:
    """Place communities on tracks (community id → track) in the campaign's plan while the lead
    department drafts it, all or none; returns how many changed."""
    if not LEAD_DEPARTMENT_PLANS_TRACKS(TrackPlan(campaign=campaign), by):
        raise Refused([LEAD_DEPARTMENT_PLANS_TRACKS.message])
    unknown = sorted({value for value in tracks.values() if value not in Track.values})
    if unknown:
        raise Refused([_("没有这个创建类别：%(values)s。") % {"values": "、".join(unknown)}])
    with transaction.atomic():
        # Lock the plan: a submission must not slip in between the check and the writes.
        plan = _plan_locked(campaign)
        if not plan.is_open:
            reason = _("创建类别计划当前为“%(state)s”，不能调整类别。") % {
                "state": plan.get_state_display()
            }
            if plan.state == TrackPlan.State.SUBMITTED:
                reason += _("如需调整，请县领导退回修改。")
            raise Refused([reason])
        if Community.objects.filter(pk__in=tracks).count() != len(tracks):
            raise Refused([_("所选社区不存在或已被删除，请刷新后再试。")])
        current = dict(
            CommunityTrack.objects.filter(campaign=campaign, community_id__in=tracks).values_list(
                "community_id", "track"
            )
        )
        changed = {pk: track for pk, track in tracks.items() if current.get(pk) != track}
        started = (
            CreationTask.objects.filter(campaign=campaign, community_id__in=changed)
            .exclude(state__in=(CreationTask.State.PLANNED, CreationTask.State.PLAN_SUBMITTED))
            .values_list("community__name", flat=True)
        )
        if started:
            raise Refused(
                [
                    _("%(names)s的创建任务已开始，部门任务已按原类别交办，不能再改类别。")
                    % {"names": "、".join(sorted(started))}
                ]
            )
        for track in Track.values:
            moved = [pk for pk, value in changed.items() if value == track and pk in current]
            CommunityTrack.objects.filter(campaign=campaign, community_id__in=moved).update(
                track=track
            )
        CommunityTrack.objects.bulk_create(
            CommunityTrack(campaign=campaign, community_id=pk, track=track)
            for pk, track in changed.items()
            if pk not in current
        )
    return len(changed)


def track_plan_version(plan: TrackPlan) -> str:
    """What the person saw of the plan: its latest step ("" before any). A plan returned and
    submitted again is in the same state but not the same plan."""
    if plan.pk is None:
        return ""
    latest = plan.history.order_by("-at", "-id").values_list("pk", flat=True).first()
    return str(latest or "")


def track_plan_transition(
    *, campaign, action: str, by, comment: str = "", seen: str | None = None
) -> TrackPlan:
    """Submit, approve or return the campaign's track plan (refused with Chinese reasons).
    `seen` is the version the person saw (`track_plan_version`): a plan changed since is
    refused, so nobody approves a plan submitted again after they looked."""
    with transaction.atomic():
        # A refused action leaves no plan row behind: the whole of it rolls back.
        plan, _created = TrackPlan.objects.get_or_create(campaign=campaign)
        plan = TrackPlan.objects.select_for_update().get(pk=plan.pk)
        if seen is not None and seen != track_plan_version(plan):
            raise Refused([_("该类别计划已被他人处理，请刷新后再试。")])
        transition_take(TRACK_PLAN_MACHINE, plan, action=action, by=by, comment=comment)
    return plan
