"""Synthetic counties for benchmarks and load tests (`manage.py seed_scale`)."""

import datetime
import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from assessments.models import Finding, Inspection, OrderEvent, RectificationOrder
from assessments.scoring import periods_create_for_campaign
from assessments.services import catalogue_2015_load, catalogue_current
from demo import data as demo_data
from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Role,
    Town,
    Track,
)
from workflows.models import Assignment, CreationTask, DutyRule
from workflows.services import duty_matrix_seed

SCALE_TOWN_PREFIX = "规模测试"
COMMUNITIES_PER_TOWN = 100
BATCH = 2000
# How the synthetic tasks spread over the states: a campaign in full swing.
STATE_WEIGHTS = {
    "planned": 10,
    "under_construction": 40,
    "inspected": 10,
    "rectifying": 10,
    "passed": 25,
    "distinctive": 5,
}
# How likely a standard is met at a task's acceptance inspection, by the task's state now.
MET_RATE = {"inspected": 0.9, "rectifying": 0.7, "passed": 0.97, "distinctive": 0.99}
SPOT_CHECK_SHARE = 0.3
SPOT_CHECK_INDICATORS = 4
ORDER_STATE_WEIGHTS = {"issued": 30, "answered": 20, "verified": 40, "reopened": 10}
SCALE_INSPECTOR = "scale-inspector"


def _departments_ensure():
    for order, (code, name, short, kind, lead, duties) in enumerate(demo_data.DEPARTMENTS):
        Department.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "is_lead": lead,
                "duties": duties,
                "sort_order": order,
            },
        )


