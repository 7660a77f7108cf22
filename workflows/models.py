"""Each community's creation task (创建任务) and the work departments owe on it.

The task's `state` is the single source of truth: it changes only through the @transition
methods below, called by `workflows.services.task_transition`, which saves and writes the
audit row in the same transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from supervision.models import (
    AuditRecord,
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Evidence,
    Role,
    Track,
)
from supervision.roles import NOT_OWN_COMMUNITY
from supervision.transitions import Condition, Machine, Permission


@dataclass(frozen=True)
class InspectionOutcome:
    """What an acceptance inspection found, as the task needs it to decide pass or rectify."""

    score: Decimal
    pass_line_met: bool
    critical_failures: int

    @property
    def failed(self) -> bool:
        return not self.pass_line_met or self.critical_failures > 0


def _has_assignments(task) -> bool:
    return task.assignments.exists()


def _outcome_failed(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.failed


def _pass_line_met(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.pass_line_met


def _no_critical_failure(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.critical_failures == 0


def _on_distinctive_track(task) -> bool:
    return task.track == Track.DISTINCTIVE


def _on_prepare_track(task) -> bool:
    return task.track == Track.PREPARE


class ReadinessRule:
    """Which create-track standards a prepare-track community still falls short of (its gaps:
    "JC-01 自报180，标准300"). The standards are assessments' (an app above this one), which
    registers the rule when it loads; without it nothing is known to be short."""

    gaps: Callable[[object], list[str]] = staticmethod(lambda task: [])

    @classmethod
    def register(cls, gaps: Callable[[object], list[str]]) -> None:
        cls.gaps = staticmethod(gaps)


def readiness_gaps(task) -> list[str]:
    """The critical create-track standards the task's community does not meet yet."""
    return ReadinessRule.gaps(task)


def _meets_distinctive_standards(task) -> bool:
    # The seed's distinctive-track staffing standards: at least one certified social worker
    # and at least three filed community social organisations.
    community = task.community
    return community.certified_social_workers >= 1 and community.filed_social_organisations >= 3


# The orders are assessments' (an app above this one): read through the reverse relation and the
# rules their own queryset states, never by importing them.
def _no_open_critical_order(task) -> bool:
    return not task.rectification_orders.critical_unverified().exists()


def _no_unanswered_order(task) -> bool:
    return not task.rectification_orders.unanswered().exists()


def work_ready_for_acceptance(task) -> bool:
    """Whether the task may be inspected for acceptance: every department's work on it is
    accepted, or the lead department allowed the acceptance first (准许先行验收), with a reason."""
    return (
        not task.assignments.exclude(state=Assignment.State.ACCEPTED).exists()
        or task.history.filter(action="waive_work").exists()
    )


HAS_ASSIGNMENTS = Condition(
    _has_assignments, _("尚未向部门交办任务：职责矩阵中没有该社区创建类别可交办的部门。")
)
OUTCOME_FAILED = Condition(_outcome_failed, _("验收结果合格，无需整改。"))
OUTCOME_PASSED = Condition(
    lambda task: task.inspection_outcome is not None and not task.inspection_outcome.failed,
    _("验收结果不合格，由督查员下达整改，无需县领导审批。"),
)
PASS_LINE_MET = Condition(_pass_line_met, _("验收得分未达到合格线，不能审批达标。"))
NO_CRITICAL_FAILURE = Condition(
    _no_critical_failure, _("验收发现关键指标不合格，须整改后重新验收。")
)
ON_DISTINCTIVE_TRACK = Condition(_on_distinctive_track, _("该社区本年度不在“创出特色”类别。"))
NOT_ON_DISTINCTIVE_TRACK = Condition(
    lambda task: not _on_distinctive_track(task),
    _("该社区本年度在“创出特色”类别，已创建达标，验收后由县领导认定特色社区。"),
)
ON_PREPARE_TRACK = Condition(_on_prepare_track, _("该社区本年度不在“明年达标”类别，不作准备评估。"))
NOT_ON_PREPARE_TRACK = Condition(
    lambda task: not _on_prepare_track(task),
    _("该社区本年度在“明年达标”类别，今年不验收，由牵头部门作出准备评估。"),
)
NO_READINESS_GAP = Condition(
    lambda task: not readiness_gaps(task),
    _("关键指标尚未达到创建标准，不能评估为具备创建条件"),
    detail=lambda task: "；".join(readiness_gaps(task)),
)
MEETS_DISTINCTIVE = Condition(
    _meets_distinctive_standards,
    _("尚未达到特色社区标准（至少一名持证社工，至少3支备案社区社会组织）。"),
)

