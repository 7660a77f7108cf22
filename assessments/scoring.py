"""Goal-management assessment (目标管理考核): period scores, rankings and progress circulars.

Scores are computed as of a period's last day with database aggregates and stored as a
snapshot (CommunityScore, DepartmentScore rows). A circular copies the figures it shows into
its own `figures` JSON when generated, and a period whose circular is published refuses to be
recomputed: a published circular never changes.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Least, RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    CIRCULAR_MACHINE,
    Assistance,
    Catalogue,
    Circular,
    CommunityScore,
    DepartmentScore,
    Finding,
    Inspection,
    RectificationOrder,
    ScoreWeights,
    ScoringPeriod,
    WorkArea,
    indicator_applies_to,
)
from supervision.models import Campaign, CommunityTrack, Department, Role, Track
from supervision.roles import person_of
from supervision.transitions import Refused, actions_for, transition_take
from workflows.models import Assignment, AssignmentEvent, CreationTask, TaskTransition

TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


# --- periods -----------------------------------------------------------------------------


def periods_create_for_campaign(*, campaign: Campaign) -> list[ScoringPeriod]:
    """Twelve months, four quarters and the year of a campaign; existing ones are kept."""
    year = campaign.year
    wanted = []
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        wanted.append(
            (
                ScoringPeriod.Kind.MONTH,
                _("%(year)s年%(month)s月") % {"year": year, "month": month},
                datetime.date(year, month, 1),
                datetime.date(year, month, last),
            )
        )
    for quarter in range(1, 5):
        first_month = 3 * quarter - 2
        last_month = first_month + 2
        wanted.append(
            (
                ScoringPeriod.Kind.QUARTER,
                _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter},
                datetime.date(year, first_month, 1),
                datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
            )
        )
    wanted.append(
        (
            ScoringPeriod.Kind.YEAR,
            _("%(year)s年度") % {"year": year},
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        )
    )
    periods = []
    for kind, label, starts_on, ends_on in wanted:
        period, _created = ScoringPeriod.objects.get_or_create(
            campaign=campaign,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            defaults={"label": label},
        )
        periods.append(period)
    return periods


def period_find(*, key: str) -> ScoringPeriod:
    """A period by id or by label (`2015年3月`)."""
    if key.isdigit():
        found = ScoringPeriod.objects.filter(pk=int(key)).first()
        if found:
            return found
    return ScoringPeriod.objects.get(label=key)


def period_previous(*, period: ScoringPeriod) -> ScoringPeriod | None:
    """The period of the same kind that ended last before this one, in any campaign."""
    return (
        ScoringPeriod.objects.filter(kind=period.kind, ends_on__lt=period.starts_on)
        .order_by("-ends_on")
        .first()
    )


def catalogue_in_force(*, campaign: Campaign, on: datetime.date) -> Catalogue | None:
    """The latest version created by `on`; before any was, the campaign's first."""
    versions = Catalogue.objects.filter(campaign=campaign)
    end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    return (
        versions.filter(created_at__lte=end_of_day).order_by("-version").first()
        or versions.order_by("version").first()
    )


def weights_for(*, campaign: Campaign) -> ScoreWeights:
    weights, _created = ScoreWeights.objects.get_or_create(campaign=campaign)
    return weights


# --- community scores --------------------------------------------------------------------


def latest_findings(*, campaign: Campaign, on: datetime.date, community=None):
    """Per community and indicator code, the finding of the latest inspection on or before `on`.

    One window over the campaign's findings (newest first within each community and code)
    rather than a correlated subquery per finding: the work grows with the findings, not with
    their square.
    """
    only = {} if community is None else {"inspection__community": community}
    return (
        Finding.objects.filter(
            inspection__campaign=campaign, inspection__inspected_on__lte=on, **only
        )
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("inspection__community"), F("indicator__code")],
                order_by=[
                    F("inspection__inspected_on").desc(),
                    F("inspection__recorded_at").desc(),
                    F("inspection_id").desc(),
                ],
            )
        )
        .filter(newest=1)
    )


