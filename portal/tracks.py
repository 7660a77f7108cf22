"""The year's track plan page: how the county stands against the three thirds, and the track the
seed's rule suggests for each community (成功创建: a base but not yet passed; 创出特色: already
passed; 明年达标: the rest)."""

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from assessments.readiness import critical_measured, standard_gap
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
    critical = critical_measured(catalogue_current(campaign=campaign))
    suggestions = {}
    for community in communities:
        if community.pk in passed:
            suggestions[community.pk] = Suggestion(
                Track.DISTINCTIVE,
                _("%(year)s年已创建达标，提升水平、创出特色") % {"year": passed[community.pk]},
            )
            continue
        gaps = [gap for gap in (standard_gap(i, community) for i in critical) if gap]
        if gaps:
            suggestions[community.pk] = Suggestion(
                Track.PREPARE, _("尚不具备创建基础：%(gaps)s") % {"gaps": "；".join(gaps)}
            )
        else:
            suggestions[community.pk] = Suggestion(
                Track.CREATE, _("已具备一定基础，关键指标自报达标，尚未创建成功")
            )
    return suggestions