NO_OPEN_CRITICAL_ORDER = Condition(
    _no_open_critical_order, _("关键指标的整改通知尚未核验销号，不能审批达标。")
)
READY_FOR_ACCEPTANCE = Condition(
    work_ready_for_acceptance,
    _(
        "各部门交办任务尚未全部验收办结，不能录入验收；"
        "须等部门办结，或由牵头部门填写理由准许先行验收。"
    ),
)
WORK_STILL_OPEN = Condition(
    lambda task: not work_ready_for_acceptance(task),
    _("各部门交办任务已全部办结或已准许先行验收，无需再次准许。"),
)
NO_UNANSWERED_ORDER = Condition(_no_unanswered_order, _("还有整改通知未反馈，不能恢复创建。"))

LEADER_ONLY = Permission(_("只有县领导可以审批。"), roles=(Role.LEADER,))
LEAD_DEPARTMENT_PLANS = Permission(
    _("只有牵头部门可以报批创建计划。"), roles=(Role.LEAD_DEPARTMENT,)
)
INSPECTOR_NOT_OWN = Permission(
    _("只有督查员可以录入验收，且不能验收本人所在社区。"),
    roles=(Role.INSPECTOR,),
    check=lambda task, person: NOT_OWN_COMMUNITY.allows(person, task.community_id),
)
LEAD_DEPARTMENT_WAIVES = Permission(
    _("只有牵头部门可以准许先行验收。"), roles=(Role.LEAD_DEPARTMENT,)
)
LEAD_DEPARTMENT_ASSESSES = Permission(
    _("只有牵头部门可以作出准备评估。"), roles=(Role.LEAD_DEPARTMENT,)
)
INSPECTOR_OR_LEAD = Permission(
    _("只有督查员或牵头部门可以启动整改。"), roles=(Role.INSPECTOR, Role.LEAD_DEPARTMENT)
)
RECTIFICATION_CLOSERS = Permission(
    _("只有督查员或牵头部门可以确认整改完成、恢复创建。"),
    roles=(Role.INSPECTOR, Role.LEAD_DEPARTMENT),
)


class CreationTaskQuerySet(models.QuerySet):
    def with_light(self):
        """Annotate `light`: the worst light of the task's open assignments, in one query.

        A correlated subquery rather than a join and GROUP BY: a page of tasks then looks up a
        page of deadlines, and counting the tasks for the paginator leaves it out.
        """
        next_deadline = (
            Assignment.objects.filter(task=OuterRef("pk"), deadline__isnull=False)
            .exclude(state=Assignment.State.ACCEPTED)
            .order_by("deadline")
            .values("deadline")[:1]
        )
        return self.annotate(
            # A task that has passed owes nothing more: no light, whatever is still open.
            next_deadline=models.Case(
                models.When(
                    state__in=FINISHED_TASK_STATES,
                    then=models.Value(None, output_field=models.DateField()),
                ),
                default=models.Subquery(next_deadline),
            )
        ).annotate(light=light_expression("next_deadline"))