def community_points(
    *, campaign: Campaign, on: datetime.date, community=None
) -> dict[int, dict[str, Decimal]]:
    """{community id: {work area: points}} of the standards met, under the version in force
    (of `community` alone when given)."""
    catalogue = catalogue_in_force(campaign=campaign, on=on)
    if catalogue is None:
        return {}
    # The version in force decides each standard's area, points and tracks, matched by code;
    # the few standards go into the query as CASE expressions so the sum stays in the
    # database. A standard counts only for the tracks it applies to: a community is never
    # credited for a standard it is not held to (nor above its track's maximum).
    in_force = [
        (indicator.code, indicator.work_area, indicator.points, indicator.tracks)
        for indicator in catalogue.indicators.all()
    ]
    if not in_force:
        return {}
    area = Case(*[When(indicator__code=code, then=Value(a)) for code, a, _p, _t in in_force])
    points = Case(
        *[
            When(indicator__code=code, track__in=tracks, then=Value(p))
            for code, _a, p, tracks in in_force
            if tracks
        ],
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )
    track = Coalesce(
        Subquery(
            CommunityTrack.objects.filter(
                campaign=campaign, community=OuterRef("inspection__community")
            ).values("track")[:1]
        ),
        Value(Track.CREATE),
    )
    # The latest finding first, then only those met: a later failure cancels an earlier pass.
    latest = latest_findings(campaign=campaign, on=on, community=community).values("pk")
    rows = (
        Finding.objects.filter(pk__in=latest, met=True)
        .annotate(track=track)
        .annotate(area=area, points=points)
        .filter(points__isnull=False)
        .values("inspection__community", "area")
        .annotate(total=Sum("points"))
        .order_by()
    )
    result: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        result.setdefault(row["inspection__community"], {})[row["area"]] = Decimal(
            row["total"]
        ).quantize(ONE_PLACE)
    return result


def _ranks(items, key) -> list[int]:
    """Competition ranking (1, 1, 3) of `items` already sorted best first."""
    ranks, previous, rank = [], object(), 0
    for position, item in enumerate(items, start=1):
        value = key(item)
        if value != previous:
            rank, previous = position, value
        ranks.append(rank)
    return ranks


# --- department scores -------------------------------------------------------------------


def parts_none() -> dict:
    """A department's parts before anything is counted: nothing due, nothing issued."""
    return {
        "assignments_due": 0,
        "on_time": 0,
        "returns": 0,
        "overdue_days": 0,
        "orders_issued": 0,
        "orders_closed": 0,
        "assistance_points": Decimal(0),
    }


def department_parts(*, campaign: Campaign, on: datetime.date, department=None) -> dict[int, dict]:
    """The measured parts of each department's score (or of `department`'s alone), campaign to
    date as of `on`."""
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    only = {} if department is None else {"department": department}
    # The acceptance joined as a filtered LEFT JOIN (one hash join over the campaign, not a
    # subquery per assignment). Acceptance is final in the state machine, so an assignment
    # has at most one acceptance event; its date is taken in the county's time zone.
    due = (
        Assignment.objects.filter(task__campaign=campaign, deadline__lte=on, **only)
        .annotate(
            acceptance=FilteredRelation(
                "history",
                condition=Q(history__target=Assignment.State.ACCEPTED, history__at__lte=end),
            )
        )
        .annotate(accepted_on=TruncDate("acceptance__at"))
        .annotate(
            finished_on=Least(Coalesce("accepted_on", Value(on)), Value(on)),
        )
        .annotate(
            late=ExpressionWrapper(F("finished_on") - F("deadline"), output_field=DurationField())
        )
        .values("department")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(accepted_on__lte=F("deadline"))),
            late_total=Sum("late", filter=Q(finished_on__gt=F("deadline"))),
        )
        .order_by()
    )
    returns = (
        AssignmentEvent.objects.filter(
            assignment__task__campaign=campaign,
            target=Assignment.State.RETURNED,
            at__lte=end,
            **{f"assignment__{k}": v for k, v in only.items()},
        )
        .values("assignment__department")
        .annotate(n=Count("id"))
        .order_by()
    )
    orders = (
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign,
            responsible_department__isnull=False,
            issued_at__lte=end,
            **{f"responsible_{k}": v for k, v in only.items()},
        )
        .values("responsible_department")
        .annotate(
            issued=Count("id"),
            closed=Count(
                "id", filter=Q(state=RectificationOrder.State.VERIFIED, verified_at__lte=end)
            ),
        )
        .order_by()
    )
    assistance = (
        Assistance.objects.filter(campaign=campaign, given_on__lte=on, **only)
        .values("department")
        .annotate(points=Sum("points"))
        .order_by()
    )
    parts: dict[int, dict] = {}

    def part(pk):
        return parts.setdefault(pk, parts_none())

    for row in due:
        late = row["late_total"] or datetime.timedelta(0)
        part(row["department"]).update(
            assignments_due=row["due"], on_time=row["on_time"], overdue_days=late.days
        )
    for row in returns:
        part(row["assignment__department"])["returns"] = row["n"]
    for row in orders:
        part(row["responsible_department"]).update(
            orders_issued=row["issued"], orders_closed=row["closed"]
        )
    for row in assistance:
        part(row["department"])["assistance_points"] = Decimal(row["points"])
    return parts


