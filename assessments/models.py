"""The standards catalogue (创建标准), inspections (督查) and rectification orders (整改通知).

A catalogue belongs to one campaign year and has numbered versions; an inspection keeps the
version it was scored under and each finding stores the points it awarded, so editing a later
version never changes an old score.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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
from workflows.models import Assignment, AssignmentEvent, ExtensionEvent, TaskTransition


class WorkArea(models.TextChoices):
    PARTY_BUILDING = "party_building", _("社区党建")
    SELF_GOVERNANCE = "self_governance", _("居民自治")
    INFRASTRUCTURE = "infrastructure", _("基础设施建设和运行")
    INFORMATISATION = "informatisation", _("社区信息化")
    SERVICES = "services", _("社区服务")
    CO_CONSTRUCTION = "co_construction", _("共建共享")


class Measure(models.TextChoices):
    YES_NO = "yes_no", _("是否达到")
    AT_LEAST = "at_least", _("数值不低于")
    COUNT_AT_LEAST = "count_at_least", _("数量不少于")
    PER_100_HOUSEHOLDS = "per_100_households", _("每百户不低于")


class ProfileFact(models.TextChoices):
    """The community profile facts (supervision.Community fields) a numeric standard measures."""

    PREMISES_AREA = "premises_area", _("管理和服务用房面积（平方米）")
    ELDERLY_CARE_AREA = "elderly_care_area", _("养老服务用房面积（平方米）")
    STAFF_COUNT = "staff_count", _("社区工作人员数")
    CERTIFIED_SOCIAL_WORKERS = "certified_social_workers", _("持证社工数")
    FILED_SOCIAL_ORGANISATIONS = "filed_social_organisations", _("备案社区社会组织数")
    REGISTERED_SOCIAL_ORGANISATIONS = "registered_social_organisations", _("注册登记社会组织数")
    OFFICE_COMPUTERS = "office_computers", _("办公电脑数")


class Catalogue(models.Model):
    """One version of a campaign year's standards catalogue."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="catalogues"
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    title = models.CharField(_("名称"), max_length=100)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    pass_share = models.DecimalField(
        _("合格线（占本类别满分的百分比）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "验收得分达到社区所在类别适用指标满分的这一比例，且关键指标全部合格，方可审批达标。"
        ),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("创建标准版本")
        verbose_name_plural = _("创建标准版本")
        ordering = ["-campaign__year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "version"],
                name="catalogue_unique_version_per_campaign",
                violation_error_message=_("该年度已有同一版本号的创建标准。"),
            ),
        ]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    def track_maximum(self, track: str | None) -> Decimal:
        """The points of the standards that apply to `track`: its yardstick's maximum."""
        total = self.indicators.filter(indicator_applies_to(track)).aggregate(
            total=models.Sum("points")
        )["total"]
        return Decimal(total or 0)

    def pass_line(self, track: str | None) -> Decimal:
        """The acceptance score a community of `track` must reach: a share of its maximum."""
        return (self.track_maximum(track) * self.pass_share / 100).quantize(Decimal("0.01"))

    @property
    def is_used(self) -> bool:
        """Scored findings refer to this version: it must stay as it was."""
        return Finding.objects.filter(indicator__catalogue=self).exists()


