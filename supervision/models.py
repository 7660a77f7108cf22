"""The organisation: towns, communities, departments, people and their roles, campaign years,
and the evidence (佐证材料) they upload."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.uploads import EvidenceFileValidator


class Role(models.TextChoices):
    """A role is a Django group of the same name; a person may hold several."""

    LEADER = "县领导", _("县领导")
    LEAD_DEPARTMENT = "牵头部门", _("牵头部门")
    DEPARTMENT_STAFF = "部门工作人员", _("部门工作人员")
    INSPECTOR = "督查员", _("督查员")
    COMMUNITY_STAFF = "社区工作人员", _("社区工作人员")
    ADMINISTRATOR = "系统管理员", _("系统管理员")


class Town(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        SUBDISTRICT = "subdistrict", _("街道")

    name = models.CharField(_("名称"), max_length=50, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.TOWN)

    class Meta:
        verbose_name = _("镇/街道")
        verbose_name_plural = _("镇/街道")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(models.Model):
    """A community and the profile facts the standards measure, kept by its own staff."""

    town = models.ForeignKey(
        Town, verbose_name=_("所属镇/街道"), on_delete=models.PROTECT, related_name="communities"
    )
    name = models.CharField(_("社区名称"), max_length=50)
    is_demo = models.BooleanField(
        _("演示数据"), default=False, help_text=_("名称为演示而虚构，非原文所列社区。")
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("人口"), default=0)
    premises_area = models.DecimalField(
        _("管理和服务用房面积（平方米）"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    elderly_care_area = models.DecimalField(
        _("养老服务用房面积（平方米）"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    staff_count = models.PositiveIntegerField(_("社区工作人员数"), default=0)
    certified_social_workers = models.PositiveIntegerField(_("持证社工数"), default=0)
    filed_social_organisations = models.PositiveIntegerField(_("备案社区社会组织数"), default=0)
    registered_social_organisations = models.PositiveIntegerField(
        _("注册登记社会组织数"), default=0
    )
    office_computers = models.PositiveIntegerField(_("办公电脑数"), default=0)
    profile_updated_at = models.DateTimeField(_("资料更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["town__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "name"],
                name="community_unique_name_per_town",
                violation_error_message=_("同一镇/街道下已有同名社区。"),
            ),
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        MASS = "mass", _("群团组织")

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    short_name = models.CharField(_("简称"), max_length=20)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    is_lead = models.BooleanField(
        _("牵头部门"), default=False, help_text=_("组织部抓总引领，民政局牵头指导。")
    )
    duties = models.TextField(_("职责"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class CampaignQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).first()


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=100)
    is_active = models.BooleanField(_("当前年度"), default=False)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("创建年度")
        verbose_name_plural = _("创建年度")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="campaign_single_active",
                violation_error_message=_("只能有一个当前创建年度。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def last_day(self) -> datetime.date:
        """The last day whose work counts in this year's assessment: its end date, or 31 Dec."""
        return self.ends_on or datetime.date(self.year, 12, 31)


class Track(models.TextChoices):
    """The "three thirds" (三个三分之一)."""

    CREATE = "create", _("今年创建")
    DISTINCTIVE = "distinctive", _("创出特色")
    PREPARE = "prepare", _("明年达标")


class CommunityTrack(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("创建年度"), on_delete=models.CASCADE, related_name="tracks"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), on_delete=models.CASCADE, related_name="tracks"
    )
    track = models.CharField(_("创建类别"), max_length=20, choices=Track.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("社区创建类别")
        verbose_name_plural = _("社区创建类别")
        ordering = ["campaign", "track", "community__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "community"],
                name="one_track_per_community_per_campaign",
                violation_error_message=_("该社区在本年度已有创建类别。"),
            ),
        ]

    def __str__(self):
        return f"{self.campaign.year} {self.community} · {self.get_track_display()}"

    @classmethod
    def of(cls, *, campaign, community) -> str | None:
        """The community's track in the campaign, or None when it has none."""
        return (
            cls.objects.filter(campaign=campaign, community=community)
            .values_list("track", flat=True)
            .first()
        )


class Membership(models.Model):
    """Where a person works: at most one department or one community, never both."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("人员归属")
        verbose_name_plural = _("人员归属")
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(community__isnull=True),
                name="membership_department_or_community",
                violation_error_message=_("一个人只能归属一个部门或一个社区，不能同时归属两者。"),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.department or self.community or '—'}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("状态变更记录不可修改。")

    def delete(self):
        raise PermissionError("状态变更记录不可删除。")


class AuditRecord(models.Model):
    """One state change of something, written once and never edited or deleted.

    Subclasses add the object it belongs to (named in `subject_field`) and give `source` and
    `target` their choices.
    """

    subject_field: str = ""

    action = models.CharField(_("操作"), max_length=40)
    source = models.CharField(_("原状态"), max_length=30)
    target = models.CharField(_("新状态"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    # The Machine of this kind of record, set when the machine is declared.
    machine = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("状态变更记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("状态变更记录不可删除。")

    @property
    def action_label(self) -> str:
        """The action in Chinese, as the buttons name it."""
        return str(self.machine.actions.get(self.action, self.action)) if self.machine else ""


def evidence_path(instance, filename):
    # A random name under the month: the original name is kept as data, never used as a path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """佐证材料: one file a community, a department or an inspector uploaded, kept once and shown
    wherever it proves something (a progress report, a standard of the self-report, the answer
    to a rectification order, a photo of a finding). Private: served only through the page of
    what it proves, after that page's permission check."""

    class Legacy(models.TextChoices):
        """Where a file uploaded before the one store was kept; its old links still open it."""

        PROGRESS = "progress", _("进展报告佐证")
        SELF_REPORT = "self_report", _("社区自报佐证")
        PHOTO = "photo", _("现场照片")
        ORDER_ANSWER = "order_answer", _("整改反馈佐证")

    file = models.FileField(
        _("文件"), upload_to=evidence_path, max_length=200, validators=[EvidenceFileValidator()]
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    title = models.CharField(_("说明"), max_length=200, blank=True)
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    # By code, not by indicator row: the same evidence serves later catalogue versions.
    indicator_code = models.CharField(_("指标编号"), max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    legacy_kind = models.CharField(
        _("原存放处"), max_length=20, choices=Legacy.choices, blank=True, editable=False
    )
    legacy_id = models.PositiveIntegerField(_("原编号"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_kind", "legacy_id"],
                condition=Q(legacy_id__isnull=False),
                name="evidence_one_row_per_old_file",
            ),
        ]
        indexes = [models.Index(fields=["community", "indicator_code"])]

    def __str__(self):
        return self.title or self.original_name
