"""Lists of scoring periods and circulars (django-tables2 + django-filter)."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from assessments.models import Circular, ScoringPeriod


class PeriodTable(tables.Table):
    label = tables.LinkColumn(
        "assessments:period_detail", args=[tables.A("pk")], verbose_name=_("考核周期")
    )
    kind = tables.Column(verbose_name=_("周期类型"))
    starts_on = tables.DateColumn(verbose_name=_("开始日期"), format="Y-m-d")
    ends_on = tables.DateColumn(verbose_name=_("截止日期"), format="Y-m-d")
    computed_at = tables.DateTimeColumn(verbose_name=_("计分时间"), format="Y-m-d H:i")

    class Meta:
        model = ScoringPeriod
        fields = ["label", "kind", "starts_on", "ends_on", "computed_at"]
        attrs = {"class": "table"}
        empty_text = _("尚未设置考核周期。")


class PeriodFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("周期类型"), choices=ScoringPeriod.Kind.choices, empty_label=_("全部")
    )

    class Meta:
        model = ScoringPeriod
        fields = ["kind"]


class CircularTable(tables.Table):
    title = tables.LinkColumn(
        "assessments:circular_detail", args=[tables.A("pk")], verbose_name=_("标题")
    )
    serial_number = tables.Column(verbose_name=_("期号"), empty_values=())
    period = tables.Column(accessor="period__label", verbose_name=_("考核周期"))
    state = tables.Column(verbose_name=_("状态"))
    published_at = tables.DateTimeColumn(verbose_name=_("发布时间"), format="Y-m-d")

    class Meta:
        model = Circular
        fields = ["title", "serial_number", "period", "state", "published_at"]
        attrs = {"class": "table"}
        empty_text = _("暂无通报。")

    def render_serial_number(self, record):
        return record.serial_label or "—"


class CircularFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=Circular.State.choices, empty_label=_("全部")
    )

    class Meta:
        model = Circular
        fields = ["state"]