def department_total(*, parts: dict, weights: ScoreWeights) -> Decimal:
    """The formula shown on the period page, with the weights an administrator set."""
    due = parts["assignments_due"]
    on_time_rate = Decimal(parts["on_time"]) / due if due else Decimal(1)
    issued = parts["orders_issued"]
    closure_rate = Decimal(parts["orders_closed"]) / issued if issued else Decimal(1)
    returns_part = max(Decimal(0), weights.returns - weights.per_return * parts["returns"])
    overdue_part = max(
        Decimal(0), weights.overdue - weights.per_overdue_day * parts["overdue_days"]
    )
    assistance_part = (
        weights.assistance
        * min(Decimal(parts["assistance_points"]), weights.assistance_cap)
        / weights.assistance_cap
    )
    total = (
        weights.on_time * on_time_rate
        + returns_part
        + overdue_part
        + weights.closure * closure_rate
        + assistance_part
    )
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- how a score was made ----------------------------------------------------------------


def community_breakdown(*, period: ScoringPeriod, community) -> dict:
    """How the community's score in `period` is made, standard by standard, from the same rule
    as `community_points`: the latest finding on or before the period's end of each standard
    in force, its points if met. `total` equals the snapshot's unless the data changed since."""
    campaign, on = period.campaign, period.ends_on
    catalogue = catalogue_in_force(campaign=campaign, on=on)
    track = CommunityTrack.of(campaign=campaign, community=community)
    indicators = (
        list(
            catalogue.indicators.filter(indicator_applies_to(track)).order_by("sort_order", "code")
        )
        if catalogue
        else []
    )
    latest = {
        finding.indicator.code: finding
        for finding in latest_findings(campaign=campaign, on=on, community=community)
        .select_related("indicator", "inspection__inspector")
        .prefetch_related("evidence")
    }
    rows = []
    for indicator in indicators:
        finding = latest.get(indicator.code)
        counted = indicator.points if finding is not None and finding.met else Decimal(0)
        rows.append({"indicator": indicator, "finding": finding, "points": counted})
    total = sum((row["points"] for row in rows), Decimal(0)).quantize(ONE_PLACE)
    snapshot = period.community_scores.filter(community=community).first()
    return {
        "catalogue": catalogue,
        "rows": rows,
        "total": total,
        "possible": sum((i.points for i in indicators), Decimal(0)),
        "snapshot": snapshot,
        "agrees": snapshot is not None and snapshot.total == total,
    }


BREAKDOWN_ROWS = 50


def department_breakdown(*, period: ScoringPeriod, department) -> dict:
    """How the department's score in `period` is made: its parts counted by `department_parts`
    itself (the snapshot's rule), then, by name, a page of what cost points (work late or
    returned, orders open at the period's end, open first) and its assistance. `agrees` says
    whether the snapshot's parts are these."""
    campaign, on = period.campaign, period.ends_on
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    parts = department_parts(campaign=campaign, on=on, department=department).get(
        department.pk, parts_none()
    )
    accepted = AssignmentEvent.objects.filter(
        assignment=OuterRef("pk"), target=Assignment.State.ACCEPTED, at__lte=end
    ).order_by("at")
    returned = AssignmentEvent.objects.filter(
        assignment=OuterRef("pk"), target=Assignment.State.RETURNED, at__lte=end
    )
    due = (
        Assignment.objects.filter(task__campaign=campaign, department=department, deadline__lte=on)
        .annotate(accepted_at=Subquery(accepted.values("at")[:1]))
        .annotate(
            returns=Coalesce(
                Subquery(returned.values("assignment").annotate(n=Count("id")).values("n")[:1]), 0
            )
        )
    )
    costly = due.filter(
        Q(returns__gt=0)
        | Q(accepted_at__isnull=True, deadline__lt=on)
        | Q(accepted_at__date__gt=F("deadline"))
    )
    work = []
    for assignment in costly.select_related("task__community").order_by("deadline", "pk")[
        :BREAKDOWN_ROWS
    ]:
        accepted_on = (
            timezone.localtime(assignment.accepted_at).date() if assignment.accepted_at else None
        )
        work.append(
            {
                "assignment": assignment,
                "accepted_on": accepted_on,
                "on_time": accepted_on is not None and accepted_on <= assignment.deadline,
                "late_days": late_days(
                    deadline=assignment.deadline, accepted_at=assignment.accepted_at, on=on
                ),
            }
        )
    closed = Q(state=RectificationOrder.State.VERIFIED, verified_at__lte=end)
    orders = list(
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign,
            responsible_department=department,
            issued_at__lte=end,
        )
        .annotate(closed_then=Case(When(closed, then=Value(True)), default=Value(False)))
        .select_related("finding__indicator", "finding__inspection__community")
        .order_by("closed_then", "issued_at", "pk")[:BREAKDOWN_ROWS]
    )
    assistance = list(
        Assistance.objects.filter(campaign=campaign, department=department, given_on__lte=on)
        .select_related("community")
        .order_by("given_on", "pk")[:BREAKDOWN_ROWS]
    )
    snapshot = period.department_scores.filter(department=department).first()
    return {
        "work_shown": work,
        "work_costly": costly.count(),
        "orders_shown": orders,
        "assistance": assistance,
        "parts": parts,
        "total": department_total(parts=parts, weights=weights_for(campaign=campaign)),
        "snapshot": snapshot,
        "agrees": snapshot is not None
        and all(getattr(snapshot, name) == value for name, value in parts.items()),
    }


