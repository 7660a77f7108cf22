"""Catalogue versions, spot-check draws, recording inspections and moving rectification orders."""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.data import catalogue_2015 as data
from assessments.models import (
    ORDER_MACHINE,
    Catalogue,
    Finding,
    Indicator,
    Inspection,
    OrderEvent,
    RectificationOrder,
    SpotCheckDraw,
    SpotCheckPick,
    indicator_applies_to,
)
from assessments.scoring import community_rescore, periods_to_rescore
from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Evidence,
    Role,
    Track,
)
from supervision.roles import NOT_OWN_COMMUNITY, person_of
from supervision.services import evidence_store
from supervision.transitions import Refused, permitted, transition_take
from workflows.models import READY_FOR_ACCEPTANCE, CreationTask, InspectionOutcome
from workflows.services import task_transition

# Catalogue -----------------------------------------------------------------------------------


def catalogue_current(*, campaign: Campaign) -> Catalogue | None:
    """The version in force for a campaign: its latest."""
    return Catalogue.objects.filter(campaign=campaign).order_by("-version").first()


@transaction.atomic
def catalogue_copy(*, source: Catalogue, campaign: Campaign, title: str = "") -> Catalogue:
    """A new version for `campaign` with `source`'s standards; a new year copies last year's."""
    latest = catalogue_current(campaign=campaign)
    copy = Catalogue.objects.create(
        campaign=campaign,
        version=(latest.version + 1) if latest else 1,
        title=title or (source.title if source.campaign_id == campaign.pk else campaign.title),
        based_on=source,
        pass_share=source.pass_share,
    )
    for indicator in source.indicators.prefetch_related("departments"):
        departments = list(indicator.departments.all())
        copied = Indicator.objects.get(pk=indicator.pk)
        copied.pk = None
        copied.catalogue = copy
        copied.save()
        copied.departments.set(departments)
    return copy


@transaction.atomic
def catalogue_2015_load(*, campaign: Campaign) -> Catalogue:
    """Load the shipped 2015 catalogue as version 1 of `campaign`; idempotent, keeps edits."""
    catalogue, _created = Catalogue.objects.get_or_create(
        campaign=campaign, version=1, defaults={"title": data.TITLE}
    )
    departments = {d.code: d for d in Department.objects.all()}
    for order, row in enumerate(data.INDICATORS):
        code, name, area, tracks, measure, fact, threshold, points, critical, depts, evidence = row
        indicator, is_new = Indicator.objects.get_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "name": name,
                "work_area": area,
                "for_create": "c" in tracks,
                "for_distinctive": "d" in tracks,
                "for_prepare": "p" in tracks,
                "measure": measure,
                "fact": fact,
                "threshold": Decimal(threshold) if threshold else None,
                "points": Decimal(points),
                "is_critical": critical,
                "evidence_required": evidence,
                "sort_order": order,
            },
        )
        if is_new:
            indicator.departments.set([departments[c] for c in depts if c in departments])
    return catalogue


def indicators_for(*, catalogue: Catalogue, community: Community):
    """The standards `community` is held to: those of its track (create when it has none)."""
    track = CommunityTrack.of(campaign=catalogue.campaign_id, community=community)
    return catalogue.indicators.filter(indicator_applies_to(track))


# Spot-check draw -----------------------------------------------------------------------------


def spot_check_picks(
    *, catalogue: Catalogue, seed: int, community_count: int, indicator_count: int
) -> tuple[list[Community], dict[int, list[Indicator]]]:
    """The draw itself: communities, then for each (in id order) standards of its own track.
    The same seed over the same pools always picks the same."""
    rng = random.Random(seed)
    communities = list(
        Community.objects.filter(tracks__campaign=catalogue.campaign).order_by("pk").distinct()
    )
    picked = sorted(
        rng.sample(communities, min(community_count, len(communities))), key=lambda c: c.pk
    )
    tracks = dict(
        CommunityTrack.objects.filter(
            campaign=catalogue.campaign, community__in=picked
        ).values_list("community_id", "track")
    )
    pools = {}
    picks = {}
    for community in picked:
        track = tracks.get(community.pk)
        if track not in pools:
            pools[track] = list(
                catalogue.indicators.filter(indicator_applies_to(track)).order_by("code")
            )
        pool = pools[track]
        chosen = rng.sample(pool, min(indicator_count, len(pool)))
        picks[community.pk] = sorted(chosen, key=lambda i: i.code)
    return picked, picks


def draw_indicators_for(*, draw: SpotCheckDraw, community: Community):
    """The standards `community` is spot-checked against in `draw`: those drawn for it. A draw
    made before standards were drawn per community holds its shared standards to the ones of
    the community's track."""
    picked = Indicator.objects.filter(
        pk__in=draw.picks.filter(community=community).values("indicator")
    )
    if draw.picks.exists():
        return picked.order_by("sort_order", "code")
    track = CommunityTrack.of(campaign=draw.campaign_id, community=community)
    return draw.indicators.filter(indicator_applies_to(track)).order_by("sort_order", "code")


