"""Synthetic counties for benchmarks and load tests (`manage.py seed_scale`)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from supervision import demo_data
from supervision.models import Campaign, Community, CommunityTrack, Department, Town, Track

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
def scale_seed(*, communities: int, year: int = 2015, seed: int = 2015) -> dict[str, int]:
    """Grow the synthetic county set to `communities` communities, with their campaign work.

    Towns are named 规模测试N镇; running it again with the same N adds nothing.
    """
    from workflows.models import Assignment, CreationTask, DutyRule
    from workflows.services import duty_matrix_seed

    rng = random.Random(seed)
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
    tasks = CreationTask.objects.bulk_create(
        [
            CreationTask(campaign=campaign, community_id=cid, state=rng.choices(states, weights)[0])
            for cid in created
        ],
        batch_size=BATCH,
    )
    today = timezone.localdate()
    rules = list(DutyRule.objects.filter(is_active=True))
    assignment_states = ["assigned", "in_progress", "submitted", "accepted", "returned"]
    assignments = []
    count = 0
    for task in tasks:
        if task.state == "planned":
            continue
        for rule in rules:
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
    return {"communities": len(new_communities), "tasks": len(tasks), "assignments": count}
