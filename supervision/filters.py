import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import Town

# A select of every community suits a county; at province scale it is megabytes on every list.
COMMUNITY_CHOICES_LIMIT = 300


def community_choices_scale(filterset, name: str, *, communities, field_name: str) -> None:
    """Offer the `name` community filter as a select while there are few communities to pick
    from; beyond that it stays only as a hidden field (links with ?name=pk still filter) and a
    town select and a name search take its place."""
    community = filterset.filters[name]
    community.queryset = communities
    if communities.count() <= COMMUNITY_CHOICES_LIMIT:
        return
    community.extra["widget"] = forms.HiddenInput
    replacements = {
        f"{name}_town": django_filters.ModelChoiceFilter(
            label=_("镇/街道"),
            field_name=f"{field_name}__town",
            queryset=Town.objects.all(),
            empty_label=_("全部"),
        ),
        f"{name}_name": django_filters.CharFilter(
            label=_("社区名称包含"), field_name=f"{field_name}__name", lookup_expr="icontains"
        ),
    }
    ordered = {}
    for key, value in filterset.filters.items():
        ordered[key] = value
        if key == name:
            for added_key, added in replacements.items():
                added.model = filterset._meta.model
                added.parent = filterset
                ordered[added_key] = added
    filterset.filters = ordered