def late_days(*, deadline: datetime.date, accepted_at, on: datetime.date) -> int:
    """Days a piece of work was late as of `on`: to its acceptance (in the county's time zone),
    or to `on` while it is not accepted; 0 when it was not late. `department_parts` sums the
    same in SQL."""
    accepted_on = timezone.localtime(accepted_at).date() if accepted_at else None
    finished = min(accepted_on or on, on)
    return max((finished - deadline).days, 0)


# --- the lists behind a period's figures --------------------------------------------------

# The figures of one department: their lists need the department.
DEPARTMENT_ITEMS = {"due", "on_time", "returns", "late", "overdue_work", "assistance"}


def period_items_total(*, period: ScoringPeriod, what: str, rows, department=None):
    """What a list adds up to when its figure is not a count: the late days (with each row's
    own, on `rows`) or the assistance points; None for the lists the figure counts."""
    if what == "late":
        for item in rows:
            item.late_days = late_days(
                deadline=item.deadline, accepted_at=item.accepted_at, on=period.ends_on
            )
        return department_parts(
            campaign=period.campaign, on=period.ends_on, department=department
        ).get(department.pk, parts_none())["overdue_days"]
    if what == "assistance":
        total = rows.aggregate(total=Sum("points"))["total"] or Decimal(0)
        return Decimal(total).quantize(ONE_PLACE)
    return None


def period_items(*, period: ScoringPeriod, what: str, department=None, community=None, state=""):
    """The rows a figure of the period page or of its circular counts, by the rule that counted
    it, as of the period's end: a queryset (or a list for task states) whose length is the
    figure. `department` (or `community` for orders) narrows it to one party; the figures
    of `DEPARTMENT_ITEMS` need it."""
    if what in DEPARTMENT_ITEMS and department is None:
        raise ValueError(f"{what} needs a department")
    campaign, on = period.campaign, period.ends_on
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    if what == "state":
        return (
            CreationTask.objects.filter(campaign=campaign)
            .annotate(state_then=task_state_then(on=on))
            .filter(state_then=state)
            .select_related("community__town")
            .order_by("community__name", "pk")
        )
    accepted = AssignmentEvent.objects.filter(
        assignment=OuterRef("pk"), target=Assignment.State.ACCEPTED, at__lte=end
    )
    work = (
        Assignment.objects.filter(task__campaign=campaign, department=department)
        .annotate(accepted_at=Subquery(accepted.order_by("at").values("at")[:1]))
        .select_related("task__community", "department")
        .order_by("deadline", "pk")
    )
    verified = Q(state=RectificationOrder.State.VERIFIED, verified_at__lte=end)
    party = {"responsible_department": department} if department else {}
    if community is not None:
        party = {"responsible_community": community}
    orders = (
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign, issued_at__lte=end, **party
        )
        .select_related("finding__indicator", "finding__inspection__community")
        .order_by("issued_at", "pk")
    )
    if what == "due":
        return work.filter(deadline__lte=on)
    if what == "on_time":
        in_time = accepted.filter(at__date__lte=OuterRef("deadline"))
        return work.filter(deadline__lte=on).filter(Exists(in_time))
    if what == "late":
        finished_late = accepted.filter(at__date__gt=OuterRef("deadline"))
        return work.filter(deadline__lt=on).filter(Exists(finished_late) | ~Exists(accepted))
    if what == "overdue_work":
        return work.filter(deadline__lt=on).exclude(Exists(accepted))
    if what == "returns":
        return (
            AssignmentEvent.objects.filter(
                assignment__task__campaign=campaign,
                assignment__department=department,
                target=Assignment.State.RETURNED,
                at__lte=end,
            )
            .select_related("assignment__task__community", "actor")
            .order_by("at", "pk")
        )
    if what == "orders":
        return orders
    if what == "closed":
        return orders.filter(verified)
    if what == "overdue_orders":
        return orders.filter(deadline__lt=on).exclude(verified)
    if what == "assistance":
        return (
            Assistance.objects.filter(campaign=campaign, department=department, given_on__lte=on)
            .select_related("community")
            .order_by("given_on", "pk")
        )
    raise ValueError(what)


