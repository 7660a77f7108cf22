import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Finding, Inspection, RectificationOrder, WorkArea
from supervision.filters import community_choices_scale
from supervision.models import Community, Department, Role
from supervision.roles import display_name

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def yes_no(yes, no):
    return forms.Select(choices=[("", _("全部")), ("true", yes), ("false", no)])


class InspectorChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "queryset",
            User.objects.filter(groups__name=Role.INSPECTOR).order_by("last_name", "first_name"),
        )
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = display_name
        return field


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("督查类型"), choices=Inspection.Kind.choices, empty_label=_("全部")
    )
    community = django_filters.ModelChoiceFilter(
        label=_("社区"), queryset=Community.objects.none(), empty_label=_("全部")
    )
    since = django_filters.DateFilter(
        label=_("督查日期自"), field_name="inspected_on", lookup_expr="gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label=_("至"), field_name="inspected_on", lookup_expr="lte", widget=DATE
    )
    inspector = InspectorChoiceFilter(label=_("督查员"), empty_label=_("全部"))

    class Meta:
        model = Inspection
        fields = ["kind", "community", "since", "until", "inspector"]

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        community_choices_scale(self, "community", communities=communities, field_name="community")


class FindingFilter(django_filters.FilterSet):
    work_area = django_filters.ChoiceFilter(
        label=_("工作领域"),
        field_name="indicator__work_area",
        choices=WorkArea.choices,
        empty_label=_("全部"),
    )
    met = django_filters.BooleanFilter(label=_("是否达标"), widget=yes_no(_("达标"), _("不达标")))
    community = django_filters.ModelChoiceFilter(
        label=_("社区"),
        field_name="inspection__community",
        queryset=Community.objects.none(),
        empty_label=_("全部"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("督查类型"),
        field_name="inspection__kind",
        choices=Inspection.Kind.choices,
        empty_label=_("全部"),
    )

    class Meta:
        model = Finding
        fields = ["work_area", "met", "community", "kind"]

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        community_choices_scale(
            self, "community", communities=communities, field_name="inspection__community"
        )


class OrderFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=RectificationOrder.State.choices, empty_label=_("全部")
    )
    responsible_department = django_filters.ModelChoiceFilter(
        label=_("责任部门"), queryset=Department.objects.none(), empty_label=_("全部")
    )
    responsible_community = django_filters.ModelChoiceFilter(
        label=_("责任社区"), queryset=Community.objects.none(), empty_label=_("全部")
    )
    overdue = django_filters.BooleanFilter(
        label=_("是否逾期"), method="filter_overdue", widget=yes_no(_("已逾期"), _("未逾期"))
    )
    is_critical = django_filters.BooleanFilter(
        label=_("关键指标"), widget=yes_no(_("关键"), _("非关键"))
    )

    class Meta:
        model = RectificationOrder
        fields = ["state", "responsible_department", "responsible_community", "overdue"]

    def __init__(self, *args, departments, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["responsible_department"].queryset = departments
        community_choices_scale(
            self,
            "responsible_community",
            communities=communities,
            field_name="responsible_community",
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(state__in=RectificationOrder.OPEN_STATES, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
