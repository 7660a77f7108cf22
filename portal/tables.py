import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
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


class TrackPlanTable(tables.Table):
    """The communities of the track plan, each with its track (a choice while the lead
    department drafts the plan) and the track the seed's rule suggests."""

    name = tables.Column(verbose_name=_("社区"))
    town = tables.Column(accessor="town__name", verbose_name=_("镇/街道"))
    households = tables.Column(verbose_name=_("户数"), attrs={"td": {"class": "num"}})
    premises_area = tables.Column(
        verbose_name=_("用房面积（平方米）"), attrs={"td": {"class": "num"}}
    )
    # Rendered even when empty: a community with no track yet gets its choice too.
    track_value = tables.Column(verbose_name=_("创建类别"), empty_values=())
    suggestion = tables.Column(
        verbose_name=_("按原则建议"), accessor="pk", orderable=False, empty_values=()
    )

    export_kinds = {"households": "int", "premises_area": "decimal"}

    class Meta:
        model = Community
        fields = ["name", "town", "households", "premises_area", "track_value", "suggestion"]
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的社区。")

    def __init__(self, *args, suggest, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggest = suggest  # records -> {pk: Suggestion}
        self.editable = editable
        self._suggestions = None

    def suggestion_of(self, record):
        if self._suggestions is None:
            # Only the rows shown (a page, or every row of the export): one query for them.
            self._suggestions = self.suggest([row.record for row in self.paginated_rows])
        return self._suggestions[record.pk]

    def render_track_value(self, record, value):
        if not self.editable:
            return choice_label(Track.choices, value)
        # 未定 only while it has none: a placed community is moved, never unplaced.
        choices = [*([] if value else [("", _("未定"))]), *Track.choices]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (track, " selected" if track == (value or "") else "", label)
                for track, label in choices
            ),
        )
        return format_html(
            '<select name="track-{}" aria-label="{}">{}</select>',
            record.pk,
            _("%(name)s的创建类别") % {"name": record.name},
            options,
        )

    def value_track_value(self, value):
        return choice_label(Track.choices, value)

    def render_suggestion(self, record):
        suggestion = self.suggestion_of(record)
        differs = record.track_value and record.track_value != suggestion.track
        return format_html(
            '<strong>{}</strong>{}<br><span class="muted">{}</span>',
            suggestion.label,
            format_html('<span class="badge warn">{}</span>', _("与所定类别不同"))
            if differs
            else "",
            suggestion.reason,
        )

    def value_suggestion(self, record):
        suggestion = self.suggestion_of(record)
        return f"{suggestion.label}：{suggestion.reason}"
