"""The year's track plan page: how the county stands against the three thirds, and the track the
seed's rule suggests for each community (成功创建: a base but not yet passed; 创出特色: already
passed; 明年达标: the rest)."""

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from assessments.models import Measure
from assessments.services import catalogue_current
from portal.filters import NO_TRACK
from supervision.models import Community, CommunityTrack, Track
from workflows.models import CreationTask

PASSED_STATES = (CreationTask.State.PASSED, CreationTask.State.DISTINCTIVE)


@dataclass(frozen=True)
class Suggestion:
    track: str
    reason: str

    @property
    def label(self) -> str:
        return Track(self.track).label


@dataclass(frozen=True)
class Balance:
    """One track's count against a third of the county; `track` "" counts those with none."""

    track: str
    label: str
    count: int
    target: int | None

    @property
    def filter_value(self) -> str:
        """What the list's 创建类别 filter takes to show exactly these communities."""
        return self.track or NO_TRACK

    @property
    def gap(self) -> int | None:
        return None if self.target is None else self.count - self.target


def track_balance(*, campaign) -> tuple[int, list[Balance]]:
    """The county's communities and each track's count against about a third of them, in two
    grouped queries whatever the county's size."""
    total = Community.objects.count()
    counts = dict(
        CommunityTrack.objects.filter(campaign=campaign)
        .values("track")
        .annotate(n=Count("pk"))
        .values_list("track", "n")
    )
    third = round(total / 3)
    rows = [Balance(track, label, counts.get(track, 0), third) for track, label in Track.choices]
    unplaced = total - sum(counts.values())
    rows.append(Balance("", _("未定类别"), unplaced, None))
    return total, rows


def _plain(number) -> str:
    """180.00 → "180", 20.50 → "20.5"."""
    return f"{number.normalize():f}"


def track_suggestions(*, campaign, communities) -> dict[int, Suggestion]:
    """The seed's rule for each of `communities` (a page of them): distinctive if it passed in
    an earlier year; create if its self-reported profile meets the create track's critical
    typed standards (a base); prepare otherwise, naming the gaps."""
    ids = [community.pk for community in communities]
    earlier = CreationTask.objects.filter(campaign__year__lt=campaign.year, state__in=PASSED_STATES)
    if len(ids) <= 1000:
        # A page's ids; the export's whole county reads every earlier pass instead.
        earlier = earlier.filter(community_id__in=ids)
    passed = dict(
        earlier.values("community_id")
        .annotate(year=Min("campaign__year"))
        .values_list("community_id", "year")
    )
    catalogue = catalogue_current(campaign=campaign)
    critical = (
        list(
            catalogue.indicators.filter(for_create=True, is_critical=True)
            .exclude(fact="")
            .exclude(measure=Measure.YES_NO)
            .order_by("sort_order", "code")
        )
        if catalogue
        else []
    )
    suggestions = {}
    for community in communities:
        if community.pk in passed:
            suggestions[community.pk] = Suggestion(
                Track.DISTINCTIVE,
                _("%(year)s年已创建达标，提升水平、创出特色") % {"year": passed[community.pk]},
            )
            continue
        gaps = [
            _("%(code)s 自报%(value)s，标准%(threshold)s")
            % {
                "code": indicator.code,
                "value": _plain(indicator.self_reported_value(community)),
                "threshold": _plain(indicator.threshold),
            }
            for indicator in critical
            if not indicator.is_met_by(
                value=indicator.self_reported_value(community), households=community.households
            )
        ]
        if gaps:
            suggestions[community.pk] = Suggestion(
                Track.PREPARE, _("尚不具备创建基础：%(gaps)s") % {"gaps": "；".join(gaps)}
            )
        else:
            suggestions[community.pk] = Suggestion(
                Track.CREATE, _("已具备一定基础，关键指标自报达标，尚未创建成功")
            )
    return suggestions
