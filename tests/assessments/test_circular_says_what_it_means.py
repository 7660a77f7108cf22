"""A circular's words follow its data: praise only what was earned, urge only the laggards,
name in 下步要求 only departments below the line, call the overdue list what it is.

The county is tests/assessments/scoring_county.py as of March: 二机 leads the create track
with 80 but 县房管局's work for it is overdue; 三桥 has 0; 湘赣 (distinctive) has an order
past its deadline; 财政 scores 69.5 and 房管 29.5, both below the line of 80."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from assessments.models import RectificationOrder
from assessments.scoring import DEPARTMENT_LINE, circular_generate, scores_compute
from tests.assessments.scoring_county import at, event
from workflows.models import Assignment, CreationTask, TaskTransition


def figures(march, by):
    scores_compute(period=march)
    return circular_generate(period=march, by=by).figures


def test_overdue_work_is_never_praised_and_its_community_is_urged(scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    f = figures(march, lead_clerk)
    assert "二机社区" not in f["commend"]["communities"]
    assert "二机社区" in f["urge"]["communities"]


def test_the_top_of_a_track_with_nothing_overdue_is_praised(scored_county, county, lead_clerk):
    _sanqiao, march, _april = scored_county
    overdue = Assignment.objects.get(department=county.housing)
    event(overdue, "accepted", "2015-03-09", lead_clerk)
    f = figures(march, lead_clerk)
    assert "二机社区" in f["commend"]["communities"]
    assert "二机社区" not in f["urge"]["communities"]


def test_an_open_critical_order_blocks_praise(
    scored_county, county, lead_clerk, inspector, catalogue
):
    _sanqiao, march, _april = scored_county
    event(Assignment.objects.get(department=county.housing), "accepted", "2015-03-09", lead_clerk)
    finding = county.community.inspections.get(inspected_on="2015-03-05").findings.get(
        indicator__code="JC-02"
    )
    order = RectificationOrder.objects.create(
        finding=finding,
        responsible_community=county.community,
        requirement="补齐活动室",
        deadline=datetime.date(2015, 4, 30),
        issued_by=inspector,
        is_critical=True,
    )
    RectificationOrder.objects.filter(pk=order.pk).update(issued_at=at("2015-03-06"))
    f = figures(march, lead_clerk)
    assert "二机社区" not in f["commend"]["communities"]


def test_a_passed_community_is_never_asked_to_speed_up(scored_county, lead_clerk):
    sanqiao, march, _april = scored_county
    task = CreationTask.objects.create(campaign=march.campaign, community=sanqiao)
    TaskTransition.objects.create(
        task=task,
        action="approve_pass",
        source=CreationTask.State.INSPECTED,
        target=CreationTask.State.PASSED,
        actor=lead_clerk,
        at=at("2015-03-15"),
    )
    f = figures(march, lead_clerk)
    assert "三桥社区" not in f["urge"]["communities"]


def test_next_steps_name_only_departments_below_the_line_or_overdue(scored_county, lead_clerk):
    _sanqiao, march, _april = scored_county
    f = figures(march, lead_clerk)
    overdue = {row["name"] for row in f["red_list"]}
    for department in f["departments"]:
        below = Decimal(department["total"]) < DEPARTMENT_LINE or department["name"] in overdue
        assert (department["short_name"] in f["urge"]["departments"]) == below
        if below:
            assert department["short_name"] not in f["commend"]["departments"]


def test_the_circular_page_calls_the_overdue_list_by_its_name_and_states_the_rules(
    client_for, scored_county, lead_clerk
):
    _sanqiao, march, _april = scored_county
    circular = circular_generate(period=march, by=lead_clerk)
    page = (
        client_for(lead_clerk)
        .get(reverse("assessments:circular_detail", args=[circular.pk]))
        .content.decode()
    )
    assert "红榜" not in page
    assert "四、逾期未完成事项" in page
    assert "得分低于80分或有逾期未完成事项" in page
    assert "每退回1次扣2分，最多扣10分" in page
    assert "max(" not in page and "min(" not in page
    assert timezone.localtime(circular.counted_at).strftime("%Y-%m-%d %H:%M") in page


def test_places_gained_agree_between_circular_and_period_page(scored_county, lead_clerk):
    _sanqiao, march, april = scored_county
    scores_compute(period=march)
    circular = circular_generate(period=april, by=lead_clerk)
    on_page = {s.community.name: s.change for s in april.community_scores.all()}
    in_circular = {c["name"]: c["change"] for c in circular.figures["communities"]}
    assert in_circular == on_page
    assert any(change is not None for change in on_page.values())