class Indicator(models.Model):
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=_("创建标准版本"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("编号"), max_length=20)
    name = models.CharField(_("指标"), max_length=200)
    work_area = models.CharField(_("工作领域"), max_length=20, choices=WorkArea.choices)
    for_create = models.BooleanField(_("适用今年创建"), default=True)
    for_distinctive = models.BooleanField(_("适用创出特色"), default=False)
    for_prepare = models.BooleanField(_("适用明年达标"), default=False)
    measure = models.CharField(_("计量方式"), max_length=20, choices=Measure.choices)
    fact = models.CharField(
        _("对应社区资料"),
        max_length=40,
        choices=ProfileFact.choices,
        blank=True,
        help_text=_("数值类指标从社区自报资料预填。"),
    )
    threshold = models.DecimalField(
        _("达标值"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("数值、数量的下限；每百户指标为每百户的下限。"),
    )
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    is_critical = models.BooleanField(
        _("关键指标"), default=False, help_text=_("关键指标不合格，不能审批达标。")
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("责任部门"), blank=True, related_name="indicators"
    )
    evidence_required = models.TextField(_("佐证材料"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("创建指标")
        verbose_name_plural = _("创建指标")
        ordering = ["catalogue", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "code"],
                name="indicator_unique_code_per_catalogue",
                violation_error_message=_("该版本中已有同一编号的指标。"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.measure != Measure.YES_NO

    @property
    def tracks(self) -> list[str]:
        flags = {
            Track.CREATE: self.for_create,
            Track.DISTINCTIVE: self.for_distinctive,
            Track.PREPARE: self.for_prepare,
        }
        return [track for track, on in flags.items() if on]

    def clean(self):
        if self.is_numeric and (self.threshold is None or not self.fact):
            raise ValidationError(_("数值类指标须填写达标值和对应社区资料。"))

    def self_reported_value(self, community: Community) -> Decimal | None:
        if not self.is_numeric or not self.fact:
            return None
        return Decimal(getattr(community, self.fact))

    def is_met_by(self, *, value, households: int = 0) -> bool:
        """Whether a measured value meets this standard; `value` is a bool for yes/no ones."""
        if self.measure == Measure.YES_NO:
            return bool(value)
        if value is None:
            return False
        value = Decimal(value)
        if self.measure == Measure.PER_100_HOUSEHOLDS:
            if households <= 0:
                return False
            # Compare without dividing: 30 m² for 150 households is exactly 20 per 100.
            return value * 100 >= self.threshold * households
        return value >= self.threshold


def indicator_applies_to(track: str | None) -> Q:
    return {
        Track.CREATE: Q(for_create=True),
        Track.DISTINCTIVE: Q(for_distinctive=True),
        Track.PREPARE: Q(for_prepare=True),
    }.get(track, Q(for_create=True))


class SpotCheckDraw(models.Model):
    """A random draw of communities and standards; the stored seed reproduces it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="draws"
    )
    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("创建标准版本"), on_delete=models.PROTECT, related_name="draws"
    )
    seed = models.BigIntegerField(_("随机种子"))
    community_count = models.PositiveSmallIntegerField(_("抽取社区数"))
    indicator_count = models.PositiveSmallIntegerField(_("抽取指标数"))
    communities = models.ManyToManyField(Community, verbose_name=_("抽中社区"), related_name="+")
    indicators = models.ManyToManyField(Indicator, verbose_name=_("抽中指标"), related_name="+")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽签人"), on_delete=models.PROTECT
    )
    drawn_at = models.DateTimeField(_("抽签时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽查抽签")
        verbose_name_plural = _("抽查抽签")
        ordering = ["-drawn_at"]

    def __str__(self):
        return f"{self.campaign.year} 抽查 #{self.pk}（种子 {self.seed}）"


class SpotCheckPick(models.Model):
    """One standard a drawn community is checked against: drawn from its own track's."""

    draw = models.ForeignKey(
        SpotCheckDraw, verbose_name=_("抽查抽签"), on_delete=models.CASCADE, related_name="picks"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("抽中指标")
        verbose_name_plural = _("抽中指标")
        ordering = ["draw", "community", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "community", "indicator"], name="spot_check_pick_once"
            ),
        ]

    def __str__(self):
        return f"{self.draw_id} {self.community} {self.indicator.code}"


class InspectionQuerySet(models.QuerySet):
    def with_possible(self):
        """Annotate `possible`: the most the inspection could have scored, the points of every
        standard it recorded (a spot-check of two standards is out of their points, not 100)."""
        points = (
            Finding.objects.filter(inspection=models.OuterRef("pk"))
            .order_by()
            .values("inspection")
            .annotate(total=models.Sum("indicator__points"))
            .values("total")
        )
        return self.annotate(possible=models.Subquery(points))


class Inspection(models.Model):
    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("验收")
        SPOT_CHECK = "spot_check", _("抽查")
        FOLLOW_UP = "follow_up", _("复查")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="inspections"
    )
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=_("评分所用标准版本"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("督查类型"), max_length=20, choices=Kind.choices)
    draw = models.ForeignKey(
        SpotCheckDraw,
        verbose_name=_("抽查抽签"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督查员"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("督查日期"), default=timezone.localdate)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1, default=0)
    critical_failures = models.PositiveIntegerField(_("关键指标不合格数"), default=0)
    remarks = models.TextField(_("督查意见"), blank=True)
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督查记录")
        verbose_name_plural = _("督查记录")
        ordering = ["-inspected_on", "-id"]
        indexes = [
            # Scoring a period looks up each community's latest findings as of a date.
            models.Index(fields=["campaign", "community", "inspected_on"]),
            # Lists show the newest first, a page at a time.
            models.Index(fields=["-inspected_on", "-id"], name="inspection_newest_first"),
        ]

    def __str__(self):
        return f"{self.community} {self.get_kind_display()} {self.inspected_on}"

    @property
    def possible_points(self):
        """The most it could have scored: the points of every standard it recorded."""
        if hasattr(self, "possible"):
            return self.possible
        total = self.findings.aggregate(total=models.Sum("indicator__points"))["total"]
        return total if total is not None else Decimal(0)


class Finding(models.Model):
    """What an inspection found for one standard; points as awarded then, never recomputed."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查记录"), on_delete=models.CASCADE, related_name="findings"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="findings"
    )
    measured_value = models.DecimalField(
        _("实测值"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    met = models.BooleanField(_("达标"))
    points_awarded = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    remarks = models.TextField(_("备注"), blank=True)
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("引用的佐证材料"), blank=True, related_name="findings"
    )
    photos = models.ManyToManyField(
        Evidence, verbose_name=_("现场照片"), blank=True, related_name="photo_of"
    )

    class Meta:
        verbose_name = _("督查发现")
        verbose_name_plural = _("督查发现")
        ordering = ["inspection", "indicator__sort_order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "indicator"],
                name="finding_unique_indicator_per_inspection",
                violation_error_message=_("同一次督查中每项指标只能记录一次。"),
            ),
        ]

    def __str__(self):
        return f"{self.inspection} · {self.indicator.code}"


def _responsible_party(order, person) -> bool:
    if order.responsible_department_id:
        return person.department is not None and (
            person.department.pk == order.responsible_department_id
        )
    return (
        person.has(Role.COMMUNITY_STAFF)
        and person.community is not None
        and person.community.pk == order.responsible_community_id
    )


ORDER_ANSWERERS = Permission(
    _("只有责任部门或责任社区可以反馈整改情况。"),
    roles=(Role.DEPARTMENT_STAFF, Role.LEAD_DEPARTMENT, Role.COMMUNITY_STAFF),
    check=_responsible_party,
)


def _not_answered_by_the_verifier(order, person) -> bool:
    # Four eyes: whoever answered the order does not verify it too.
    return not order.events.filter(action="answer", actor_id=person.user_id).exists()


ORDER_VERIFIERS = Permission(
    _("只有督查员可以核验整改，且不能核验本人所在社区。"),
    roles=(Role.INSPECTOR,),
    check=lambda order, person: NOT_OWN_COMMUNITY.allows(
        person, order.finding.inspection.community_id
    ),
)
ORDER_VERIFIERS_NOT_OWN_ANSWER = Permission(
    _("只有督查员可以核验整改，且不能核验本人所在社区。"),
    roles=(Role.INSPECTOR,),
    check=ORDER_VERIFIERS.check,
    rules=[
        (
            _not_answered_by_the_verifier,
            _("这份整改通知由您本人反馈，不能再由您核验：请其他督查员核验。"),
        )
    ],
)


class RectificationOrderQuerySet(models.QuerySet):
    def unanswered(self):
        """Issued or sent back, and not answered since."""
        return self.filter(state__in=RectificationOrder.OPEN_STATES)

    def critical_unverified(self):
        """Orders of a critical standard an inspector has not yet verified: they block a pass."""
        return self.filter(is_critical=True).exclude(state=RectificationOrder.State.VERIFIED)


class RectificationOrder(ConcurrentTransitionMixin, models.Model):
    """整改通知: raised from a failed finding, answered with evidence, verified by an inspector."""

    class State(models.TextChoices):
        ISSUED = "issued", _("已下发")
        ANSWERED = "answered", _("已反馈")
        VERIFIED = "verified", _("已销号")
        REOPENED = "reopened", _("退回重改")

    OPEN_STATES = (State.ISSUED, State.REOPENED)

    finding = models.ForeignKey(
        Finding, verbose_name=_("督查发现"), on_delete=models.PROTECT, related_name="orders"
    )
    task = models.ForeignKey(
        "workflows.CreationTask",
        verbose_name=_("创建任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    responsible_community = models.ForeignKey(
        Community,
        verbose_name=_("责任社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    is_critical = models.BooleanField(_("关键指标"), default=False)
    state = FSMField(
        _("状态"), default=State.ISSUED, choices=State.choices, protected=True, db_index=True
    )
    answer = models.TextField(_("整改情况"), blank=True)
    answer_evidence = models.ForeignKey(
        Evidence,
        verbose_name=_("整改佐证"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    objects = RectificationOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["deadline", "id"]
        # The list pages in this order: without the index every page sorts every order.
        indexes = [
            models.Index(fields=["deadline", "id"], name="order_deadline_first"),
            # Inspectors' home: answered orders, the longest waiting first.
            models.Index(fields=["state", "answered_at", "id"], name="order_state_answered"),
            # Whether a period's figures are stale: the newest order, walked from the end.
            models.Index(fields=["issued_at"], name="order_issued_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_department__isnull=True)
                ^ Q(responsible_community__isnull=True),
                name="order_one_responsible_party",
                violation_error_message=_("整改责任方须为一个部门或一个社区。"),
            ),
        ]

    def __str__(self):
        return f"{self.finding.inspection.community} · {self.finding.indicator.code} 整改"

    @property
    def responsible(self):
        return self.responsible_department or self.responsible_community

    @property
    def is_overdue(self) -> bool:
        return self.state in self.OPEN_STATES and self.deadline < timezone.localdate()

    @transition(
        state,
        source=[State.ISSUED, State.REOPENED],
        target=State.ANSWERED,
        permission=ORDER_ANSWERERS,
    )
    def answer_with(self, *, answer: str, answer_evidence=None):
        self.answer = answer
        if answer_evidence is not None:
            self.answer_evidence = answer_evidence
        self.answered_at = timezone.now()

    @transition(
        state,
        source=State.ANSWERED,
        target=State.VERIFIED,
        permission=ORDER_VERIFIERS_NOT_OWN_ANSWER,
    )
    def verify(self):
        """An inspector confirms the rectification on site."""
        self.verified_at = timezone.now()

    @transition(state, source=State.ANSWERED, target=State.REOPENED, permission=ORDER_VERIFIERS)
    def reopen(self):
        """The answer does not fix the problem: back to the responsible party."""


class OrderEvent(AuditRecord):
    """The audit trail of a rectification order: one row for every state change."""

    subject_field = "order"

    order = models.ForeignKey(
        RectificationOrder,
        verbose_name=_("整改通知"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    source = models.CharField(_("原状态"), max_length=30, choices=RectificationOrder.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=RectificationOrder.State.choices)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["order", "at", "id"]

    def __str__(self):
        return f"{self.order} {self.source} → {self.target}"


ORDER_MACHINE = Machine(
    audit=OrderEvent,
    subject=_("该整改通知"),
    actions={"answer": _("反馈整改情况"), "verify": _("核验销号"), "reopen": _("退回重改")},
    methods={"answer": "answer_with"},
    reasons_required={"reopen": _("退回重改须填写理由，告诉责任方整改还差什么。")},
    answered_by={"reopen": ("answer",)},
    confirmations={
        "verify": _(
            "核验销号后，整改通知（%(object)s）即关闭，责任方不再整改；"
            "关键指标的整改全部销号后，该社区方可审批达标。此操作不能撤销。"
        ),
    },
)


# ---------------------------------------------------------------------------
# Goal-management assessment (目标管理考核) and progress circulars (定期通报)
# ---------------------------------------------------------------------------


class ScoringPeriod(models.Model):
    """A month, quarter or year of a campaign, scored as of its last day."""

    class Kind(models.TextChoices):
        MONTH = "month", _("月度")
        QUARTER = "quarter", _("季度")
        YEAR = "year", _("年度")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("周期类型"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("名称"), max_length=30, help_text=_("例如“2015年3月”。"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    computed_at = models.DateTimeField(_("计分时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["campaign", "ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "label"],
                name="period_unique_label_per_campaign",
                violation_error_message=_("该年度已有同名考核周期。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_start",
                violation_error_message=_("截止日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_frozen(self) -> bool:
        """A published circular rests on this snapshot: it may not be recomputed."""
        return self.circulars.filter(state=Circular.State.PUBLISHED).exists()

    def _change_sources(self):
        """What the period's scores and circular figures are counted from, each with the time
        its rows change: (rows, time field), inspections first, a task's states last (they
        count in the circular's figures, not in any score)."""
        end = timezone.make_aware(datetime.datetime.combine(self.ends_on, datetime.time.max))
        campaign, on = self.campaign_id, self.ends_on
        return [
            (Inspection.objects.filter(campaign=campaign, inspected_on__lte=on), "recorded_at"),
            (
                RectificationOrder.objects.filter(
                    finding__inspection__campaign=campaign, issued_at__lte=end
                ),
                "issued_at",
            ),
            (
                OrderEvent.objects.filter(
                    order__finding__inspection__campaign=campaign, at__lte=end
                ),
                "at",
            ),
            (Assignment.objects.filter(task__campaign=campaign, deadline__lte=on), "created_at"),
            (
                AssignmentEvent.objects.filter(assignment__task__campaign=campaign, at__lte=end),
                "at",
            ),
            (
                ExtensionEvent.objects.filter(
                    request__assignment__task__campaign=campaign, action="grant", at__lte=end
                ),
                "at",
            ),
            (Assistance.objects.filter(campaign=campaign, given_on__lte=on), "recorded_at"),
            (TaskTransition.objects.filter(task__campaign=campaign, at__lte=end), "at"),
        ]

    def data_changed_at(self):
        """When the data this period's scores and circular figures are counted from last
        changed: an inspection of the period recorded (even one dated earlier), an order issued
        or changed, an assignment given, changed or its deadline extended, a task's state
        changed, assistance recorded. None when nothing of the campaign was ever recorded."""
        # Newest first, one row each: an index on the time walks back to the first that
        # belongs to the campaign, where MAX() would join every row of the year.
        latest = [
            rows.order_by(f"-{field}").values_list(field, flat=True).first()
            for rows, field in self._change_sources()
        ]
        return max((at for at in latest if at is not None), default=None)

    def scores_behind_data(self) -> bool:
        """Whether the stored scores miss a change. An inspection recorded after the period
        was counted is not missed when its community was scored again after it (recording an
        inspection does that for the one community); any other change is."""
        if self.computed_at is None:
            return True
        (inspections, _recorded), *others, _task_states = self._change_sources()
        for rows, field in others:
            if rows.filter(**{f"{field}__gt": self.computed_at}).exists():
                return True
        rescored = CommunityScore.objects.filter(
            period=self,
            community=models.OuterRef("community"),
            counted_at__gte=models.OuterRef("recorded_at"),
        )
        scored = CommunityTrack.objects.filter(
            campaign=models.OuterRef("campaign"), community=models.OuterRef("community")
        )
        return (
            inspections.filter(recorded_at__gt=self.computed_at)
            .filter(models.Exists(scored))
            .exclude(models.Exists(rescored))
            .exists()
        )


class ScoreWeights(models.Model):
    """How a department's score is weighed; one row per campaign, set by an administrator."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("创建年度"), on_delete=models.CASCADE, related_name="weights"
    )
    on_time = models.DecimalField(_("按时完成率权重"), max_digits=5, decimal_places=2, default=40)
    returns = models.DecimalField(_("退回权重"), max_digits=5, decimal_places=2, default=10)
    overdue = models.DecimalField(_("逾期天数权重"), max_digits=5, decimal_places=2, default=20)
    closure = models.DecimalField(_("整改销号率权重"), max_digits=5, decimal_places=2, default=20)
    assistance = models.DecimalField(
        _("共驻共建帮扶权重"), max_digits=5, decimal_places=2, default=10
    )
    per_return = models.DecimalField(_("每次退回扣分"), max_digits=5, decimal_places=2, default=2)
    per_overdue_day = models.DecimalField(
        _("每逾期一天扣分"), max_digits=5, decimal_places=2, default=Decimal("0.5")
    )
    assistance_cap = models.DecimalField(
        _("帮扶分封顶"),
        max_digits=5,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("帮扶记录分值累计达到此数即得满权重。"),
    )

    class Meta:
        verbose_name = _("部门考核权重")
        verbose_name_plural = _("部门考核权重")

    def __str__(self):
        return f"{self.campaign} · {self._meta.verbose_name}"

    @property
    def weight_sum(self) -> Decimal:
        return self.on_time + self.returns + self.overdue + self.closure + self.assistance

    def clean(self):
        if self.weight_sum != 100:
            raise ValidationError(_("五项权重之和须为100。"))


class Assistance(models.Model):
    """Co-construction assistance (共驻共建帮扶) a department gave a community, as recorded."""

    MAX_POINTS = Decimal("5")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="assistance"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="assistance"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="assistance"
    )
    given_on = models.DateField(_("帮扶日期"))
    description = models.CharField(_("帮扶内容"), max_length=300)
    points = models.DecimalField(
        _("分值"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("每条记录不超过5分。"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("共驻共建帮扶")
        verbose_name_plural = _("共驻共建帮扶")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=5),
                name="assistance_points_capped",
                violation_error_message=_("每条帮扶记录分值须在0至5分之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.department.short_name} → {self.community} {self.given_on}"


class CommunityScore(models.Model):
    """A community's score in a period's snapshot."""

    period = models.ForeignKey(
        ScoringPeriod,
        verbose_name=_("考核周期"),
        on_delete=models.CASCADE,
        related_name="community_scores",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    track = models.CharField(_("创建类别"), max_length=20, choices=Track.choices)
    by_area = models.JSONField(_("分领域得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, default=0)
    rank = models.PositiveIntegerField(_("类别内排名"))
    previous_rank = models.PositiveIntegerField(_("上期排名"), null=True, blank=True)
    counted_at = models.DateTimeField(
        _("单独重新计分时间"),
        null=True,
        blank=True,
        help_text=_("录入督查后只为该社区重新计分的时间；为空表示随整个周期一起计分。"),
    )

    class Meta:
        verbose_name = _("社区得分")
        verbose_name_plural = _("社区得分")
        ordering = ["period", "track", "rank", "community__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "community"], name="community_score_unique_per_period"
            ),
        ]
        indexes = [
            # A rescore moves the ranks between a community's old and new total in its track.
            models.Index(fields=["period", "track", "total"], name="community_score_by_total"),
            # The period page says when its latest community was scored again.
            models.Index(fields=["period", "counted_at"], name="community_score_rescored"),
        ]

    def __str__(self):
        return f"{self.period} {self.community} {self.total}"

    @property
    def change(self) -> int | None:
        """Places gained since the previous period (negative: places lost)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class DepartmentScore(models.Model):
    """A department's score in a period's snapshot, with the parts the formula used."""

    period = models.ForeignKey(
        ScoringPeriod,
        verbose_name=_("考核周期"),
        on_delete=models.CASCADE,
        related_name="department_scores",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    assignments_due = models.PositiveIntegerField(_("到期任务数"), default=0)
    on_time = models.PositiveIntegerField(_("按时完成数"), default=0)
    returns = models.PositiveIntegerField(_("退回次数"), default=0)
    overdue_days = models.PositiveIntegerField(_("逾期天数"), default=0)
    orders_issued = models.PositiveIntegerField(_("整改通知数"), default=0)
    orders_closed = models.PositiveIntegerField(_("已销号数"), default=0)
    assistance_points = models.DecimalField(
        _("帮扶分值"), max_digits=6, decimal_places=1, default=0
    )
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, default=0)
    rank = models.PositiveIntegerField(_("排名"))
    previous_rank = models.PositiveIntegerField(_("上期排名"), null=True, blank=True)

    class Meta:
        verbose_name = _("部门得分")
        verbose_name_plural = _("部门得分")
        ordering = ["period", "rank", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "department"], name="department_score_unique_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.department} {self.total}"

    @property
    def change(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def on_time_rate(self) -> Decimal:
        return Decimal(self.on_time) / self.assignments_due if self.assignments_due else Decimal(1)

    @property
    def closure_rate(self) -> Decimal:
        return (
            Decimal(self.orders_closed) / self.orders_issued if self.orders_issued else Decimal(1)
        )


LEAD_DEPARTMENT_SUBMITS = Permission(_("只有牵头部门可以报送通报。"), roles=(Role.LEAD_DEPARTMENT,))
LEADERSHIP_ONLY = Permission(_("只有县领导可以审批、发布通报。"), roles=(Role.LEADER,))
LEADER_OR_LEAD_RECOUNTS = Permission(
    _("只有县领导或牵头部门可以重新计分。"), roles=(Role.LEADER, Role.LEAD_DEPARTMENT)
)


def _figures_are_fresh(circular) -> bool:
    return not circular.is_stale()


FIGURES_FRESH = Condition(
    _figures_are_fresh,
    _(
        "通报中的数字统计之后，本期的督查、整改、部门任务或创建任务又有变化，"
        "报送、审批或发布都会用过时的数字；请先“重新计分并更新草稿”，核对后再办理。"
    ),
)


class Circular(ConcurrentTransitionMixin, models.Model):
    """通报: generated from a period's snapshot; its figures are its own copy and never edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报审")
        APPROVED = "approved", _("已审批")
        PUBLISHED = "published", _("已发布")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.PROTECT, related_name="circulars"
    )
    period = models.ForeignKey(
        ScoringPeriod,
        verbose_name=_("考核周期"),
        on_delete=models.PROTECT,
        related_name="circulars",
    )
    title = models.CharField(_("标题"), max_length=100)
    state = FSMField(
        _("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True
    )
    figures = models.JSONField(_("数据"), default=dict, editable=False)
    overview = models.TextField(_("总体情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    experience = models.TextField(_("经验做法"), blank=True)
    next_steps = models.TextField(_("下步要求"), blank=True)
    serial_number = models.PositiveSmallIntegerField(_("期号"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    counted_at = models.DateTimeField(
        _("数据统计时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("通报中的数字按这一时刻的得分快照统计。"),
    )

    NARRATIVE_FIELDS = ("overview", "problems", "experience", "next_steps")

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "serial_number"],
                name="circular_serial_unique_per_campaign",
                violation_error_message=_("该年度已有同一期号的通报。"),
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=~Q(state="published"),
                name="circular_one_unpublished_per_period",
                violation_error_message=_("该考核周期已有一份未发布的通报。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def serial_label(self) -> str:
        if self.serial_number is None:
            return ""
        return _("%(year)s年第%(n)s期") % {
            "year": self.campaign.year,
            "n": self.serial_number,
        }

    @transition(
        state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[FIGURES_FRESH],
        permission=LEAD_DEPARTMENT_SUBMITS,
    )
    def submit(self):
        """The lead department sends the draft to county leadership."""

    @transition(state, source=State.SUBMITTED, target=State.DRAFT, permission=LEADERSHIP_ONLY)
    def send_back(self):
        """Leadership returns the draft for rework."""

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.APPROVED,
        conditions=[FIGURES_FRESH],
        permission=LEADERSHIP_ONLY,
    )
    def approve(self):
        """Leadership approves the circular."""

    def is_stale(self) -> bool:
        """Its figures are older than the period's data or than the period's scores: publishing
        it would print numbers the period page no longer shows."""
        if self.state == self.State.PUBLISHED:
            return False
        if self.counted_at is None:
            return True
        period = self.period
        if period.computed_at is not None and period.computed_at > self.counted_at:
            return True
        changed = period.data_changed_at()
        return changed is not None and changed > self.counted_at

    @transition(
        state,
        source=[State.DRAFT, State.SUBMITTED, State.APPROVED],
        target=None,
        permission=LEADER_OR_LEAD_RECOUNTS,
    )
    def recount(self):
        """The period is scored afresh and the figures copied again; the state stays."""

    @transition(
        state,
        source=State.APPROVED,
        target=State.PUBLISHED,
        conditions=[FIGURES_FRESH],
        permission=LEADERSHIP_ONLY,
    )
    def publish(self, *, serial_number: int):
        self.serial_number = serial_number
        self.published_at = timezone.now()


class CircularEvent(AuditRecord):
    """History of a circular: one row per state change."""

    subject_field = "circular"

    circular = models.ForeignKey(
        Circular, verbose_name=_("通报"), on_delete=models.PROTECT, related_name="events"
    )
    source = models.CharField(_("原状态"), max_length=30, choices=Circular.State.choices)
    target = models.CharField(_("新状态"), max_length=30, choices=Circular.State.choices)

    class Meta:
        verbose_name = _("通报办理记录")
        verbose_name_plural = _("通报办理记录")
        ordering = ["circular", "at", "id"]

    def __str__(self):
        return f"{self.circular} {self.source} → {self.target}"


CIRCULAR_MACHINE = Machine(
    audit=CircularEvent,
    subject=_("该通报"),
    actions={
        "submit": _("报送审批"),
        "send_back": _("退回修改"),
        "approve": _("审批同意"),
        "publish": _("发布"),
        "recount": _("重新计分并更新草稿"),
    },
    reasons_required={"send_back": _("退回修改须填写理由，告诉起草人需要修改什么。")},
    answered_by={"send_back": ("submit",)},
    confirmations={
        "publish": _(
            "发布后，《%(object)s》编入本年度期号，所有部门和社区都能看到，内容不能再修改或撤回。"
        ),
    },
)
