"""Lists of scoring periods and circulars (django-tables2 + django-filter)."""

import django_filters
import django_tables2 as tables
from django.utils import timezone
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

    export_kinds = {"starts_on": "date", "ends_on": "date"}

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

    export_kinds = {"published_at": "date"}

    class Meta:
        model = Circular
        fields = ["title", "serial_number", "period", "state", "published_at"]
        attrs = {"class": "table"}
        empty_text = _("暂无通报。")

    def render_serial_number(self, record):
        return record.serial_label or "—"

    def value_serial_number(self, record):
        return record.serial_label

    def value_published_at(self, value):
        return timezone.localtime(value).date() if value else None


class CircularFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("标题包含"), lookup_expr="icontains")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=Circular.State.choices, empty_label=_("全部")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("考核周期"), queryset=ScoringPeriod.objects.none(), empty_label=_("全部")
    )

    class Meta:
        model = Circular
        fields = ["title", "state", "period"]

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["period"].queryset = periods