class CreationTask(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("列入计划")
        PLAN_SUBMITTED = "plan_submitted", _("计划待审批")
        UNDER_CONSTRUCTION = "under_construction", _("创建中")
        INSPECTED = "inspected", _("已验收待审批")
        RECTIFYING = "rectifying", _("整改中")
        PASSED = "passed", _("创建达标")
        DISTINCTIVE = "distinctive", _("特色社区")
        # The prepare track's ends: ready to be created next year, or not yet (with reasons).
        READY = "ready", _("具备明年创建条件")
        NOT_READY = "not_ready", _("暂不具备创建条件")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="tasks"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="tasks"
    )
    state = FSMField(
        _("状态"), default=State.PLANNED, choices=State.choices, protected=True, db_index=True
    )
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    inspection_score = models.DecimalField(
        _("验收得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    inspection_pass_line_met = models.BooleanField(_("达到合格线"), null=True, blank=True)
    inspection_critical_failures = models.PositiveIntegerField(_("关键指标不合格数"), default=0)
    inspected_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CreationTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建任务")
        verbose_name_plural = _("创建任务")
        ordering = ["campaign", "community__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "community"],
                name="one_task_per_community_per_campaign",
                violation_error_message=_("该社区在本年度已有创建任务。"),
            ),
        ]

    def __str__(self):
        return f"{self.campaign.year} {self.community}"

    @property
    def track(self) -> str | None:
        return (
            CommunityTrack.objects.filter(
                campaign_id=self.campaign_id, community_id=self.community_id
            )
            .values_list("track", flat=True)
            .first()
        )

    @property
    def inspection_outcome(self) -> InspectionOutcome | None:
        if self.inspected_at is None:
            return None
        return InspectionOutcome(
            score=self.inspection_score,
            pass_line_met=bool(self.inspection_pass_line_met),
            critical_failures=self.inspection_critical_failures,
        )

    @transition(
        state, source=State.PLANNED, target=State.PLAN_SUBMITTED, permission=LEAD_DEPARTMENT_PLANS
    )
    def submit_plan(self):
        """The lead department submits the task's plan to county leadership (报批)."""

    @transition(
        state,
        source=State.PLAN_SUBMITTED,
        target=State.UNDER_CONSTRUCTION,
        conditions=[HAS_ASSIGNMENTS],
        permission=LEADER_ONLY,
    )
    def approve_plan(self):
        """Leadership approves the plan; the departments' assignments start."""

    @transition(state, source=State.PLAN_SUBMITTED, target=State.PLANNED, permission=LEADER_ONLY)
    def return_plan(self):
        """Leadership returns the plan for revision (退回修改), with its reason."""

    @transition(
        state,
        source=State.UNDER_CONSTRUCTION,
        target=State.UNDER_CONSTRUCTION,
        conditions=[NOT_ON_PREPARE_TRACK, WORK_STILL_OPEN],
        permission=LEAD_DEPARTMENT_WAIVES,
    )
    def waive_work(self):
        """The lead department lets the acceptance go ahead before every department's work is
        accepted (准许先行验收), with its reason; the open work stays owed."""

    @transition(
        state,
        source=State.UNDER_CONSTRUCTION,
        target=State.INSPECTED,
        conditions=[NOT_ON_PREPARE_TRACK, READY_FOR_ACCEPTANCE],
        permission=INSPECTOR_NOT_OWN,
    )
    def record_inspection(self, *, outcome: InspectionOutcome):
        self.inspection_score = outcome.score
        self.inspection_pass_line_met = outcome.pass_line_met
        self.inspection_critical_failures = outcome.critical_failures
        self.inspected_at = timezone.now()

    @transition(
        state,
        source=State.INSPECTED,
        target=State.RECTIFYING,
        conditions=[OUTCOME_FAILED],
        permission=INSPECTOR_OR_LEAD,
    )
    def start_rectification(self):
        """The inspection found failures: the community and departments rectify."""

    @transition(
        state,
        source=State.RECTIFYING,
        target=State.UNDER_CONSTRUCTION,
        conditions=[NO_UNANSWERED_ORDER],
        permission=RECTIFICATION_CLOSERS,
    )
    def resume_construction(self):
        """Rectification answered: back to construction, and to a new acceptance inspection."""

    @transition(
        state,
        source=State.INSPECTED,
        target=State.PASSED,
        conditions=[
            NOT_ON_DISTINCTIVE_TRACK,
            PASS_LINE_MET,
            NO_CRITICAL_FAILURE,
            NO_OPEN_CRITICAL_ORDER,
        ],
        permission=LEADER_ONLY,
    )
    def approve_pass(self):
        """Leadership approves the pass."""

    @transition(
        state,
        source=State.INSPECTED,
        target=State.RECTIFYING,
        conditions=[NOT_ON_DISTINCTIVE_TRACK, OUTCOME_PASSED],
        permission=LEADER_ONLY,
    )
    def refuse_pass(self):
        """Leadership does not pass it (不予通过): its reason is what must be rectified."""

    # The distinctive track (创出特色): a community that passed in an earlier year raises its
    # level; its own work is inspected against the distinctive standards and the leader names
    # it distinctive straight from that inspection: no second creation loop, no second pass.
    @transition(
        state,
        source=State.INSPECTED,
        target=State.DISTINCTIVE,
        conditions=[
            ON_DISTINCTIVE_TRACK,
            PASS_LINE_MET,
            NO_CRITICAL_FAILURE,
            NO_OPEN_CRITICAL_ORDER,
            MEETS_DISTINCTIVE,
        ],
        permission=LEADER_ONLY,
    )
    def approve_distinctive(self):
        """Leadership names the community on the distinctive track a distinctive one."""

    @transition(
        state,
        source=State.INSPECTED,
        target=State.RECTIFYING,
        conditions=[ON_DISTINCTIVE_TRACK, OUTCOME_PASSED],
        permission=LEADER_ONLY,
    )
    def refuse_distinctive(self):
        """Leadership does not name it distinctive, with its reason: what to raise still."""

    # The prepare track (明年达标): the community's figures are surveyed (摸清底数), the plan is
    # approved and the departments prepare; the lead department then says whether it is ready
    # to be created next year. It is not inspected for acceptance this year.
    @transition(
        state,
        source=State.UNDER_CONSTRUCTION,
        target=State.READY,
        conditions=[ON_PREPARE_TRACK, NO_READINESS_GAP],
        permission=LEAD_DEPARTMENT_ASSESSES,
    )
    def assess_ready(self):
        """The lead department finds the community ready to be created next year."""

    @transition(
        state,
        source=State.UNDER_CONSTRUCTION,
        target=State.NOT_READY,
        conditions=[ON_PREPARE_TRACK],
        permission=LEAD_DEPARTMENT_ASSESSES,
    )
    def assess_not_ready(self):
        """Not ready yet, with the reasons: the gaps that remain and who owes them."""


class TaskTransition(AuditRecord):
    """The audit trail of a task: one row for every state change."""

    subject_field = "task"

    task = models.ForeignKey(
        CreationTask, verbose_name=_("创建任务"), on_delete=models.PROTECT, related_name="history"
    )
    source = models.CharField(_("原状态"), max_length=30, choices=CreationTask.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=CreationTask.State.choices)

    class Meta:
        verbose_name = _("状态变更记录")
        verbose_name_plural = _("状态变更记录")
        ordering = ["task", "at", "id"]

    def __str__(self):
        return f"{self.task} {self.get_source_display()} → {self.get_target_display()}"


TASK_MACHINE = Machine(
    audit=TaskTransition,
    subject=_("该任务"),
    actions={
        "submit_plan": _("报批创建计划"),
        "approve_plan": _("批准创建计划"),
        "return_plan": _("退回修改"),
        "waive_work": _("准许先行验收"),
        "record_inspection": _("录入验收结果"),
        "start_rectification": _("启动整改"),
        "resume_construction": _("整改完成，恢复创建"),
        "approve_pass": _("审批创建达标"),
        "refuse_pass": _("不予通过"),
        "approve_distinctive": _("审批特色社区"),
        "refuse_distinctive": _("不予认定特色社区"),
        "assess_ready": _("评估为具备明年创建条件"),
        "assess_not_ready": _("评估为暂不具备创建条件"),
    },
    reasons_required={
        "return_plan": _("退回修改须填写理由，告诉牵头部门计划需要修改什么。"),
        "refuse_pass": _("不予通过须填写理由，写明社区和部门需要整改的问题。"),
        "refuse_distinctive": _("不予认定须填写理由，告诉社区还差什么。"),
        "waive_work": _("准许先行验收须填写理由，写明为何不等各部门办结即可验收。"),
        "assess_not_ready": _("评估为暂不具备条件须填写理由，写明还差什么、由谁在何时解决。"),
    },
    # A refusal stays before the eyes of whoever must act, until they act again.
    confirmations={
        "approve_pass": _(
            "审批达标后，%(object)s创建任务即为“创建达标”，计入全县达标数、社区得分和通报。"
            "此操作不能撤销。"
        ),
        "approve_distinctive": _(
            "认定后，%(object)s即为“特色社区”，计入驾驶舱和通报。此操作不能撤销。"
        ),
        "assess_ready": _(
            "评估后，%(object)s即为“具备明年创建条件”，列入明年创建对象。此操作不能撤销。"
        ),
    },
    answered_by={
        "return_plan": ("submit_plan",),
        "refuse_pass": ("record_inspection",),
        "refuse_distinctive": ("record_inspection",),
    },
)


class DutyArea(models.TextChoices):
    """The duty areas of section 三(二) of the seed, by which work is assigned to departments."""

    PREMISES = "premises", _("社区工作用房")
    FUNDING = "funding", _("设施建设和工作经费")
    STAFFING = "staffing", _("社区工作者招聘和公务员挂职")
    ORGANISATION = "organisation", _("组织建设和社区党建")
    GUIDANCE = "guidance", _("指导协调、社会组织和养老服务")
    SUPPORT = "support", _("职能支持")
    PARTICIPATION = "participation", _("群团参与")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("牵头")
    SUPPORT = "support", _("配合")


class DutyRule(models.Model):
    """One row of the duty matrix: which department owes what, in which role, how soon."""

    track = models.CharField(
        _("创建类别"),
        max_length=20,
        choices=Track.choices,
        default=Track.CREATE,
        help_text=_("交办给哪一类社区的创建任务：每个类别各有其任务。"),
    )
    area = models.CharField(_("职责事项"), max_length=20, choices=DutyArea.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.CASCADE, related_name="duty_rules"
    )
    role = models.CharField(_("角色"), max_length=10, choices=AssignmentRole.choices)
    owed = models.CharField(_("任务内容"), max_length=300)
    days_allowed = models.PositiveSmallIntegerField(
        _("完成天数"), default=60, help_text=_("计划批准后多少天内完成。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("职责矩阵")
        verbose_name_plural = _("职责矩阵")
        ordering = ["track", "area", "role", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "area", "department"],
                name="duty_rule_unique_track_area_department",
                violation_error_message=_("该部门在此类别的此职责事项下已有一条规则。"),
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_track_display()} · {self.get_area_display()} · "
            f"{self.department.short_name}（{self.get_role_display()}）"
        )


# A task's departments work on it while it is built or rectified.
OPEN_FOR_WORK = (CreationTask.State.UNDER_CONSTRUCTION, CreationTask.State.RECTIFYING)


def _task_open_for_work(assignment) -> bool:
    return assignment.task.state in OPEN_FOR_WORK


def _has_progress_report(assignment) -> bool:
    return assignment.reports.exists()


def _staff_of_assigned_department(assignment, person) -> bool:
    return person.department is not None and person.department.pk == assignment.department_id


TASK_OPEN_FOR_WORK = Condition(
    _task_open_for_work, _("创建任务不在“创建中”或“整改中”阶段，部门任务暂不能办理。")
)
HAS_PROGRESS_REPORT = Condition(
    _has_progress_report, _("尚未报送进展情况：请先填写至少一份进展报告再提交。")
)
ASSIGNED_DEPARTMENT_ONLY = Permission(
    _("只有承办部门的工作人员可以办理此项任务。"),
    roles=(Role.DEPARTMENT_STAFF,),
    check=_staff_of_assigned_department,
)


def _not_done_by_the_acceptor(assignment, person) -> bool:
    # Four eyes: whoever reported or submitted the work does not accept it too, even when
    # they hold both the lead department's role and a department clerk's.
    return not (
        assignment.reports.filter(author_id=person.user_id).exists()
        or assignment.history.filter(action="submit", actor_id=person.user_id).exists()
    )


LEAD_DEPARTMENT_ONLY = Permission(
    _("只有牵头部门可以验收或退回部门任务。"), roles=(Role.LEAD_DEPARTMENT,)
)
LEAD_DEPARTMENT_NOT_OWN_WORK = Permission(
    _("只有牵头部门可以验收或退回部门任务。"),
    roles=(Role.LEAD_DEPARTMENT,),
    rules=[
        (
            _not_done_by_the_acceptor,
            _("这项工作由您本人报送或提交，不能再由您验收：请牵头部门的其他工作人员验收。"),
        )
    ],
)


FINISHED_TASK_STATES = ["passed", "distinctive", "ready"]


def _open_work_q() -> models.Q:
    # Work is open until accepted, or until its task has passed and owes nothing more.
    return ~models.Q(state=Assignment.State.ACCEPTED) & ~models.Q(
        task__state__in=FINISHED_TASK_STATES
    )


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(_open_work_q())

    def done(self):
        """Nothing more owed: accepted, or its task passed (the cockpit's 已完成)."""
        return self.exclude(_open_work_q())

    def all_accepted(self) -> bool:
        """Some work, and all of it accepted: the task is ready for its acceptance inspection."""
        return self.exists() and not self.exclude(state=Assignment.State.ACCEPTED).exists()

    @staticmethod
    def _light_ranges(today=None) -> dict:
        """Each light's deadlines, for open work: the rule of `light_expression`."""
        today = today or timezone.localdate()
        soon = today + timedelta(days=settings.DUE_SOON_DAYS)
        return {
            Light.RED: models.Q(deadline__lt=today),
            Light.YELLOW: models.Q(deadline__gte=today, deadline__lte=soon),
            Light.GREEN: models.Q(deadline__gt=soon),
        }

    def lit(self, light: str):
        """The open work whose light is `light`, by deadline ranges an index can use."""
        return self.open().filter(self._light_ranges()[light])

    def light_counts(self) -> dict[str, int]:
        """How much open work has each light, in one aggregate."""
        return self.open().aggregate(
            **{light: models.Count("id", filter=q) for light, q in self._light_ranges().items()}
        )

    def lights_by_department(self, *, today=None):
        """Per department: open work by light, and the work done (nothing more owed)."""
        open_q = _open_work_q()
        return (
            self.values("department_id")
            .annotate(
                **{
                    light: models.Count("id", filter=open_q & q)
                    for light, q in self._light_ranges(today).items()
                },
                done=models.Count("id", filter=~open_q),
            )
            .order_by()
        )

    def with_light(self):
        """Annotate `light` (red/yellow/green; empty when the work is done) in the database.

        The task's state is looked up per row rather than joined: a list's page looks up a
        page of tasks, and the paginator's count of a province's work stays a plain count.
        """
        task_finished = models.Exists(
            CreationTask.objects.filter(
                pk=models.OuterRef("task_id"), state__in=FINISHED_TASK_STATES
            )
        )
        open_q = ~models.Q(state=Assignment.State.ACCEPTED) & ~models.Q(task_finished)
        return self.annotate(light=light_expression("deadline", open_q=open_q))


class Assignment(ConcurrentTransitionMixin, models.Model):
    """Work a department owes on one creation task (部门任务 / 交办)."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("已交办")
        IN_PROGRESS = "in_progress", _("办理中")
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已验收")
        RETURNED = "returned", _("已退回")

    task = models.ForeignKey(
        CreationTask,
        verbose_name=_("创建任务"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="assignments"
    )
    area = models.CharField(_("职责事项"), max_length=20, choices=DutyArea.choices)
    role = models.CharField(_("角色"), max_length=10, choices=AssignmentRole.choices)
    owed = models.CharField(_("任务内容"), max_length=300)
    deadline = models.DateField(_("完成期限"))
    state = FSMField(
        _("状态"), default=State.ASSIGNED, choices=State.choices, protected=True, db_index=True
    )
    created_at = models.DateTimeField(_("交办时间"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门任务")
        verbose_name_plural = _("部门任务")
        ordering = ["deadline", "task", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department", "area"],
                name="assignment_unique_task_department_area",
                violation_error_message=_("该部门在此任务下已有同一事项的交办。"),
            ),
        ]
        indexes = [
            # The assignment list, a department's and everyone's, walks these in order.
            models.Index(fields=["department", "deadline", "id"], name="assignment_dept_deadline"),
            models.Index(fields=["deadline", "id"], name="assignment_deadline"),
            # Whether a period's figures are stale: the newest work, walked from the end.
            models.Index(fields=["created_at"], name="assignment_created_at"),
        ]

    def __str__(self):
        return f"{self.task} · {self.department.short_name} · {self.get_area_display()}"

    @property
    def traffic_light(self) -> str | None:
        done = self.state == self.State.ACCEPTED or self.task.state in FINISHED_TASK_STATES
        return traffic_light(deadline=self.deadline, done=done)

    @transition(
        state,
        source=[State.ASSIGNED, State.RETURNED],
        target=State.IN_PROGRESS,
        conditions=[TASK_OPEN_FOR_WORK],
        permission=ASSIGNED_DEPARTMENT_ONLY,
    )
    def start_work(self):
        """The department starts (or, after a return, resumes) the work."""

    @transition(
        state,
        source=State.IN_PROGRESS,
        target=State.SUBMITTED,
        conditions=[TASK_OPEN_FOR_WORK, HAS_PROGRESS_REPORT],
        permission=ASSIGNED_DEPARTMENT_ONLY,
    )
    def submit(self):
        """The department reports the work done and asks the lead department to accept it."""

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.ACCEPTED,
        permission=LEAD_DEPARTMENT_NOT_OWN_WORK,
    )
    def accept(self):
        """The lead department accepts the work."""

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.RETURNED,
        permission=LEAD_DEPARTMENT_ONLY,
    )
    def return_work(self):
        """The lead department sends the work back, with its reason, to be done again."""

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.IN_PROGRESS,
        permission=ASSIGNED_DEPARTMENT_ONLY,
    )
    def withdraw(self):
        """The department takes back a submission the lead department has not acted on yet."""


# The department still owes work in these states; a submitted one waits for the lead department.
REMINDABLE_STATES = (
    Assignment.State.ASSIGNED,
    Assignment.State.IN_PROGRESS,
    Assignment.State.RETURNED,
)


class Light(models.TextChoices):
    """Traffic lights (红黄绿灯) on open work."""

    RED = "red", _("红灯")
    YELLOW = "yellow", _("黄灯")
    GREEN = "green", _("绿灯")


def traffic_light(*, deadline, done: bool = False, today=None) -> str | None:
    """Red when overdue, yellow when due within DUE_SOON_DAYS (today included), else green."""
    if done or deadline is None:
        return None
    today = today or timezone.localdate()
    if deadline < today:
        return Light.RED
    if deadline <= today + timedelta(days=settings.DUE_SOON_DAYS):
        return Light.YELLOW
    return Light.GREEN


def light_expression(deadline_field: str, *, open_q=None):
    """The same rule as `traffic_light`, as a database expression, so lists need no per-row query."""
    today = timezone.localdate()
    soon = today + timedelta(days=settings.DUE_SOON_DAYS)
    when_open = [open_q] if open_q is not None else []
    return models.Case(
        models.When(models.Q(**{f"{deadline_field}__isnull": True}), then=models.Value("")),
        models.When(*when_open, **{f"{deadline_field}__lt": today}, then=models.Value(Light.RED)),
        models.When(
            *when_open, **{f"{deadline_field}__lte": soon}, then=models.Value(Light.YELLOW)
        ),
        *([models.When(open_q, then=models.Value(Light.GREEN))] if open_q is not None else []),
        default=models.Value("" if open_q is not None else Light.GREEN),
        output_field=models.CharField(max_length=10),
    )


class AssignmentEvent(AuditRecord):
    """The audit trail of an assignment: one row for every state change."""

    subject_field = "assignment"

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("部门任务"), on_delete=models.PROTECT, related_name="history"
    )
    source = models.CharField(_("原状态"), max_length=30, choices=Assignment.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=Assignment.State.choices)

    class Meta:
        verbose_name = _("部门任务办理记录")
        verbose_name_plural = _("部门任务办理记录")
        ordering = ["assignment", "at", "id"]

    def __str__(self):
        return f"{self.assignment} {self.get_source_display()} → {self.get_target_display()}"


ASSIGNMENT_MACHINE = Machine(
    audit=AssignmentEvent,
    subject=_("该部门任务"),
    actions={
        "start_work": _("开始办理"),
        "submit": _("提交验收"),
        "accept": _("验收通过"),
        "return_work": _("退回重办"),
        "withdraw": _("撤回提交"),
    },
    reasons_required={"return_work": _("退回须填写理由，告诉承办部门需要补充或改正什么。")},
    answered_by={"return_work": ("submit",)},
    confirmations={
        "accept": _(
            "验收通过后，这项部门任务（%(object)s）即办结，承办部门不能再报送，"
            "并计入部门考核的按时完成率。此操作不能撤销。"
        ),
    },
)


class ProgressReport(models.Model):
    """A department's progress report (进展报告) on an assignment, with its evidence files."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("部门任务"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    text = models.TextField(_("进展情况"))
    created_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("佐证材料"), blank=True, related_name="progress_reports"
    )

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["assignment", "-created_at", "-id"]

    def __str__(self):
        return f"{self.assignment} · {self.created_at:%Y-%m-%d}"