# --- the snapshot ------------------------------------------------------------------------


@transaction.atomic
def scores_compute(*, period: ScoringPeriod) -> ScoringPeriod:
    """Compute and store the period's snapshot; refused once a published circular uses it."""
    # Lock the period: two recomputations, or a recomputation and a publication, may race.
    period = ScoringPeriod.objects.select_for_update().select_related("campaign").get(pk=period.pk)
    if period.is_frozen:
        raise Refused([_("该考核周期的通报已发布，得分不能再重新计算。")])
    campaign, on = period.campaign, period.ends_on
    previous = period_previous(period=period)
    previous_community = (
        dict(previous.community_scores.values_list("community_id", "rank")) if previous else {}
    )
    previous_department = (
        dict(previous.department_scores.values_list("department_id", "rank")) if previous else {}
    )

    points = community_points(campaign=campaign, on=on)
    tracks = list(
        CommunityTrack.objects.filter(campaign=campaign)
        .select_related("community")
        .values_list("community_id", "community__name", "track")
    )
    community_rows = []
    for track in Track.values:
        members = [
            {
                "community_id": community_id,
                "name": name,
                "by_area": {
                    area: str(value) for area, value in points.get(community_id, {}).items()
                },
                "total": sum(points.get(community_id, {}).values(), Decimal(0)),
            }
            for community_id, name, member_track in tracks
            if member_track == track
        ]
        members.sort(key=lambda m: (-m["total"], m["name"]))
        for member, rank in zip(members, _ranks(members, lambda m: m["total"]), strict=True):
            community_rows.append(
                CommunityScore(
                    period=period,
                    community_id=member["community_id"],
                    track=track,
                    by_area=member["by_area"],
                    total=member["total"],
                    rank=rank,
                    previous_rank=previous_community.get(member["community_id"]),
                )
            )

    weights = weights_for(campaign=campaign)
    parts = department_parts(campaign=campaign, on=on)
    departments = list(Department.objects.values_list("id", "sort_order"))
    scored = []
    for department_id, sort_order in departments:
        measured = parts.get(department_id)
        if measured is None:
            continue
        scored.append(
            (department_id, sort_order, measured, department_total(parts=measured, weights=weights))
        )
    scored.sort(key=lambda d: (-d[3], d[1]))
    department_rows = [
        DepartmentScore(
            period=period,
            department_id=department_id,
            total=total,
            rank=rank,
            previous_rank=previous_department.get(department_id),
            **measured,
        )
        for (department_id, _order, measured, total), rank in zip(
            scored, _ranks(scored, lambda d: d[3]), strict=True
        )
    ]

    period.community_scores.all().delete()
    period.department_scores.all().delete()
    CommunityScore.objects.bulk_create(community_rows)
    DepartmentScore.objects.bulk_create(department_rows)
    period.computed_at = timezone.now()
    period.save(update_fields=["computed_at"])
    return period


def periods_to_rescore(*, campaign: Campaign, on: datetime.date) -> list[ScoringPeriod]:
    """The periods an inspection dated `on` changes that keep up with it one community at a
    time: counted, not fixed by a published circular, ending on or after `on`, and not already
    behind their data (those wait for 重新计分 of the whole period). Locked, in one order, so
    rescores and full counts of a period take turns; call before the inspection is written."""
    periods = (
        ScoringPeriod.objects.select_for_update()
        .filter(campaign=campaign, ends_on__gte=on, computed_at__isnull=False)
        .exclude(circulars__state=Circular.State.PUBLISHED)
        .order_by("pk")
    )
    return [period for period in periods if not period.scores_behind_data()]


def community_rescore(*, periods: list[ScoringPeriod], community) -> None:
    """Score `community` again in each of `periods` (from `periods_to_rescore`) after one of its
    inspections: its row's points and total, and the ranks of its track moved by the change,
    in a few statements whatever the county's size. The result equals a full count's."""
    if not periods:
        return
    now = timezone.now()
    track = CommunityTrack.of(campaign=periods[0].campaign_id, community=community)
    for period in periods:
        points = community_points(
            campaign=period.campaign, on=period.ends_on, community=community
        ).get(community.pk, {})
        total = sum(points.values(), Decimal(0))
        by_area = {area: str(value) for area, value in points.items()}
        row = period.community_scores.filter(community=community).first()
        if row is None and track is None:
            continue
        members = CommunityScore.objects.filter(period=period, track=row.track if row else track)
        if row is None:
            # New to the period: everyone scoring below it drops a place.
            members.filter(total__lt=total).update(rank=F("rank") + 1)
            CommunityScore.objects.create(
                period=period,
                community=community,
                track=track,
                by_area=by_area,
                total=total,
                rank=members.filter(total__gt=total).count() + 1,
                counted_at=now,
            )
            continue
        others = members.exclude(pk=row.pk)
        # Competition ranking: a rank is one more than the members scoring strictly higher.
        if total > row.total:
            others.filter(total__gte=row.total, total__lt=total).update(rank=F("rank") + 1)
        elif total < row.total:
            others.filter(total__gte=total, total__lt=row.total).update(rank=F("rank") - 1)
        row.by_area, row.total, row.counted_at = by_area, total, now
        row.rank = others.filter(total__gt=total).count() + 1
        row.save(update_fields=["by_area", "total", "rank", "counted_at"])


