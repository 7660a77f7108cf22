import django_filters
from django.utils.translation import gettext_lazy as _

from supervision.models import Department, Town, Track
from workflows.models import FINISHED_TASK_STATES, Assignment, CreationTask, Light

# The lights of open work, and work with nothing more owed: each a figure of the cockpit.
DONE = "done"
WORK_CHOICES = [*Light.choices, (DONE, _("已完成"))]
PASSED = [("yes", _("已达标（含特色）")), ("no", _("未达标"))]


class TaskFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CreationTask.State.choices, empty_label=_("全部")
    )
    track = django_filters.ChoiceFilter(
        label=_("创建类别"), field_name="track_value", choices=Track.choices, empty_label=_("全部")
    )
    town = django_filters.ModelChoiceFilter(
        label=_("镇/街道"),
        field_name="community__town",
        queryset=Town.objects.all(),
        empty_label=_("全部"),
    )
    light = django_filters.ChoiceFilter(
        label=_("红黄绿灯"), choices=Light.choices, empty_label=_("全部")
    )
    passed = django_filters.ChoiceFilter(
        label=_("是否达标"), choices=PASSED, empty_label=_("全部"), method="filter_passed"
    )

    class Meta:
        model = CreationTask
        fields = ["state", "track", "town", "light", "passed"]

    def filter_passed(self, queryset, name, value):
        finished = queryset.filter(state__in=FINISHED_TASK_STATES)
        return finished if value == "yes" else queryset.exclude(state__in=FINISHED_TASK_STATES)


class AssignmentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=Assignment.State.choices, empty_label=_("全部")
    )
    light = django_filters.ChoiceFilter(
        label=_("红黄绿灯"), choices=WORK_CHOICES, empty_label=_("全部"), method="filter_light"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("部门"), queryset=Department.objects.all(), empty_label=_("全部")
    )

    class Meta:
        model = Assignment
        fields = ["state", "light", "department"]

    def filter_light(self, queryset, name, value):
        return queryset.done() if value == DONE else queryset.lit(value)