@transaction.atomic
def spot_check_draw(
    *,
    campaign: Campaign,
    by,
    community_count: int,
    indicator_count: int,
    seed: int | None = None,
) -> SpotCheckDraw:
    if not person_of(by).has(Role.INSPECTOR, Role.LEAD_DEPARTMENT):
        raise Refused([_("只有督查员或牵头部门可以抽签。")])
    catalogue = catalogue_current(campaign=campaign)
    if catalogue is None:
        raise Refused([_("本年度尚无创建标准，不能抽签。")])
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**12)
    communities, picks = spot_check_picks(
        catalogue=catalogue,
        seed=seed,
        community_count=community_count,
        indicator_count=indicator_count,
    )
    draw = SpotCheckDraw.objects.create(
        campaign=campaign,
        catalogue=catalogue,
        seed=seed,
        community_count=community_count,
        indicator_count=indicator_count,
        drawn_by=by,
    )
    draw.communities.set(communities)
    draw.indicators.set({i.pk for chosen in picks.values() for i in chosen})
    SpotCheckPick.objects.bulk_create(
        SpotCheckPick(draw=draw, community_id=community_pk, indicator=indicator)
        for community_pk, chosen in picks.items()
        for indicator in chosen
    )
    return draw


# Inspections ---------------------------------------------------------------------------------


@dataclass
class FindingInput:
    indicator: Indicator
    measured_value: Decimal | None = None
    met: bool | None = None  # chosen for yes/no standards, computed for numeric ones
    points_awarded: Decimal | None = None  # full points when met, none otherwise, by default
    remarks: str = ""
    photos: list = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def inspection_refusal_reasons(*, community: Community, by) -> list[str]:
    person = person_of(by)
    if not person.has(Role.INSPECTOR):
        return [_("只有督查员可以录入督查结果。")]
    if not NOT_OWN_COMMUNITY.allows(person, community.pk):
        return [str(NOT_OWN_COMMUNITY.message)]
    return []


def _task_of(*, campaign: Campaign, community: Community) -> CreationTask | None:
    return CreationTask.objects.filter(campaign=campaign, community=community).first()


def inspection_record(
    *,
    community: Community,
    kind: str,
    by,
    findings: list[FindingInput],
    campaign: Campaign | None = None,
    draw: SpotCheckDraw | None = None,
    inspected_on: date | None = None,
    remarks: str = "",
) -> Inspection:
    """Save an inspection and its findings; an acceptance inspection moves the creation task."""
    reasons = inspection_refusal_reasons(community=community, by=by)
    if reasons:
        raise Refused(reasons)
    if kind not in Inspection.Kind.values:
        raise Refused([_("未知的督查类型。")])
    if not findings:
        raise Refused([_("请至少记录一项指标。")])
    if any(row.measured_value is not None and row.measured_value < 0 for row in findings):
        raise Refused([_("实测值不能为负数。")])
    campaign = campaign or (draw.campaign if draw else Campaign.objects.active())
    catalogue = draw.catalogue if draw else catalogue_current(campaign=campaign)
    if catalogue is None:
        raise Refused([_("本年度尚无创建标准。")])
    codes = [row.indicator.code for row in findings]
    if len(set(codes)) != len(codes):
        raise Refused([_("同一次督查中每项指标只能记录一次。")])
    if draw is not None:
        drawn = set(
            draw_indicators_for(draw=draw, community=community).values_list("code", flat=True)
        )
        outside = sorted(set(codes) - drawn)
        if outside:
            raise Refused(
                [
                    _(
                        "%(codes)s 不是本次抽签为该社区抽中的指标：抽查只记录按其创建类别抽中的指标。"
                    )
                    % {"codes": "、".join(outside)}
                ]
            )
    track = CommunityTrack.of(campaign=campaign, community=community)
    applies = set(
        indicators_for(catalogue=catalogue, community=community).values_list("code", flat=True)
    )
    foreign = sorted(set(codes) - applies)
    if foreign:
        raise Refused(
            [
                _("%(codes)s 不适用于该社区的创建类别（%(track)s），不能记录。")
                % {
                    "codes": "、".join(foreign),
                    "track": Track(track or Track.CREATE).label,
                }
            ]
        )
    task = _task_of(campaign=campaign, community=community)
    if kind == Inspection.Kind.ACCEPTANCE:
        if task is None:
            raise Refused([_("该社区本年度没有创建任务，不能录入验收。")])
        if task.state != CreationTask.State.UNDER_CONSTRUCTION:
            raise Refused(
                [
                    _("该社区创建任务当前为“%(state)s”，不能录入验收；可录入抽查或复查。")
                    % {"state": task.get_state_display()}
                ]
            )
        if not READY_FOR_ACCEPTANCE(task):
            raise Refused([READY_FOR_ACCEPTANCE.message])
        missing = indicators_for(catalogue=catalogue, community=community).exclude(code__in=codes)
        if missing.exists():
            raise Refused(
                [
                    _("验收须逐项记录全部适用指标，缺少：%(codes)s。")
                    % {"codes": "、".join(missing.values_list("code", flat=True))}
                ]
            )
    inspected_on = inspected_on or timezone.localdate()
    with transaction.atomic():
        # Before the inspection is written: which periods are up to date to keep so.
        periods = periods_to_rescore(campaign=campaign, on=inspected_on)
        inspection = Inspection.objects.create(
            campaign=campaign,
            catalogue=catalogue,
            community=community,
            kind=kind,
            draw=draw,
            inspector=by,
            inspected_on=inspected_on,
            remarks=remarks,
        )
        score = Decimal(0)
        critical_failures = 0
        for row in findings:
            indicator = row.indicator
            if indicator.catalogue_id != catalogue.pk:
                raise Refused([_("指标不属于本次督查所用的标准版本。")])
            if indicator.is_numeric:
                met = indicator.is_met_by(value=row.measured_value, households=community.households)
            else:
                met = bool(row.met)
            points = row.points_awarded
            if points is None:
                points = indicator.points if met else Decimal(0)
            if points > indicator.points:
                raise Refused(
                    [
                        _("%(code)s 得分不能超过该指标分值 %(points)s。")
                        % {"code": indicator.code, "points": indicator.points}
                    ]
                )
            finding = Finding.objects.create(
                inspection=inspection,
                indicator=indicator,
                measured_value=row.measured_value if indicator.is_numeric else None,
                met=met,
                points_awarded=points,
                remarks=row.remarks,
            )
            finding.evidence.set(row.evidence)
            finding.photos.set(
                evidence_store(uploaded=photo, by=by, community=community) for photo in row.photos
            )
            score += points
            critical_failures += int(indicator.is_critical and not met)
        inspection.score = score
        inspection.critical_failures = critical_failures
        inspection.save(update_fields=["score", "critical_failures"])
        if kind == Inspection.Kind.ACCEPTANCE:
            outcome = InspectionOutcome(
                score=score,
                pass_line_met=score >= catalogue.pass_line(track),
                critical_failures=critical_failures,
            )
            task_transition(task=task, action="record_inspection", by=by, outcome=outcome)
        community_rescore(periods=periods, community=community)
    return inspection


