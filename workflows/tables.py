import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from supervision.models import Track
from workflows.models import Assignment, CreationTask, Light


class LightColumn(tables.Column):
    """A traffic light and its name, as includes/traffic_light.html draws it (without a
    template per cell: a list page draws fifty of them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("红黄绿灯"))
        kwargs.setdefault("default", mark_safe('<span class="muted">—</span>'))
        super().__init__(**kwargs)

    def render(self, value):
        if value not in Light.values:
            return self.default
        return format_html(
            '<span class="light {}" aria-hidden="true"></span> {}', value, Light(value).label
        )

    def value(self, value):
        return Light(value).label if value in Light.values else ""


class TaskTable(tables.Table):
    community = tables.LinkColumn(
        "workflows:task_detail", args=[tables.A("pk")], verbose_name=_("社区")
    )
    town = tables.Column(accessor="community__town__name", verbose_name=_("镇/街道"))
    track_value = tables.Column(verbose_name=_("创建类别"), orderable=True)
    state = tables.Column(verbose_name=_("状态"))
    light = LightColumn(order_by=("next_deadline",))
    next_deadline = tables.DateColumn(verbose_name=_("最近期限"), format="Y-m-d")

    class Meta:
        model = CreationTask
        fields = ["community", "town", "track_value", "state", "light", "next_deadline"]
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的创建任务。")

    def render_track_value(self, value):

        return Track(value).label if value in Track.values else value


class AssignmentTable(tables.Table):
    owed = tables.LinkColumn(
        "workflows:assignment_detail", args=[tables.A("pk")], verbose_name=_("任务内容")
    )
    community = tables.Column(accessor="task__community__name", verbose_name=_("社区"))
    department = tables.Column(accessor="department__short_name", verbose_name=_("部门"))
    role = tables.Column(verbose_name=_("角色"))
    deadline = tables.DateColumn(verbose_name=_("完成期限"), format="Y-m-d")
    state = tables.Column(verbose_name=_("状态"))
    light = LightColumn(order_by=("deadline",))

    class Meta:
        model = Assignment
        fields = ["owed", "community", "department", "role", "deadline", "state", "light"]
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的部门任务。")
