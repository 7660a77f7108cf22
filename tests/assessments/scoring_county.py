"""A small county scored by hand: the figures the scoring tests expect are worked out below.

Communities (catalogue: JC-01 40 infrastructure, JC-02 20 infrastructure, DJ-01 40 party):
- 二机 (create): 3-05 JC-01 met, JC-02 not met, DJ-01 met; 4-10 follow-up JC-02 met.
  March: 40 + 40 = 80. April: 100.
- 三桥 (create): no inspection: 0 in March and April.
- 湘赣 (distinctive): 3-20 JC-01 not met, DJ-01 met; 5-02 DJ-01 not met (after April).
  March and April: 40.

Departments as of 2015-03-31, default weights (40/10/20/20/10; 2 a return, 0.5 an overdue
day, assistance cap 10):
- 财政: due 3-10 accepted 3-08 (on time); due 3-20 returned 3-15, accepted 3-25 (5 days
  late); 4 assistance points. 40×1/2 + (10−2) + (20−2.5) + 20×1 + 10×4/10 = 69.5.
- 房管: due 3-10 never accepted (21 days late by 3-31); orders: one verified 3-20, one open.
  40×0 + 10 + (20−10.5) + 20×1/2 + 0 = 29.5.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from assessments.models import (
    Assistance,
    Finding,
    Inspection,
    RectificationOrder,
    ScoringPeriod,
)
from supervision.models import Community, CommunityTrack
from workflows.models import Assignment, AssignmentEvent, CreationTask


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 10:00"))


def inspect(county, catalogue, by, community, day, kind="spot_check", **met):
    inspection = Inspection.objects.create(
        campaign=county.campaign,
        catalogue=catalogue,
        community=community,
        kind=kind,
        inspector=by,
        inspected_on=datetime.date.fromisoformat(day),
    )
    for code, is_met in met.items():
        indicator = catalogue.indicators.get(code=code.replace("_", "-"))
        Finding.objects.create(
            inspection=inspection,
            indicator=indicator,
            met=is_met,
            points_awarded=indicator.points if is_met else 0,
            remarks="" if is_met else "未达标",
        )
    return inspection


def assignment(task, department, deadline, area="funding"):
    return Assignment.objects.create(
        task=task,
        department=department,
        area=area,
        role="lead",
        owed="落实经费",
        deadline=datetime.date.fromisoformat(deadline),
    )


def event(work, target, day, actor):
    AssignmentEvent.objects.create(
        assignment=work, action=target, source="submitted", target=target, actor=actor, at=at(day)
    )
    Assignment.objects.filter(pk=work.pk).update(state=target)


def build(county, catalogue, inspector, lead_user):
    sanqiao = Community.objects.create(town=county.town, name="三桥社区")
    CommunityTrack.objects.create(campaign=county.campaign, community=sanqiao, track="create")
    inspect(
        county,
        catalogue,
        inspector,
        county.community,
        "2015-03-05",
        JC_01=True,
        JC_02=False,
        DJ_01=True,
    )
    inspect(
        county, catalogue, inspector, county.community, "2015-04-10", kind="follow_up", JC_02=True
    )
    failed = inspect(
        county, catalogue, inspector, county.other_community, "2015-03-20", JC_01=False, DJ_01=True
    )
    inspect(county, catalogue, inspector, county.other_community, "2015-05-02", DJ_01=False)

    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    on_time = assignment(task, county.finance, "2015-03-10")
    event(on_time, "accepted", "2015-03-08", lead_user)
    late = assignment(task, county.finance, "2015-03-20", area="staffing")
    event(late, "returned", "2015-03-15", lead_user)
    event(late, "accepted", "2015-03-25", lead_user)
    assignment(task, county.housing, "2015-03-10", area="premises")
    Assistance.objects.create(
        campaign=county.campaign,
        department=county.finance,
        community=county.community,
        given_on=datetime.date(2015, 3, 5),
        description="捐赠电脑",
        points=Decimal("4"),
        recorded_by=lead_user,
    )
    finding = failed.findings.get(indicator__code="JC-01")
    for verified in (True, False):
        order = RectificationOrder.objects.create(
            finding=finding,
            responsible_department=county.housing,
            requirement="补足用房",
            deadline=datetime.date(2015, 3, 25),
            issued_by=inspector,
        )
        changes = {"issued_at": at("2015-03-01")}
        if verified:
            changes.update(state="verified", verified_at=at("2015-03-20"))
        RectificationOrder.objects.filter(pk=order.pk).update(**changes)
    march = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label="2015年3月",
        starts_on=datetime.date(2015, 3, 1),
        ends_on=datetime.date(2015, 3, 31),
    )
    april = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label="2015年4月",
        starts_on=datetime.date(2015, 4, 1),
        ends_on=datetime.date(2015, 4, 30),
    )
    return sanqiao, march, april
