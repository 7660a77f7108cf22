from django.contrib import admin

from supervision.admin import ReadOnlyAdmin
from workflows.models import (
    Assignment,
    AssignmentEvent,
    CreationTask,
    DutyRule,
    ExtensionEvent,
    ExtensionRequest,
    ProgressReport,
    Reminder,
    TaskTransition,
    TrackPlan,
    TrackPlanEvent,
)


class TaskTransitionInline(admin.TabularInline):
    model = TaskTransition
    extra = 0
    can_delete = False
    fields = ["at", "action", "source", "target", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["department", "area", "role", "owed", "deadline", "state"]
    readonly_fields = ["state"]
    autocomplete_fields = ["department"]


@admin.register(CreationTask)
class CreationTaskAdmin(admin.ModelAdmin):
    list_display = ["community", "campaign", "state", "deadline", "inspection_score"]
    list_filter = ["campaign", "state", "community__town"]
    search_fields = ["community__name"]
    list_select_related = ["community", "campaign"]
    # The state changes only through the transitions, never by editing it here.
    readonly_fields = [
        "state",
        "inspection_score",
        "inspection_pass_line_met",
        "inspection_critical_failures",
        "inspected_at",
    ]
    inlines = [AssignmentInline, TaskTransitionInline]


@admin.register(TaskTransition)
class TaskTransitionAdmin(admin.ModelAdmin):
    list_display = ["task", "action", "source", "target", "actor", "at"]
    list_filter = ["source", "target", "action"]
    search_fields = ["task__community__name", "actor__username", "comment"]
    list_select_related = ["task__community", "task__campaign", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutyRule)
class DutyRuleAdmin(admin.ModelAdmin):
    list_display = ["track", "area", "department", "role", "owed", "days_allowed", "is_active"]
    list_filter = ["track", "area", "role", "is_active"]
    search_fields = ["department__name", "owed"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "department", "area", "role", "deadline", "state"]
    list_filter = ["state", "area", "role", "department"]
    search_fields = ["task__community__name", "department__name", "owed"]
    list_select_related = ["task__community", "task__campaign", "department"]
    readonly_fields = ["state"]
    autocomplete_fields = ["department"]


@admin.register(AssignmentEvent)
class AssignmentEventAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "action", "source", "target", "actor", "at"]
    list_filter = ["source", "target", "action"]
    search_fields = ["assignment__task__community__name", "actor__username", "comment"]
    list_select_related = ["assignment__task__community", "assignment__department", "actor"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "author", "created_at"]
    search_fields = ["assignment__task__community__name", "text"]
    list_select_related = ["assignment__task__community", "assignment__department", "author"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["assignment", "sent_by", "sent_at", "is_read"]
    list_filter = ["is_read", "day"]
    search_fields = ["assignment__task__community__name", "assignment__department__name"]
    list_select_related = ["assignment__task__community", "assignment__department", "sent_by"]
    readonly_fields = ["assignment", "sent_by", "sent_at", "day", "message"]

    def has_add_permission(self, request):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "assignment",
        "previous_deadline",
        "requested_deadline",
        "state",
        "requested_at",
    ]
    list_filter = ["state"]
    search_fields = ["assignment__task__community__name", "reason"]
    list_select_related = ["assignment__task__community", "assignment__department"]


@admin.register(ExtensionEvent)
class ExtensionEventAdmin(ReadOnlyAdmin):
    list_display = ["request", "action", "source", "target", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["request__assignment__task__community", "actor"]


class TrackPlanEventInline(admin.TabularInline):
    model = TrackPlanEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "source", "target", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrackPlan)
class TrackPlanAdmin(admin.ModelAdmin):
    """Read-only: the plan moves on its page (创建类别计划), where each step is checked."""

    list_display = ["campaign", "state"]
    list_filter = ["state"]
    search_fields = ["campaign__title"]
    readonly_fields = ["campaign", "state"]
    inlines = [TrackPlanEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackPlanEvent)
class TrackPlanEventAdmin(admin.ModelAdmin):
    list_display = ["plan", "action", "source", "target", "actor", "at"]
    list_filter = ["source", "target", "action"]
    search_fields = ["plan__campaign__title", "actor__username", "comment"]
    list_select_related = ["plan__campaign", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
