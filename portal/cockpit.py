"""The cockpit (驾驶舱): the county at a glance, in a fixed number of queries whatever its size."""

import time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from assessments.models import CommunityScore, Indicator, ScoringPeriod, WorkArea
from assessments.scoring import catalogue_in_force
from supervision.models import Campaign, CommunityTrack, Department, Track
from workflows.models import Assignment, CreationTask

BOARD_NAMES = 12


def cockpit_figures(*, campaign: Campaign, today=None) -> dict:
    """The county at a glance for one campaign, in a fixed number of queries whatever its size."""
    today = today or timezone.localdate()
    by_state = dict(
        CreationTask.objects.filter(campaign=campaign)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    states = [
        {"value": value, "label": str(label), "count": by_state.get(value, 0)}
        for value, label in CreationTask.State.choices
    ]
    # The board names a few communities per state; the counts above carry the rest.
    board = {}
    for value, _label in CreationTask.State.choices:
        board[value] = [
            {"id": task_id, "community": community, "town": town, "track": track}
            for task_id, community, town, track in CreationTask.objects.filter(
                campaign=campaign, state=value
            )
            .order_by("community__town__name", "community__name")
            .annotate(
                track=Subquery(
                    CommunityTrack.objects.filter(
                        campaign=campaign, community=OuterRef("community")
                    ).values("track")[:1]
                )
            )
            .values_list("id", "community__name", "community__town__name", "track")[:BOARD_NAMES]
        ]
    lights = Assignment.objects.filter(task__campaign=campaign).lights_by_department(today=today)
    known = {
        pk: (name, order)
        for pk, name, order in Department.objects.values_list("id", "short_name", "sort_order")
    }
    departments = sorted(
        ({**row, "name": known[row["department_id"]][0]} for row in lights),
        key=lambda d: (-d["red"], -d["yellow"], known[d["department_id"]][1]),
    )
    track_labels = dict(Track.choices)
    return {
        "states": states,
        "total": sum(by_state.values()),
        "passed": by_state.get("passed", 0) + by_state.get("distinctive", 0),
        "board": [
            {
                "value": s["value"],
                "label": s["label"],
                "tasks": [
                    {**task, "track_label": str(track_labels.get(task["track"], ""))}
                    for task in board[s["value"]]
                ],
                "more": s["count"] - len(board[s["value"]]),
            }
            for s in states
        ],
        "departments": [
            {
                "id": d["department_id"],
                **{k: d[k] for k in ("name", "red", "yellow", "green", "done")},
            }
            for d in departments
        ],
        "overdue": sum(d["red"] for d in departments),
        "scores": cockpit_scores(campaign=campaign),
    }


def cockpit_figures_cached(*, campaign: Campaign) -> dict:
    """`cockpit_figures` with `counted_at`, kept a while once they are costly to count.

    A county's cockpit counts in milliseconds and shows every change at once; a province's
    reads hundreds of thousands of assignments, so past COCKPIT_CACHE_AFTER_MS the figures are
    kept for COCKPIT_CACHE_SECONDS in this process's cache, per campaign, day and language.
    """
    today = timezone.localdate()
    key = f"cockpit:{campaign.pk}:{today.isoformat()}:{get_language()}"
    seconds = settings.COCKPIT_CACHE_SECONDS
    if seconds > 0:
        kept = cache.get(key)
        if kept is not None:
            return kept
    started = time.perf_counter()
    figures = cockpit_figures(campaign=campaign, today=today)
    took_ms = (time.perf_counter() - started) * 1000
    figures["counted_at"] = timezone.now()
    figures["kept_seconds"] = 0
    if seconds > 0 and took_ms >= settings.COCKPIT_CACHE_AFTER_MS:
        figures["kept_seconds"] = seconds
        cache.set(key, figures, seconds)
    return figures


PROGRESS_ROWS = 30


def _points(value) -> str:
    return f"{Decimal(value).normalize():f}"


def _percent(part, whole) -> int:
    return min(100, round(100 * float(part) / float(whole))) if whole else 0


def cockpit_scores(*, campaign: Campaign) -> dict | None:
    """Rankings and progress against the standards from the latest computed snapshot.

    A fixed number of queries: each track's first rows by rank, and database aggregates for
    the whole county (no per-community Python loop over the snapshot).
    """
    # At one end date the month is the newest figure and has a previous month to compare to.
    finer_first = Case(
        When(kind=ScoringPeriod.Kind.MONTH, then=Value(0)),
        When(kind=ScoringPeriod.Kind.QUARTER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    period = (
        ScoringPeriod.objects.filter(campaign=campaign, computed_at__isnull=False)
        .order_by("-ends_on", finer_first, "-computed_at")
        .first()
    )
    if period is None:
        return None
    areas = list(WorkArea.choices)
    flags = {Track.CREATE: "for_create", Track.DISTINCTIVE: "for_distinctive"}
    flags[Track.PREPARE] = "for_prepare"
    catalogue = catalogue_in_force(campaign=campaign, on=period.ends_on)
    possible = {}  # {(track, area): points}
    if catalogue is not None:
        for row in (
            Indicator.objects.filter(catalogue=catalogue)
            .values("work_area")
            .annotate(**{t: Sum("points", filter=Q(**{f: True})) for t, f in flags.items()})
            .order_by()
        ):
            for track in flags:
                possible[(track, row["work_area"])] = row[track] or 0
    totals = {
        row["track"]: row
        for row in period.community_scores.values("track")
        .annotate(
            n=Count("id"),
            **{
                f"area_{area}": Sum(Cast(KT(f"by_area__{area}"), FloatField()))
                for area, _label in areas
            },
        )
        .order_by()
    }
    tracks = []
    for track, label in Track.choices:
        track_possible = sum(possible.get((track, area), 0) for area, _label in areas)
        rows = CommunityScore.objects.filter(period=period, track=track).select_related(
            "community__town"
        )[:PROGRESS_ROWS]
        count = totals.get(track, {}).get("n", 0)
        tracks.append(
            {
                "value": track,
                "label": label,
                "possible": track_possible,
                "count": count,
                "more": max(0, count - PROGRESS_ROWS),
                "rows": [
                    {
                        "community": score.community.name,
                        "town": score.community.town.name,
                        "rank": score.rank,
                        "change": score.change,
                        "total": score.total,
                        "percent": _percent(score.total, track_possible),
                        "areas": "；".join(
                            f"{area_label} {_points(score.by_area.get(area, 0))}/"
                            f"{_points(possible.get((track, area), 0))}"
                            for area, area_label in areas
                            if possible.get((track, area))
                        ),
                    }
                    for score in rows
                ],
            }
        )
    # Average attainment of each work area, per track: points met over points possible.
    area_progress = []
    for area, area_label in areas:
        by_track = []  # in the order of Track.choices; None where the track has no such points
        for track, _label in Track.choices:
            row, points = totals.get(track), possible.get((track, area), 0)
            by_track.append(
                _percent(row[f"area_{area}"] or 0, row["n"] * points)
                if row and row["n"] and points
                else None
            )
        area_progress.append({"value": area, "label": str(area_label), "tracks": by_track})
    return {
        "period": period,
        "tracks": tracks,
        "track_labels": [{"value": t, "label": str(label)} for t, label in Track.choices],
        "areas": area_progress,
        "departments": list(
            period.department_scores.select_related("department").order_by(
                "rank", "department__sort_order"
            )
        ),
    }