def formula_text(*, weights: ScoreWeights) -> str:
    """The department formula in words, with the actual weights: what a clerk can check."""
    return _(
        "部门得分满分100分，由五项相加：按时完成率×%(on_time)s分；"
        "退回情况%(returns)s分，每退回1次扣%(per_return)s分，最多扣%(returns)s分；"
        "逾期情况%(overdue)s分，每逾期1天扣%(per_day)s分，最多扣%(overdue)s分；"
        "整改销号率×%(closure)s分；共驻共建帮扶%(assistance)s分，"
        "帮扶分值累计达到%(cap)s分得满分，不足的按比例计。"
    ) % {
        "on_time": _number(weights.on_time),
        "returns": _number(weights.returns),
        "per_return": _number(weights.per_return),
        "overdue": _number(weights.overdue),
        "per_day": _number(weights.per_overdue_day),
        "closure": _number(weights.closure),
        "assistance": _number(weights.assistance),
        "cap": _number(weights.assistance_cap),
    }


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- circulars ---------------------------------------------------------------------------

COMMEND_COUNT = 3
URGE_COUNT = 2
# A department scoring below this, or with work left overdue, is named in 下步要求.
DEPARTMENT_LINE = Decimal(80)
PASSED_STATES = (CreationTask.State.PASSED, CreationTask.State.DISTINCTIVE)


def task_state_then(*, on: datetime.date):
    """An expression for a query of creation tasks: each one's state as of `on`, replayed from
    its audit rows; planned before its first transition."""
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    last = TaskTransition.objects.filter(task=OuterRef("pk"), at__lte=end).order_by("-at", "-id")
    return Coalesce(Subquery(last.values("target")[:1]), Value(CreationTask.State.PLANNED))


def task_states_as_of(*, campaign: Campaign, on: datetime.date) -> dict[int, str]:
    """{community id: task state} as of `on`."""
    return dict(
        CreationTask.objects.filter(campaign=campaign)
        .annotate(state_then=task_state_then(on=on))
        .values_list("community_id", "state_then")
    )


