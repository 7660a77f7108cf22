import django_filters
from django.utils.translation import gettext_lazy as _

from supervision.models import Community, Town, Track
from workflows.models import CreationTask


class CommunityFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("社区名称包含"), lookup_expr="icontains")
    town = django_filters.ModelChoiceFilter(
        label=_("镇/街道"), queryset=Town.objects.all(), empty_label=_("全部")
    )
    track = django_filters.ChoiceFilter(
        label=_("创建类别"), field_name="track_value", choices=Track.choices, empty_label=_("全部")
    )
    state = django_filters.ChoiceFilter(
        label=_("创建任务状态"),
        field_name="task_state",
        choices=CreationTask.State.choices,
        empty_label=_("全部"),
    )

    class Meta:
        model = Community
        fields = ["name", "town", "track", "state"]


NO_TRACK = "none"


class TrackPlanFilter(django_filters.FilterSet):
    """The track plan's communities: by name, town and track, or those still without one."""

    name = django_filters.CharFilter(label=_("社区名称包含"), lookup_expr="icontains")
    town = django_filters.ModelChoiceFilter(
        label=_("镇/街道"), queryset=Town.objects.all(), empty_label=_("全部")
    )
    track = django_filters.ChoiceFilter(
        label=_("创建类别"),
        choices=[*Track.choices, (NO_TRACK, _("未定类别"))],
        empty_label=_("全部"),
        method="filter_track",
    )

    class Meta:
        model = Community
        fields = ["name", "town", "track"]

    def filter_track(self, queryset, name, value):
        if value == NO_TRACK:
            return queryset.filter(track_value__isnull=True)
        return queryset.filter(track_value=value)
