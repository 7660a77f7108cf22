import django_tables2 as tables
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.models import Finding, Inspection, RectificationOrder
from supervision.roles import display_name

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class InspectionTable(tables.Table):
    inspected_on = tables.LinkColumn(
        "assessments:inspection_detail",
        args=[tables.A("pk")],
        verbose_name=_("日期"),
        text=lambda record: f"{record.inspected_on:%Y-%m-%d}",
    )
    community = tables.Column(accessor="community__name", verbose_name=_("社区"))
    kind = tables.Column(verbose_name=_("类型"))
    inspector = tables.Column(
        verbose_name=_("督查员"), order_by=("inspector__last_name", "inspector__first_name")
    )
    score = tables.Column(verbose_name=_("得分"), attrs=NUM)
    # Beside every score its maximum: a spot-check of a few standards is out of their points.
    possible = tables.Column(verbose_name=_("满分"), attrs=NUM, orderable=False)
    critical_failures = tables.Column(verbose_name=_("关键指标不合格"), attrs=NUM)

    export_kinds = {
        "inspected_on": "date",
        "score": "decimal",
        "possible": "decimal",
        "critical_failures": "int",
    }

    class Meta:
        model = Inspection
        fields = ["inspected_on", "community", "kind", "inspector", "score", "critical_failures"]
        sequence = ["inspected_on", "community", "kind", "inspector", "score", "possible", "..."]
        attrs = {"class": "table"}
        empty_text = _("暂无督查记录。")

    def render_inspector(self, value):
        return display_name(value)

    def value_inspected_on(self, value):
        return value

    def render_score(self, value):
        return floatformat(value, "-1")

    def render_possible(self, value):
        return floatformat(value, "-1")

    def value_possible(self, value):
        return value

    def value_score(self, value):
        return value

    def render_critical_failures(self, value):
        if value:
            return format_html('<span class="light red" aria-hidden="true"></span> {}', value)
        return value

    def value_critical_failures(self, value):
        return value


class FindingTable(tables.Table):
    code = tables.Column(accessor="indicator__code", verbose_name=_("编号"))
    indicator = tables.Column(accessor="indicator__name", verbose_name=_("指标"))
    work_area = tables.Column(accessor="indicator__work_area", verbose_name=_("工作领域"))
    community = tables.Column(accessor="inspection__community__name", verbose_name=_("社区"))
    kind = tables.Column(accessor="inspection__kind", verbose_name=_("督查类型"))
    met = tables.BooleanColumn(verbose_name=_("达标"), yesno=(_("达标"), _("不达标")))
    points_awarded = tables.Column(verbose_name=_("得分"), attrs=NUM)
    inspected_on = tables.DateColumn(
        accessor="inspection__inspected_on", verbose_name=_("督查日期"), format="Y-m-d"
    )

    export_kinds = {"points_awarded": "decimal", "inspected_on": "date"}

    class Meta:
        model = Finding
        fields = [
            "code",
            "indicator",
            "work_area",
            "community",
            "kind",
            "met",
            "points_awarded",
            "inspected_on",
        ]
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的督查发现。")

    def render_work_area(self, record):
        return record.indicator.get_work_area_display()

    def render_kind(self, record):
        return record.inspection.get_kind_display()

    def render_inspected_on(self, record, value):
        url = reverse("assessments:inspection_detail", args=[record.inspection_id])
        return format_html('<a href="{}">{}</a>', url, f"{value:%Y-%m-%d}")

    def value_inspected_on(self, value):
        return value

    def value_met(self, value):
        return str(_("达标") if value else _("不达标"))

    def render_points_awarded(self, value):
        return floatformat(value, "-1")

    def value_points_awarded(self, value):
        return value


class OrderTable(tables.Table):
    deadline = tables.Column(verbose_name=_("期限"), attrs={"td": {"class": "nowrap"}})
    community = tables.Column(
        accessor="finding__inspection__community__name", verbose_name=_("社区")
    )
    indicator = tables.Column(
        accessor="finding__indicator__code",
        verbose_name=_("指标"),
        attrs={"td": {"class": "wide"}},
    )
    responsible = tables.Column(
        empty_values=(),
        verbose_name=_("责任方"),
        order_by=("responsible_department__short_name", "responsible_community__name"),
    )
    state = tables.Column(verbose_name=_("状态"))
    is_critical = tables.BooleanColumn(verbose_name=_("关键指标"), yesno=(_("关键"), "—"))

    export_kinds = {"deadline": "date"}

    class Meta:
        model = RectificationOrder
        fields = ["deadline", "community", "indicator", "responsible", "state", "is_critical"]
        attrs = {"class": "table"}
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}
        empty_text = _("暂无整改通知。")

    def render_deadline(self, record, value):
        if record.is_overdue:
            return format_html(
                '<span class="light red" aria-hidden="true"></span> '
                '<strong class="error">{}</strong><br>{}',
                _("已逾期"),
                f"{value:%Y-%m-%d}",
            )
        return f"{value:%Y-%m-%d}"

    def value_deadline(self, value):
        return value

    def render_indicator(self, record):
        indicator = record.finding.indicator
        url = reverse("assessments:order_detail", args=[record.pk])
        name = indicator.name if len(indicator.name) <= 30 else indicator.name[:29] + "…"
        return format_html('<a href="{}">{} {}</a>', url, indicator.code, name)

    def value_indicator(self, record):
        indicator = record.finding.indicator
        return f"{indicator.code} {indicator.name}"

    def value_is_critical(self, value):
        return str(_("关键")) if value else ""

    def render_responsible(self, record):
        return str(record.responsible)