def circular_figures(*, period: ScoringPeriod) -> dict:
    """Everything a circular shows in numbers, from the period's snapshot, as plain JSON."""
    campaign, on = period.campaign, period.ends_on
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    start = timezone.make_aware(datetime.datetime.combine(period.starts_on, datetime.time.min))
    states = task_states_as_of(campaign=campaign, on=on)
    state_labels = dict(CreationTask.State.choices)
    track_labels = dict(Track.choices)
    area_labels = dict(WorkArea.choices)
    passed_now = TaskTransition.objects.filter(
        task__campaign=campaign,
        target__in=[CreationTask.State.PASSED, CreationTask.State.DISTINCTIVE],
        at__gte=start,
        at__lte=end,
    ).aggregate(n=Count("task", distinct=True))["n"]

    communities = [
        {
            "id": score.community_id,
            "name": score.community.name,
            "town": score.community.town.name,
            "track": score.track,
            "track_label": str(track_labels[score.track]),
            "state": states.get(score.community_id, ""),
            "state_label": str(state_labels.get(states.get(score.community_id), "—")),
            "by_area": {str(area_labels[a]): v for a, v in score.by_area.items()},
            "total": str(score.total),
            "rank": score.rank,
            "change": score.change,
        }
        for score in period.community_scores.select_related("community__town").order_by(
            "track", "rank", "community__name"
        )
    ]
    departments = [
        {
            "id": score.department_id,
            "name": score.department.name,
            "short_name": score.department.short_name,
            "assignments_due": score.assignments_due,
            "on_time": score.on_time,
            "returns": score.returns,
            "overdue_days": score.overdue_days,
            "orders_issued": score.orders_issued,
            "orders_closed": score.orders_closed,
            "assistance_points": str(score.assistance_points),
            "total": str(score.total),
            "rank": score.rank,
            "change": score.change,
        }
        for score in period.department_scores.select_related("department").order_by(
            "rank", "department__sort_order"
        )
    ]

    accepted = AssignmentEvent.objects.filter(
        assignment=OuterRef("pk"), target=Assignment.State.ACCEPTED, at__lte=end
    )
    overdue_assignments = (
        Assignment.objects.filter(task__campaign=campaign, deadline__lt=on)
        .exclude(Exists(accepted))
        .values("department_id", "department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "department__name")
    )
    verified = Q(state=RectificationOrder.State.VERIFIED, verified_at__lte=end)
    overdue_orders = (
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign, issued_at__lte=end, deadline__lt=on
        )
        .exclude(verified)
        .annotate(
            party=Coalesce("responsible_department__name", "responsible_community__name"),
        )
        .values("party", "responsible_department_id", "responsible_community_id")
        .annotate(n=Count("id"))
        .order_by("-n", "party")
    )
    # Each party with its id, so the figures link to the lists they count.
    red = {}
    for row in overdue_assignments:
        red.setdefault(
            row["department__name"],
            {
                "assignments": 0,
                "orders": 0,
                "department_id": row["department_id"],
                "community_id": None,
            },
        )
        red[row["department__name"]]["assignments"] = row["n"]
    for row in overdue_orders:
        red.setdefault(
            row["party"],
            {
                "assignments": 0,
                "orders": 0,
                "department_id": row["responsible_department_id"],
                "community_id": row["responsible_community_id"],
            },
        )
        red[row["party"]]["orders"] = row["n"]
    red_list = sorted(
        ({"name": name, **counts} for name, counts in red.items()),
        key=lambda r: (-(r["assignments"] + r["orders"]), r["name"]),
    )

    problems = [
        {
            "community": community,
            "code": code,
            "indicator": name,
            "inspected_on": inspected_on.isoformat(),
            "kind": str(dict(Inspection.Kind.choices).get(kind, kind)),
            "remarks": remarks,
        }
        for community, code, name, inspected_on, kind, remarks in Finding.objects.filter(
            inspection__campaign=campaign,
            inspection__inspected_on__gte=period.starts_on,
            inspection__inspected_on__lte=on,
            met=False,
        )
        .order_by("inspection__inspected_on", "inspection__community__name", "indicator__code")
        .values_list(
            "inspection__community__name",
            "indicator__code",
            "indicator__name",
            "inspection__inspected_on",
            "inspection__kind",
            "remarks",
        )
    ]

    # Praise only what was earned: passed, or at the top of its track, with no critical order
    # open and no work overdue. Ask only the laggards: not passed, and overdue or below the
    # track's average. Name in 下步要求 only departments below the line or with work overdue.
    critical_open = set(
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign, is_critical=True, issued_at__lte=end
        )
        .exclude(verified)
        .values_list("finding__inspection__community", flat=True)
    )
    late = set(
        Assignment.objects.filter(task__campaign=campaign, deadline__lt=on)
        .exclude(Exists(accepted))
        .values_list("task__community", flat=True)
    ) | set(
        RectificationOrder.objects.filter(
            finding__inspection__campaign=campaign, issued_at__lte=end, deadline__lt=on
        )
        .exclude(verified)
        .values_list("finding__inspection__community", flat=True)
    )
    commend_communities, urge_communities = [], []
    for track in Track.values:
        members = [c for c in communities if c["track"] == track]
        if not members:
            continue
        average = sum(Decimal(c["total"]) for c in members) / len(members)
        earned = [
            c
            for c in members
            if Decimal(c["total"]) > 0
            and (c["state"] in PASSED_STATES or c["rank"] <= COMMEND_COUNT)
            and c["id"] not in critical_open
            and c["id"] not in late
        ][:COMMEND_COUNT]
        laggards = [
            c
            for c in members
            if c["state"] not in PASSED_STATES
            and c not in earned
            and (c["id"] in late or Decimal(c["total"]) < average)
        ]
        commend_communities += [c["name"] for c in earned]
        urge_communities += [c["name"] for c in laggards[-URGE_COUNT:]]
    red_names = {r["name"] for r in red_list}
    commend_departments = [
        d["short_name"]
        for d in departments[:COMMEND_COUNT]
        if d["name"] not in red_names and Decimal(d["total"]) >= DEPARTMENT_LINE
    ]
    urge_departments = [
        d["short_name"]
        for d in departments
        if d["name"] in red_names or Decimal(d["total"]) < DEPARTMENT_LINE
    ]

    return {
        "year": campaign.year,
        "period": period.label,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": on.isoformat(),
        "states": [
            {
                "value": value,
                "label": str(label),
                "count": sum(1 for s in states.values() if s == value),
            }
            for value, label in CreationTask.State.choices
        ],
        "communities_total": len(states),
        "passed_this_period": passed_now,
        "areas": [str(label) for _value, label in WorkArea.choices],
        "communities": communities,
        "departments": departments,
        "formula": formula_text(weights=weights_for(campaign=campaign)),
        "red_list": red_list,
        "problems": problems,
        "department_line": _number(DEPARTMENT_LINE),
        "urge_count": URGE_COUNT,
        "commend": {"communities": commend_communities, "departments": commend_departments},
        "urge": {"communities": urge_communities, "departments": urge_departments},
    }


