"""Many communities' worth of rows, built with bulk_create so a test of 200 stays quick."""

from datetime import date, timedelta
from decimal import Decimal

from assessments.models import Finding, Inspection, RectificationOrder
from supervision.models import Community, CommunityTrack, Track
from workflows.models import Assignment, CreationTask

TRACKS = [Track.CREATE, Track.DISTINCTIVE, Track.PREPARE]
STATES = list(CreationTask.State.values)


def communities_build(county, catalogue, inspector, n: int, prefix: str = "规模"):
    """`n` communities, each with a track, a task, two assignments, an inspection of three
    findings and a rectification order (to the housing bureau or to the community itself)."""
    communities = Community.objects.bulk_create(
        Community(town=county.town, name=f"{prefix}社区{i:03d}", households=100 + i)
        for i in range(n)
    )
    CommunityTrack.objects.bulk_create(
        CommunityTrack(campaign=county.campaign, community=c, track=TRACKS[i % 3])
        for i, c in enumerate(communities)
    )
    tasks = CreationTask.objects.bulk_create(
        CreationTask(campaign=county.campaign, community=c, state=STATES[i % len(STATES)])
        for i, c in enumerate(communities)
    )
    Assignment.objects.bulk_create(
        Assignment(
            task=task,
            department=department,
            area="funding",
            role="lead",
            owed="落实经费",
            deadline=date(2015, 6, 1) + timedelta(days=i),
        )
        for i, task in enumerate(tasks)
        for department in (county.finance, county.housing)
    )
    inspections = Inspection.objects.bulk_create(
        Inspection(
            campaign=county.campaign,
            catalogue=catalogue,
            community=c,
            kind=Inspection.Kind.SPOT_CHECK,
            inspector=inspector,
            inspected_on=date(2015, 9, 1) + timedelta(days=i % 20),
            score=Decimal("60"),
            critical_failures=1,
        )
        for i, c in enumerate(communities)
    )
    indicators = list(catalogue.indicators.all())
    findings = Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            indicator=indicator,
            met=indicator.code != "JC-01",
            points_awarded=Decimal("0") if indicator.code == "JC-01" else indicator.points,
        )
        for inspection in inspections
        for indicator in indicators
    )
    failed = [f for f in findings if not f.met]
    RectificationOrder.objects.bulk_create(
        RectificationOrder(
            finding=finding,
            task=task,
            responsible_department=county.housing if i % 2 else None,
            responsible_community=None if i % 2 else finding.inspection.community,
            requirement="落实用房",
            deadline=date(2015, 10, 1),
            is_critical=True,
            issued_by=inspector,
        )
        for i, (finding, task) in enumerate(zip(failed, tasks, strict=True))
    )
    return communities
