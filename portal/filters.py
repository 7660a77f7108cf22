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