@transaction.atomic
def circular_generate(*, period: ScoringPeriod, by, title: str = "") -> Circular:
    """The period's circular not yet published, or a new draft of it (the period scored afresh
    first); refused once the period's circular is published. A period has at most one such circular: asking again, or twice at
    once, opens the same one."""
    # Lock the period: two presses of 生成通报 at once must make one draft.
    period = ScoringPeriod.objects.select_for_update().select_related("campaign").get(pk=period.pk)
    unpublished = Circular.objects.filter(period=period).exclude(state=Circular.State.PUBLISHED)
    existing = unpublished.order_by("pk").first()
    if existing is not None:
        return existing
    # A published circular fixed the period's scores: a new draft could never be counted afresh.
    if period.is_frozen:
        raise Refused(
            [
                _(
                    "%(period)s的通报已发布，本期得分不再重新计算，不能再起草本期通报：请选择下一个考核周期。"
                )
                % {"period": period.label}
            ]
        )
    period = scores_compute(period=period)
    circular = Circular(
        campaign=period.campaign,
        period=period,
        title=title or _("%(period)s创建工作进展情况通报") % {"period": period.label},
        figures=circular_figures(period=period),
        counted_at=period.computed_at,
        created_by=by,
    )
    circular.save()
    return circular


def circular_narrative_update(*, circular: Circular, by, **paragraphs: str) -> Circular:
    """Leaders and the lead department edit the narrative of a draft; the numbers stay."""
    if not circular_may_edit(circular=circular, by=by):
        raise Refused([_("只有草稿状态的通报可以由县领导或牵头部门修改文字。")])
    fields = [name for name in Circular.NARRATIVE_FIELDS if name in paragraphs]
    for name in fields:
        setattr(circular, name, paragraphs[name])
    if "title" in paragraphs:
        circular.title = paragraphs["title"]
        fields.append("title")
    circular.save(update_fields=fields)
    return circular


def scores_may_recount(*, by) -> bool:
    """Leaders and the lead department may score a period afresh and start a circular."""
    return person_of(by).has(Role.LEADER, Role.LEAD_DEPARTMENT)


def period_freshness(*, period: ScoringPeriod) -> dict:
    """When the period was scored, when its data last changed, and whether its scores are
    behind its data (the pages say so next to every score)."""
    stale = period.scores_behind_data()
    return {
        "computed_at": period.computed_at,
        "changed_at": period.data_changed_at() if stale else None,
        "stale": stale,
        # When a community was last scored again on its own since the period was counted.
        "rescored_at": period.community_scores.filter(counted_at__gt=period.computed_at).aggregate(
            at=Max("counted_at")
        )["at"]
        if period.computed_at
        else None,
        "frozen": period.is_frozen,
    }


def circular_may_edit(*, circular: Circular, by) -> bool:
    return circular.state == Circular.State.DRAFT and person_of(by).has(
        Role.LEADER, Role.LEAD_DEPARTMENT
    )


def circular_actions_for(*, circular: Circular, by) -> list[str]:
    return actions_for(CIRCULAR_MACHINE, circular, by=by)


def circular_transition(*, circular: Circular, action: str, by, comment: str = "") -> Circular:
    """Take `action` on `circular` as `by`: a published one gets the year's next serial number;
    a recounted one has its figures copied again, its period scored afresh first when the
    scores are behind their data."""

    def before(locked):
        if action != "publish":
            return {}
        # Lock the campaign row: two circulars published at once must not share a number.
        Campaign.objects.select_for_update().get(pk=locked.campaign_id)
        last = (
            Circular.objects.filter(campaign_id=locked.campaign_id)
            .exclude(serial_number=None)
            .order_by("-serial_number")
            .values_list("serial_number", flat=True)
            .first()
        )
        return {"serial_number": (last or 0) + 1}

    def after(locked):
        if action != "recount":
            return
        period = ScoringPeriod.objects.select_for_update().get(pk=locked.period_id)
        if period.scores_behind_data():
            period = scores_compute(period=period)
            counted_at = period.computed_at
        else:
            # The scores kept up (inspections rescore their community): copying them is enough.
            counted_at = timezone.now()
        locked.figures = circular_figures(period=period)
        locked.counted_at = counted_at
        locked.save(update_fields=["figures", "counted_at"])

    transition_take(
        CIRCULAR_MACHINE,
        circular,
        action=action,
        by=by,
        comment=comment,
        before=before,
        after=after,
    )
    return circular