class Reminder(models.Model):
    """A reminder (催办) to a department about one assignment; at most one per assignment a day."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("部门任务"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders_sent",
        help_text=_("为空表示系统按期限自动催办。"),
    )
    sent_at = models.DateTimeField(_("催办时间"), default=timezone.now)
    day = models.DateField(_("催办日期"), default=timezone.localdate)
    message = models.CharField(_("催办内容"), max_length=300)
    is_read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "day"],
                name="reminder_once_a_day_per_assignment",
                violation_error_message=_("该部门任务今天已催办过。"),
            ),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.day}"


def _not_the_requester(extension, person) -> bool:
    # Four eyes: whoever asked for more time does not grant it too.
    return extension.requested_by_id != person.user_id


LEAD_DEPARTMENT_DECIDES_EXTENSION = Permission(
    _("只有牵头部门可以审批延期申请。"),
    roles=(Role.LEAD_DEPARTMENT,),
    rules=[
        (
            _not_the_requester,
            _("这份延期申请是您本人提出的，不能再由您审批：请牵头部门的其他工作人员审批。"),
        )
    ],
)


class ExtensionRequest(ConcurrentTransitionMixin, models.Model):
    """延期申请: a department asks, with its reason, for a later deadline on one assignment;
    the lead department grants it (the deadline, and so the traffic light, moves) or refuses
    it with its reason. An assignment has at most one request waiting."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        GRANTED = "granted", _("已同意")
        REFUSED = "refused", _("未同意")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("部门任务"), on_delete=models.PROTECT, related_name="extensions"
    )
    previous_deadline = models.DateField(_("原完成期限"))
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    state = FSMField(
        _("状态"), default=State.PENDING, choices=State.choices, protected=True, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(state="pending"),
                name="extension_one_pending_per_assignment",
                violation_error_message=_("这项部门任务已有一份待审批的延期申请。"),
            ),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.requested_deadline}"

    @transition(
        state,
        source=State.PENDING,
        target=State.GRANTED,
        permission=LEAD_DEPARTMENT_DECIDES_EXTENSION,
    )
    def grant(self):
        """The lead department agrees: the assignment's deadline moves to the one asked for."""

    @transition(
        state,
        source=State.PENDING,
        target=State.REFUSED,
        permission=LEAD_DEPARTMENT_DECIDES_EXTENSION,
    )
    def refuse(self):
        """The lead department does not agree, with its reason; the deadline stays."""


