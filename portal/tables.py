import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from supervision.models import Community, Track
from workflows.models import CreationTask


def choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


class CommunityTable(tables.Table):
    name = tables.Column(verbose_name=_("社区"))
    town = tables.Column(accessor="town__name", verbose_name=_("镇/街道"))
    households = tables.Column(verbose_name=_("户数"), attrs={"td": {"class": "num"}})
    premises_area = tables.Column(
        verbose_name=_("用房面积（平方米）"), attrs={"td": {"class": "num"}}
    )
    track_value = tables.Column(verbose_name=_("创建类别"), default="—")
    task_state = tables.Column(verbose_name=_("创建任务状态"), default="—")

    export_kinds = {"households": "int", "premises_area": "decimal"}

    class Meta:
        model = Community
        fields = ["name", "town", "households", "premises_area", "track_value", "task_state"]
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的社区。")

    def render_name(self, record, value):
        if record.task_id:
            url = reverse("workflows:task_detail", args=[record.task_id])
            return format_html('<a href="{}">{}</a>', url, value)
        return value

    def value_name(self, value):
        return value

    def render_track_value(self, value):
        return choice_label(Track.choices, value)

    def render_task_state(self, value):
        return choice_label(CreationTask.State.choices, value)
