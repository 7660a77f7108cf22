from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Evidence,
    Membership,
    Town,
)

admin.site.site_header = _("人文社区 温馨家园 创建督查考核系统")
admin.site.site_title = _("创建督查考核系统")
admin.site.index_title = _("系统管理")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the services write (history, scored findings, files): looked at, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "town",
        "households",
        "population",
        "premises_area",
        "elderly_care_area",
        "certified_social_workers",
        "filed_social_organisations",
        "is_demo",
    ]
    list_filter = ["town", "is_demo"]
    search_fields = ["name", "town__name"]
    list_select_related = ["town"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "is_lead", "sort_order"]
    list_filter = ["kind", "is_lead"]
    search_fields = ["name", "short_name", "code", "duties"]


class CommunityTrackInline(admin.TabularInline):
    model = CommunityTrack
    extra = 0
    autocomplete_fields = ["community"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "is_active", "starts_on", "ends_on"]
    list_filter = ["is_active"]
    search_fields = ["title", "year"]
    inlines = [CommunityTrackInline]


@admin.register(CommunityTrack)
class CommunityTrackAdmin(admin.ModelAdmin):
    list_display = ["community", "campaign", "track", "note"]
    list_filter = ["campaign", "track", "community__town"]
    search_fields = ["community__name", "note"]
    list_select_related = ["community", "campaign"]
    autocomplete_fields = ["community"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "community", "title", "phone"]
    list_filter = ["department", "community"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "phone"]
    list_select_related = ["user", "department", "community"]
    autocomplete_fields = ["user", "department", "community"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ["department", "community"]


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "membership__department"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    # The file's path is never shown: evidence is opened through the page of what it proves.
    list_display = [
        "original_name",
        "title",
        "community",
        "department",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["uploaded_at"]
    search_fields = ["original_name", "title", "community__name", "department__name"]
    list_select_related = ["community", "department", "uploaded_by"]
    fields = [
        "original_name",
        "title",
        "content_type",
        "size",
        "community",
        "department",
        "indicator_code",
        "uploaded_by",
        "uploaded_at",
    ]