class ExtensionEvent(AuditRecord):
    """The decision on an extension request: who granted or refused it, when and why."""

    subject_field = "request"

    request = models.ForeignKey(
        ExtensionRequest,
        verbose_name=_("延期申请"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    source = models.CharField(_("原状态"), max_length=30, choices=ExtensionRequest.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=ExtensionRequest.State.choices)

    class Meta:
        verbose_name = _("延期申请审批记录")
        verbose_name_plural = _("延期申请审批记录")
        ordering = ["request", "at", "id"]

    def __str__(self):
        return f"{self.request} {self.source} → {self.target}"


EXTENSION_MACHINE = Machine(
    audit=ExtensionEvent,
    subject=_("该延期申请"),
    actions={"grant": _("同意延期"), "refuse": _("不同意延期")},
    reasons_required={"refuse": _("不同意延期须填写理由，告诉承办部门为什么。")},
)


# The year's track plan (三个三分之一) ------------------------------------------------------------


def _unplaced(plan) -> int:
    """How many of the county's communities have no track in the plan's campaign."""
    placed = CommunityTrack.objects.filter(campaign_id=plan.campaign_id, community=OuterRef("pk"))
    return Community.objects.exclude(models.Exists(placed)).count()


EVERY_COMMUNITY_PLACED = Condition(
    lambda plan: _unplaced(plan) == 0,
    _("还有社区未确定创建类别，请先为每个社区选定类别再报批。"),
)
LEAD_DEPARTMENT_PLANS_TRACKS = Permission(
    _("只有牵头部门可以编制和报批创建类别计划。"), roles=(Role.LEAD_DEPARTMENT,)
)
LEADER_DECIDES_TRACKS = Permission(_("只有县领导可以审批创建类别计划。"), roles=(Role.LEADER,))


class TrackPlan(ConcurrentTransitionMixin, models.Model):
    """The year's track plan: the lead department places every community on a track (its
    CommunityTrack rows) and submits the plan; the leader approves it or returns it with a
    reason. Once approved the tracks stand for the year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("编制中")
        SUBMITTED = "submitted", _("待县领导审批")
        APPROVED = "approved", _("已批准")

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="track_plan"
    )
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True)

    class Meta:
        verbose_name = _("创建类别计划")
        verbose_name_plural = _("创建类别计划")
        ordering = ["-campaign__year"]

    def __str__(self):
        return _("%(year)s年创建类别计划") % {"year": self.campaign.year}

    @property
    def is_open(self) -> bool:
        """Whether the lead department may still change the tracks."""
        return self.state == self.State.DRAFT

    @transition(
        state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[EVERY_COMMUNITY_PLACED],
        permission=LEAD_DEPARTMENT_PLANS_TRACKS,
    )
    def submit(self):
        """The lead department submits the year's tracks to the leader (报批)."""

    @transition(
        state, source=State.SUBMITTED, target=State.APPROVED, permission=LEADER_DECIDES_TRACKS
    )
    def approve(self):
        """The leader approves the year's tracks."""

    @transition(state, source=State.SUBMITTED, target=State.DRAFT, permission=LEADER_DECIDES_TRACKS)
    def return_plan(self):
        """The leader returns the plan (退回修改), with its reason."""


class TrackPlanEvent(AuditRecord):
    """The audit trail of a track plan: one row for every state change."""

    subject_field = "plan"

    plan = models.ForeignKey(
        TrackPlan, verbose_name=_("创建类别计划"), on_delete=models.PROTECT, related_name="history"
    )
    source = models.CharField(_("原状态"), max_length=30, choices=TrackPlan.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=TrackPlan.State.choices)

    class Meta:
        verbose_name = _("创建类别计划记录")
        verbose_name_plural = _("创建类别计划记录")
        ordering = ["plan", "at", "id"]

    def __str__(self):
        return f"{self.plan} {self.get_source_display()} → {self.get_target_display()}"


TRACK_PLAN_MACHINE = Machine(
    audit=TrackPlanEvent,
    subject=_("该类别计划"),
    actions={
        "submit": _("报批类别计划"),
        "approve": _("批准类别计划"),
        "return_plan": _("退回修改"),
    },
    reasons_required={
        "return_plan": _("退回修改须填写理由，告诉牵头部门哪些社区的类别需要调整。"),
    },
    confirmations={
        "approve": _(
            "批准后，%(object)s即确定：各社区按所列类别开展工作、计分和排名，"
            "本年度不能再调整。此操作不能撤销。"
        ),
    },
    answered_by={"return_plan": ("submit",)},
)