@transaction.atomic
def scale_seed(*, communities: int, year: int | None = None, seed: int = 2015) -> dict[str, int]:
    """Grow the synthetic county set to `communities` communities, with their campaign work.

    Towns are named 规模测试N镇; running it again with the same N adds nothing. Each new task
    gets the inspections its state implies (an acceptance inspection once inspected, a follow-up
    when rectifying, a spot-check for some), findings against the catalogue in force, and a
    rectification order in some state for every failed finding; the campaign gets its periods.
    """

    rng = random.Random(seed)
    if year is None:
        active = Campaign.objects.active()
        year = active.year if active else timezone.localdate().year
    _departments_ensure()
    duty_matrix_seed()
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            year=year,
            title=f"{year}年“人文社区 温馨家园”创建工作",
            is_active=not Campaign.objects.filter(is_active=True).exists(),
        )
    existing = Community.objects.filter(town__name__startswith=SCALE_TOWN_PREFIX).count()
    wanted = max(communities - existing, 0)
    towns_needed = -(-communities // COMMUNITIES_PER_TOWN)
    Town.objects.bulk_create(
        [Town(name=f"{SCALE_TOWN_PREFIX}{k}镇") for k in range(towns_needed)], ignore_conflicts=True
    )
    towns = {t.name: t for t in Town.objects.filter(name__startswith=SCALE_TOWN_PREFIX)}
    new_communities = []
    for i in range(existing, existing + wanted):
        households = rng.randint(300, 3000)
        new_communities.append(
            Community(
                town=towns[f"{SCALE_TOWN_PREFIX}{i // COMMUNITIES_PER_TOWN}镇"],
                name=f"测试社区{i:05d}",
                is_demo=True,
                households=households,
                population=households * rng.randint(25, 35) // 10,
                premises_area=rng.choice([150, 240, 299.9, 300, 320, 450]),
                elderly_care_area=round(households / 100 * rng.choice([10, 19.9, 20, 25, 30]), 2),
                staff_count=rng.randint(4, 12),
                certified_social_workers=rng.randint(0, 3),
                filed_social_organisations=rng.randint(0, 6),
                registered_social_organisations=rng.randint(0, 2),
                office_computers=rng.randint(2, 12),
            )
        )
    Community.objects.bulk_create(new_communities, batch_size=BATCH)
    created = list(
        Community.objects.filter(town__name__startswith=SCALE_TOWN_PREFIX, tasks__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    tracks = [Track.CREATE, Track.DISTINCTIVE, Track.PREPARE]
    CommunityTrack.objects.bulk_create(
        [
            CommunityTrack(campaign=campaign, community_id=cid, track=tracks[n % 3])
            for n, cid in enumerate(created)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    states, weights = zip(*STATE_WEIGHTS.items(), strict=True)
    catalogue = _catalogue_ensure(campaign)
    indicators = list(catalogue.indicators.prefetch_related("departments").order_by("sort_order"))
    by_track = {
        track: [i for i in indicators if track in i.tracks]
        for track in (Track.CREATE, Track.DISTINCTIVE, Track.PREPARE)
    }
    lines = {track: catalogue.pass_line(track) for track in by_track}
    plans, task_list = [], []
    for n, cid in enumerate(created):
        task = CreationTask(
            campaign=campaign, community_id=cid, state=rng.choices(states, weights)[0]
        )
        plan = _inspections_plan(rng, _campaign_days(year), task, by_track[tracks[n % 3]])
        if plan and plan[0][0] == "acceptance":
            _kind, day, findings = plan[0]
            task.inspection_score = sum((i.points for i, met in findings if met), Decimal(0))
            task.inspection_pass_line_met = task.inspection_score >= lines[tracks[n % 3]]
            task.inspection_critical_failures = sum(
                1 for i, met in findings if i.is_critical and not met
            )
            task.inspected_at = _at(day, hour=10)
        task_list.append(task)
        plans.append(plan)
    tasks = CreationTask.objects.bulk_create(task_list, batch_size=BATCH)
    today = timezone.localdate()
    rules = {track: [] for track in tracks}
    for rule in DutyRule.objects.filter(is_active=True):
        rules[rule.track].append(rule)
    assignment_states = ["assigned", "in_progress", "submitted", "accepted", "returned"]
    assignments = []
    count = 0
    for n, task in enumerate(tasks):
        if task.state == "planned":
            continue
        # Each track its own work, as the duty matrix assigns it.
        for rule in rules[tracks[n % 3]]:
            done = task.state in {"passed", "distinctive"}
            assignments.append(
                Assignment(
                    task=task,
                    department_id=rule.department_id,
                    area=rule.area,
                    role=rule.role,
                    owed=rule.owed,
                    deadline=today + timedelta(days=rng.randint(-30, 60)),
                    state="accepted" if done else rng.choice(assignment_states),
                )
            )
        if len(assignments) >= BATCH:
            Assignment.objects.bulk_create(assignments, batch_size=BATCH)
            count += len(assignments)
            assignments = []
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    count += len(assignments)
    del assignments
    inspector = _inspector_ensure()
    counts = {"inspections": 0, "findings": 0, "orders": 0}
    step = BATCH // 4
    for start in range(0, len(tasks), step):
        chunk = list(zip(tasks[start : start + step], plans[start : start + step], strict=True))
        for key, value in _inspections_seed(rng, campaign, catalogue, inspector, chunk).items():
            counts[key] += value

    periods = periods_create_for_campaign(campaign=campaign)
    return {
        "communities": len(new_communities),
        "tasks": len(tasks),
        "assignments": count,
        **counts,
        "periods": len(periods),
    }


def _catalogue_ensure(campaign):

    return catalogue_current(campaign=campaign) or catalogue_2015_load(campaign=campaign)


def _inspector_ensure() -> User:
    group, _created = Group.objects.get_or_create(name=Role.INSPECTOR)
    inspector = group.user_set.order_by("id").first()
    if inspector is None:
        inspector = User.objects.create(username=SCALE_INSPECTOR, first_name="规模测试督查员")
        inspector.set_unusable_password()
        inspector.save(update_fields=["password"])
        inspector.groups.add(group)
    return inspector


def _at(day: datetime.date, *, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _campaign_days(year: int) -> tuple[datetime.date, int]:
    """The first day inspections may fall on and how many days follow, up to today at most."""
    first = datetime.date(year, 1, 15)
    last = min(datetime.date(year, 12, 31), timezone.localdate())
    return first, max((last - first).days, 1)


def _inspections_plan(rng, days: tuple[datetime.date, int], task, indicators) -> list:
    """[(kind, date, [(indicator, met)])] for one task, consistent with its state."""
    start, span = days
    plan = []
    if task.state in MET_RATE:
        day = start + timedelta(days=rng.randint(span // 6, span))
        rate = MET_RATE[task.state]
        findings = [
            (
                i,
                rng.random() < rate or (i.is_critical and task.state in {"passed", "distinctive"}),
            )
            for i in indicators
        ]
        if task.state == "rectifying" and findings and all(met for _i, met in findings):
            findings[-1] = (findings[-1][0], False)
        plan.append(("acceptance", day, findings))
        if task.state == "rectifying":
            again = [(i, rng.random() < 0.6) for i, met in findings if not met]
            later = min(day + timedelta(days=40), start + timedelta(days=span))
            plan.append(("follow_up", later, again))
    if task.state != "planned" and indicators and rng.random() < SPOT_CHECK_SHARE:
        picked = rng.sample(indicators, min(SPOT_CHECK_INDICATORS, len(indicators)))
        day = start + timedelta(days=rng.randint(0, span))
        plan.append(("spot_check", day, [(i, rng.random() < 0.8) for i in picked]))
    return plan


def _inspections_seed(rng, campaign, catalogue, inspector, chunk) -> dict[str, int]:
    """Inspections, findings, rectification orders and their trails for some tasks, in bulk."""

    inspections, rows = [], []
    for task, plan in chunk:
        for kind, day, findings in plan:
            inspections.append(
                Inspection(
                    campaign=campaign,
                    catalogue=catalogue,
                    community_id=task.community_id,
                    kind=kind,
                    inspector=inspector,
                    inspected_on=day,
                    score=sum((i.points for i, met in findings if met), Decimal(0)),
                    critical_failures=sum(1 for i, met in findings if i.is_critical and not met),
                )
            )
            rows.append((task, findings))
    Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    findings = []
    for inspection, (_task, planned) in zip(inspections, rows, strict=True):
        for indicator, met in planned:
            findings.append(
                Finding(
                    inspection=inspection,
                    indicator=indicator,
                    measured_value=indicator.threshold if indicator.is_numeric and met else None,
                    met=met,
                    points_awarded=indicator.points if met else Decimal(0),
                )
            )
    Finding.objects.bulk_create(findings, batch_size=BATCH)
    tasks = {inspection.pk: task for inspection, (task, _f) in zip(inspections, rows, strict=True)}
    states, weights = zip(*ORDER_STATE_WEIGHTS.items(), strict=True)
    today = timezone.localdate()
    orders, issued_on = [], []
    for finding in findings:
        if finding.met:
            continue
        inspection, indicator = finding.inspection, finding.indicator
        task = tasks[inspection.pk]
        departments = list(indicator.departments.all())
        to_department = departments and rng.random() < 0.6
        state = "verified" if task.state in {"passed", "distinctive"} else None
        state = state or rng.choices(states, weights)[0]
        issued = inspection.inspected_on + timedelta(days=1)
        answered = min(issued + timedelta(days=rng.randint(5, 25)), today)
        orders.append(
            RectificationOrder(
                finding=finding,
                task=task,
                responsible_department=rng.choice(departments) if to_department else None,
                responsible_community_id=None if to_department else inspection.community_id,
                requirement=f"按标准补足：{indicator.name}",
                deadline=issued + timedelta(days=30),
                is_critical=indicator.is_critical,
                state=state,
                answer="已按要求整改。" if state != "issued" else "",
                answered_at=_at(answered, hour=15) if state != "issued" else None,
                verified_at=(
                    _at(min(answered + timedelta(days=rng.randint(1, 10)), today), hour=11)
                    if state == "verified"
                    else None
                ),
                issued_by=inspector,
            )
        )
        issued_on.append(issued)
    RectificationOrder.objects.bulk_create(orders, batch_size=BATCH)
    # issued_at is stamped on insert; move it to the day after the inspection.
    by_day = defaultdict(list)
    for order, day in zip(orders, issued_on, strict=True):
        by_day[day].append(order.pk)
    for day, pks in by_day.items():
        RectificationOrder.objects.filter(pk__in=pks).update(issued_at=_at(day, hour=9))
    events = []
    for order, day in zip(orders, issued_on, strict=True):
        trail = [("issue", "", "issued", _at(day, hour=9))]
        if order.answered_at:
            trail.append(("answer", "issued", "answered", order.answered_at))
        if order.state == "verified":
            trail.append(("verify", "answered", "verified", order.verified_at))
        if order.state == "reopened":
            trail.append(("reopen", "answered", "reopened", order.answered_at + timedelta(days=2)))
        events += [
            OrderEvent(order=order, action=a, source=s, target=t, actor=inspector, at=at)
            for a, s, t, at in trail
        ]
    OrderEvent.objects.bulk_create(events, batch_size=BATCH)
    return {"inspections": len(inspections), "findings": len(findings), "orders": len(orders)}
