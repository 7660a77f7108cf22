from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Assistance,
    Catalogue,
    Circular,
    CircularEvent,
    CommunityScore,
    DepartmentScore,
    Finding,
    Indicator,
    Inspection,
    OrderEvent,
    RectificationOrder,
    ScoreWeights,
    ScoringPeriod,
    SpotCheckDraw,
    SpotCheckPick,
)
from assessments.services import catalogue_copy
from supervision.admin import ReadOnlyAdmin


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "code",
        "name",
        "work_area",
        "for_create",
        "for_distinctive",
        "for_prepare",
        "measure",
        "fact",
        "threshold",
        "points",
        "is_critical",
        "sort_order",
    ]

    def has_change_permission(self, request, obj=None):
        # A version used for scoring stays as it was; edits go into a new version.
        return super().has_change_permission(request, obj) and not (obj and obj.is_used)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Catalogue)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "version", "based_on", "created_at"]
    list_filter = ["campaign"]
    inlines = [IndicatorInline]
    actions = ["copy_as_new_version"]

    @admin.action(description=gettext_lazy("复制为本年度的新版本"))
    def copy_as_new_version(self, request, queryset):
        for catalogue in queryset:
            copy = catalogue_copy(source=catalogue, campaign=catalogue.campaign)
            self.message_user(
                request, _("已建立新版本：%(copy)s") % {"copy": copy}, messages.SUCCESS
            )


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "catalogue",
        "work_area",
        "measure",
        "threshold",
        "points",
        "is_critical",
    ]
    list_filter = ["catalogue", "work_area", "measure", "is_critical"]
    search_fields = ["code", "name"]
    filter_horizontal = ["departments"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.catalogue.is_used)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["indicator", "measured_value", "met", "points_awarded", "remarks"]
    readonly_fields = fields
    can_delete = False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["community", "kind", "inspected_on", "inspector", "score", "critical_failures"]
    list_filter = ["campaign", "kind"]
    inlines = [FindingInline]
    readonly_fields = ["score", "critical_failures"]


@admin.register(SpotCheckDraw)
class SpotCheckDrawAdmin(admin.ModelAdmin):
    list_display = ["id", "campaign", "seed", "community_count", "indicator_count", "drawn_at"]
    readonly_fields = ["seed"]


@admin.register(SpotCheckPick)
class SpotCheckPickAdmin(ReadOnlyAdmin):
    """The standards each drawn community was drawn: written by the draw, never edited."""

    list_display = ["draw", "community", "indicator"]
    list_select_related = ["community", "indicator"]
    search_fields = ["community__name", "indicator__code"]


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    readonly_fields = ["action", "source", "target", "actor", "comment", "at"]
    can_delete = False


@admin.register(RectificationOrder)
class RectificationOrderAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "responsible_department",
        "responsible_community",
        "deadline",
        "state",
    ]
    list_filter = ["state", "is_critical"]
    readonly_fields = ["state"]
    inlines = [OrderEventInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "indicator", "measured_value", "met", "points_awarded"]
    list_filter = ["met", "indicator__work_area", "inspection__kind"]
    search_fields = ["indicator__code", "indicator__name", "inspection__community__name", "remarks"]
    list_select_related = ["inspection__community", "indicator"]


@admin.register(OrderEvent)
class OrderEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "action", "source", "target", "actor", "at"]
    list_filter = ["source", "target"]
    search_fields = ["order__requirement", "actor__username", "comment"]
    list_select_related = ["order", "actor"]


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "on_time", "returns", "overdue", "closure", "assistance"]


@admin.register(Assistance)
class AssistanceAdmin(admin.ModelAdmin):
    list_display = ["department", "community", "given_on", "points", "description"]
    list_filter = ["campaign", "department"]
    search_fields = ["department__name", "community__name", "description"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class CommunityScoreInline(admin.TabularInline):
    model = CommunityScore
    extra = 0
    can_delete = False
    readonly_fields = ["community", "track", "by_area", "total", "rank", "previous_rank"]

    def has_add_permission(self, request, obj=None):
        return False


class DepartmentScoreInline(admin.TabularInline):
    model = DepartmentScore
    extra = 0
    can_delete = False
    readonly_fields = [
        "department",
        "assignments_due",
        "on_time",
        "returns",
        "overdue_days",
        "orders_issued",
        "orders_closed",
        "assistance_points",
        "total",
        "rank",
        "previous_rank",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoringPeriod)
class ScoringPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "campaign", "kind", "starts_on", "ends_on", "computed_at"]
    list_filter = ["campaign", "kind"]
    search_fields = ["label"]
    readonly_fields = ["computed_at"]
    inlines = [CommunityScoreInline, DepartmentScoreInline]


class CircularEventInline(admin.TabularInline):
    model = CircularEvent
    extra = 0
    readonly_fields = ["action", "source", "target", "actor", "comment", "at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Circular)
class CircularAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "state", "serial_number", "published_at"]
    list_filter = ["state", "campaign"]
    search_fields = ["title"]
    readonly_fields = ["state", "serial_number", "published_at", "created_by", "figures"]
    inlines = [CircularEventInline]

    def has_change_permission(self, request, obj=None):
        # Once submitted, a circular changes only through its states; published, never.
        past_draft = obj is not None and obj.state != Circular.State.DRAFT
        return super().has_change_permission(request, obj) and not past_draft

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.state != Circular.State.DRAFT
        return super().has_delete_permission(request, obj) and not published


@admin.register(CircularEvent)
class CircularEventAdmin(ReadOnlyAdmin):
    list_display = ["circular", "action", "source", "target", "actor", "at"]
    list_filter = ["source", "target"]
    search_fields = ["circular__title", "actor__username", "comment"]
    list_select_related = ["circular", "actor"]


@admin.register(CommunityScore)
class CommunityScoreAdmin(ReadOnlyAdmin):
    """Snapshot rows are written by compute_scores only."""

    list_display = ["period", "community", "track", "total", "rank", "previous_rank"]
    list_filter = ["period__campaign", "period", "track"]
    search_fields = ["community__name", "period__label"]
    list_select_related = ["period", "community"]


@admin.register(DepartmentScore)
class DepartmentScoreAdmin(ReadOnlyAdmin):
    list_display = ["period", "department", "total", "rank", "previous_rank"]
    list_filter = ["period__campaign", "period"]
    search_fields = ["department__name", "period__label"]
    list_select_related = ["period", "department"]