# Rectification orders ------------------------------------------------------------------------


def order_issue(
    *,
    finding: Finding,
    by,
    requirement: str,
    deadline: date,
    responsible_department: Department | None = None,
    responsible_community: Community | None = None,
) -> RectificationOrder:
    """Raise a rectification order from a failed finding; the task may enter rectification."""
    inspection = finding.inspection
    person = person_of(by)
    if not person.has(Role.INSPECTOR, Role.LEAD_DEPARTMENT):
        raise Refused([_("只有督查员或牵头部门可以下发整改通知。")])
    if finding.met:
        raise Refused([_("该指标已达标，无需整改。")])
    if (responsible_department is None) == (responsible_community is None):
        raise Refused([_("请选择一个责任部门或责任社区。")])
    task = _task_of(campaign=inspection.campaign, community=inspection.community)
    with transaction.atomic():
        order = RectificationOrder.objects.create(
            finding=finding,
            task=task,
            responsible_department=responsible_department,
            responsible_community=responsible_community,
            requirement=requirement,
            deadline=deadline,
            is_critical=finding.indicator.is_critical,
            issued_by=by,
        )
        OrderEvent.objects.create(
            order=order, action="issue", source="", target=order.state, actor=by
        )
        if (
            task is not None
            and inspection.kind == Inspection.Kind.ACCEPTANCE
            and task.state == CreationTask.State.INSPECTED
            and task.inspection_outcome is not None
            and task.inspection_outcome.failed
        ):
            task_transition(
                task=task,
                action="start_rectification",
                by=by,
                comment=_("验收发现问题，下发整改通知。"),
            )
    return order


def order_may_answer(*, order: RectificationOrder, by) -> bool:
    return permitted(ORDER_MACHINE, order, "answer", by=by)


def order_may_verify(*, order: RectificationOrder, by) -> bool:
    return permitted(ORDER_MACHINE, order, "verify", by=by)


def order_transition(
    *, order: RectificationOrder, action: str, by, comment: str = "", **kwargs
) -> RectificationOrder:
    """Answer (with `answer` and maybe an `answer_file`), verify or reopen an order as `by`;
    saves and writes the history row together."""
    answer_file = kwargs.pop("answer_file", None)

    def before(locked):
        if action != "answer" or not answer_file:
            return {}
        # The responsible party's evidence, kept in the one store.
        return {
            "answer_evidence": evidence_store(
                uploaded=answer_file,
                by=by,
                community=locked.responsible_community,
                department=locked.responsible_department,
            )
        }

    transition_take(
        ORDER_MACHINE, order, action=action, by=by, comment=comment, before=before, **kwargs
    )
    return order
