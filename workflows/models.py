"""Each community's creation task (创建任务) and the work departments owe on it.

The task's `state` is the single source of truth: it changes only through the @transition
methods below, called by `workflows.services.task_transition`, which saves and writes the
audit row in the same transaction.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from supervision.models import Campaign, Community, CommunityTrack, Department, Role, Track
from supervision.roles import person_of


@dataclass(frozen=True)
class InspectionOutcome:
    """What an acceptance inspection found, as the task needs it to decide pass or rectify."""

    score: Decimal
    pass_line_met: bool
    critical_failures: int

    @property
    def failed(self) -> bool:
        return not self.pass_line_met or self.critical_failures > 0


class Condition:
    """A transition condition that can say, in Chinese, why it is not met."""

    def __init__(self, check, message):
        self.check = check
        self.message = message
        self.__name__ = check.__name__

    def __call__(self, task) -> bool:
        return bool(self.check(task))


class Permission:
    """A transition permission that can say who may do it."""

    def __init__(self, check, message):
        self.check = check
        self.message = message

    def __call__(self, task, user) -> bool:
        return bool(user.is_authenticated and self.check(task, person_of(user)))


def _has_assignments(task) -> bool:
    return task.assignments.exists()


def _outcome_failed(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.failed


def _outcome_passed(task) -> bool:
    return task.inspection_outcome is not None and not task.inspection_outcome.failed


def _pass_line_met(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.pass_line_met


def _no_critical_failure(task) -> bool:
    return task.inspection_outcome is not None and task.inspection_outcome.critical_failures == 0


def _on_distinctive_track(task) -> bool:
    return task.track == Track.DISTINCTIVE


def _meets_distinctive_standards(task) -> bool:
    # The seed's distinctive-track staffing standards: at least one certified social worker
    # and at least three filed community social organisations.
    community = task.community
    return community.certified_social_workers >= 1 and community.filed_social_organisations >= 3


def _no_open_critical_order(task) -> bool:
    from assessments.models import RectificationOrder

    return (
        not task.rectification_orders.filter(is_critical=True)
        .exclude(state=RectificationOrder.State.VERIFIED)
        .exists()
    )


def _no_unanswered_order(task) -> bool:
    from assessments.models import RectificationOrder

    return not task.rectification_orders.filter(state__in=RectificationOrder.OPEN_STATES).exists()


HAS_ASSIGNMENTS = Condition(_has_assignments, _("尚未向部门交办任务：职责矩阵中没有可交办的部门。"))
OUTCOME_FAILED = Condition(_outcome_failed, _("验收结果合格，无需整改。"))
PASS_LINE_MET = Condition(_pass_line_met, _("验收得分未达到合格线，不能审批达标。"))
NO_CRITICAL_FAILURE = Condition(
    _no_critical_failure, _("验收发现关键指标不合格，须整改后重新验收。")
)
ON_DISTINCTIVE_TRACK = Condition(_on_distinctive_track, _("该社区本年度不在“创出特色”类别。"))
MEETS_DISTINCTIVE = Condition(
    _meets_distinctive_standards,
    _("尚未达到特色社区标准（至少一名持证社工，至少3支备案社区社会组织）。"),
)

NO_OPEN_CRITICAL_ORDER = Condition(
    _no_open_critical_order, _("关键指标的整改通知尚未核验销号，不能审批达标。")
)
NO_UNANSWERED_ORDER = Condition(_no_unanswered_order, _("还有整改通知未反馈，不能恢复创建。"))

LEADER_ONLY = Permission(lambda task, person: person.has(Role.LEADER), _("只有县领导可以审批。"))
INSPECTOR_NOT_OWN = Permission(
    lambda task, person: person.has(Role.INSPECTOR) and person.community != task.community,
    _("只有督查员可以录入验收，且不能验收本人所在社区。"),
)
INSPECTOR_OR_LEAD = Permission(
    lambda task, person: person.has(Role.INSPECTOR, Role.LEAD_DEPARTMENT),
    _("只有督查员或牵头部门可以启动整改。"),
)
RECTIFICATION_CLOSERS = Permission(
    lambda task, person: person.has(Role.INSPECTOR, Role.LEAD_DEPARTMENT),
    _("只有督查员或牵头部门可以确认整改完成、恢复创建。"),
)


class CreationTask(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("列入计划")
        UNDER_CONSTRUCTION = "under_construction", _("创建中")
        INSPECTED = "inspected", _("已验收待审批")
        RECTIFYING = "rectifying", _("整改中")
        PASSED = "passed", _("创建达标")
        DISTINCTIVE = "distinctive", _("特色社区")

    PASS_LINE = Decimal("80")

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
        state,
        source=State.PLANNED,
        target=State.UNDER_CONSTRUCTION,
        conditions=[HAS_ASSIGNMENTS],
        permission=LEADER_ONLY,
    )
    def approve_plan(self, *, by, comment=""):
        """Leadership approves the plan; the departments' assignments start."""

    @transition(
        state,
        source=State.UNDER_CONSTRUCTION,
        target=State.INSPECTED,
        permission=INSPECTOR_NOT_OWN,
    )
    def record_inspection(self, *, by, outcome: InspectionOutcome, comment=""):
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
    def start_rectification(self, *, by, comment=""):
        """The inspection found failures: the community and departments rectify."""

    @transition(
        state,
        source=State.RECTIFYING,
        target=State.UNDER_CONSTRUCTION,
        conditions=[NO_UNANSWERED_ORDER],
        permission=RECTIFICATION_CLOSERS,
    )
    def resume_construction(self, *, by, comment=""):
        """Rectification answered: back to construction, and to a new acceptance inspection."""

    @transition(
        state,
        source=State.INSPECTED,
        target=State.PASSED,
        conditions=[PASS_LINE_MET, NO_CRITICAL_FAILURE, NO_OPEN_CRITICAL_ORDER],
        permission=LEADER_ONLY,
    )
    def approve_pass(self, *, by, comment=""):
        """Leadership approves the pass."""

    @transition(
        state,
        source=State.PASSED,
        target=State.DISTINCTIVE,
        conditions=[ON_DISTINCTIVE_TRACK, MEETS_DISTINCTIVE],
        permission=LEADER_ONLY,
    )
    def approve_distinctive(self, *, by, comment=""):
        """Leadership names a passed community on the distinctive track a distinctive one."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("状态变更记录不可修改。")

    def delete(self):
        raise PermissionError("状态变更记录不可删除。")


class TaskTransition(models.Model):
    """The audit trail: one row for every state change of a task. Never edited or deleted."""

    task = models.ForeignKey(
        CreationTask, verbose_name=_("创建任务"), on_delete=models.PROTECT, related_name="history"
    )
    action = models.CharField(_("操作"), max_length=40)
    source = models.CharField(_("原状态"), max_length=30, choices=CreationTask.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=CreationTask.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="task_transitions",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("状态变更记录")
        verbose_name_plural = _("状态变更记录")
        ordering = ["task", "at", "id"]

    def __str__(self):
        return f"{self.task} {self.get_source_display()} → {self.get_target_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("状态变更记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("状态变更记录不可删除。")


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
        ordering = ["area", "role", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "department"],
                name="duty_rule_unique_area_department",
                violation_error_message=_("该部门在此职责事项下已有一条规则。"),
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_area_display()} · {self.department.short_name}（{self.get_role_display()}）"
        )


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

    def __str__(self):
        return f"{self.task} · {self.department.short_name} · {self.get_area_display()}"
