"""Each track's task has its own states: a distinctive community (passed in an earlier year) is
named distinctive straight from its inspection, never passed a second time; a prepare community
is not inspected for acceptance but assessed by the lead department as ready for next year, or
not ready with its reasons."""

from decimal import Decimal

import pytest

from supervision.models import Community, CommunityTrack, Role, Track
from supervision.transitions import Refused
from tests.builders import make_user, work_accepted
from workflows.flows import open_flow_tasks
from workflows.models import AssignmentRole, CreationTask, DutyArea, DutyRule
from workflows.selectors import (
    distinctive_to_decide_for,
    passes_refused_for,
    passes_to_decide_for,
    readiness_to_assess_for,
)
from workflows.services import task_actions_for, task_transition

from .conftest import PASSING

State = CreationTask.State


def _started(community, county, lead, leader):
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    task_transition(task=task, action="submit_plan", by=lead)
    task_transition(task=task, action="approve_plan", by=leader)
    task.refresh_from_db()
    return task


@pytest.fixture
def distinctive(county, duty_matrix, lead_clerk, leader):
    """湘赣社区 (distinctive track) with the seed's distinctive staffing, its work under way."""
    county.other_community.certified_social_workers = 1
    county.other_community.filed_social_organisations = 3
    county.other_community.save()
    return _started(county.other_community, county, lead_clerk, leader)


@pytest.fixture
def prepare_rule(county):
    return DutyRule.objects.create(
        track=Track.PREPARE,
        area=DutyArea.PREMISES,
        department=county.housing,
        role=AssignmentRole.LEAD,
        owed="提前谋划社区用房，不少于300平方米",
        days_allowed=90,
    )


@pytest.fixture
def preparing(county, prepare_rule, catalogue, lead_clerk, leader):
    """三桥社区 on the prepare track: 180 m² of the 300 the critical JC-01 asks."""
    community = Community.objects.create(
        town=county.town, name="三桥社区", households=100, premises_area=Decimal("180")
    )
    CommunityTrack.objects.create(campaign=county.campaign, community=community, track="prepare")
    catalogue.indicators.get(code="JC-01").departments.add(county.housing)
    return _started(community, county, lead_clerk, leader)


def _inspected(task, inspector):
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    task.refresh_from_db()
    return task


# The distinctive track.


def test_a_distinctive_community_is_named_distinctive_from_its_inspection(
    distinctive, leader, inspector
):
    task = _inspected(distinctive, inspector)
    assert task_actions_for(task=task, by=leader) == ["approve_distinctive", "refuse_distinctive"]
    task_transition(task=task, action="approve_distinctive", by=leader)
    task.refresh_from_db()
    assert task.state == State.DISTINCTIVE
    assert "passed" not in task.history.values_list("target", flat=True)
    assert not open_flow_tasks(task=task).exists()


def test_a_distinctive_community_is_not_passed_a_second_time(distinctive, leader, inspector):
    task = _inspected(distinctive, inspector)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert "该社区本年度在“创出特色”类别，已创建达标，验收后由县领导认定特色社区。" in (
        refused.value.reasons
    )
    task.refresh_from_db()
    assert task.state == State.INSPECTED


def test_the_leader_names_distinctive_ones_and_passes_the_others(
    distinctive, started_task, leader, inspector, county
):
    _inspected(distinctive, inspector)
    _inspected(started_task, inspector)
    assert list(distinctive_to_decide_for(user=leader, campaign=county.campaign)) == [distinctive]
    assert list(passes_to_decide_for(user=leader, campaign=county.campaign)) == [started_task]


def test_not_naming_it_distinctive_needs_a_reason_and_the_community_sees_it(
    distinctive, leader, inspector, county
):
    task = _inspected(distinctive, inspector)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="refuse_distinctive", by=leader)
    assert refused.value.reasons == ["不予认定须填写理由，告诉社区还差什么。"]
    task_transition(
        task=task, action="refuse_distinctive", by=leader, comment="志愿服务活动记录不全"
    )
    task.refresh_from_db()
    assert task.state == State.RECTIFYING
    clerk = make_user("xianggan-clerk", Role.COMMUNITY_STAFF, community=county.other_community)
    (refusal,) = passes_refused_for(user=clerk, campaign=county.campaign)
    assert refusal.refused_reason == "志愿服务活动记录不全"


def test_distinctive_needs_the_distinctive_staffing(distinctive, leader, inspector, county):
    county.other_community.certified_social_workers = 0
    county.other_community.save()
    task = _inspected(distinctive, inspector)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_distinctive", by=leader)
    assert "尚未达到特色社区标准" in refused.value.reasons[0]


# The prepare track.


def test_a_prepare_community_is_not_inspected_for_acceptance(preparing, inspector):
    work_accepted(preparing)
    with pytest.raises(Refused) as refused:
        task_transition(task=preparing, action="record_inspection", by=inspector, outcome=PASSING)
    assert refused.value.reasons == [
        "该社区本年度在“明年达标”类别，今年不验收，由牵头部门作出准备评估。"
    ]
    preparing.refresh_from_db()
    assert preparing.state == State.UNDER_CONSTRUCTION


def test_ready_is_refused_while_a_critical_standard_is_short_naming_the_gap(preparing, lead_clerk):
    with pytest.raises(Refused) as refused:
        task_transition(task=preparing, action="assess_ready", by=lead_clerk)
    assert refused.value.reasons == [
        "关键指标尚未达到创建标准，不能评估为具备创建条件：JC-01 自报180，标准300"
    ]
    preparing.refresh_from_db()
    assert preparing.state == State.UNDER_CONSTRUCTION


def test_ready_once_the_premises_are_secured(preparing, lead_clerk):
    preparing.community.premises_area = Decimal("320")
    preparing.community.save()
    assert "assess_ready" in task_actions_for(task=preparing, by=lead_clerk)
    task_transition(task=preparing, action="assess_ready", by=lead_clerk)
    preparing.refresh_from_db()
    assert preparing.state == State.READY
    # Ready: the task owes nothing more this year, whatever preparation is still open.
    assert not CreationTask.objects.with_light().get(pk=preparing.pk).light
    assert not open_flow_tasks(task=preparing).exists()


def test_not_ready_needs_its_reasons(preparing, lead_clerk):
    with pytest.raises(Refused) as refused:
        task_transition(task=preparing, action="assess_not_ready", by=lead_clerk)
    assert refused.value.reasons == ["评估为暂不具备条件须填写理由，写明还差什么、由谁在何时解决。"]
    task_transition(
        task=preparing,
        action="assess_not_ready",
        by=lead_clerk,
        comment="用房尚差120平方米，房管局年内移交配套用房",
    )
    preparing.refresh_from_db()
    assert preparing.state == State.NOT_READY
    assert preparing.history.get(action="assess_not_ready").comment.startswith("用房尚差")


@pytest.mark.parametrize("persona", ["leader", "dept_clerk", "inspector", "community_clerk"])
def test_only_the_lead_department_assesses_readiness(request, preparing, persona):
    with pytest.raises(Refused) as refused:
        task_transition(
            task=preparing,
            action="assess_not_ready",
            by=request.getfixturevalue(persona),
            comment="x",
        )
    assert refused.value.reasons == ["只有牵头部门可以作出准备评估。"]


def test_a_create_community_is_not_assessed_for_readiness(started_task, lead_clerk):
    with pytest.raises(Refused) as refused:
        task_transition(task=started_task, action="assess_not_ready", by=lead_clerk, comment="x")
    assert refused.value.reasons == ["该社区本年度不在“明年达标”类别，不作准备评估。"]


def test_the_lead_department_is_asked_once_the_preparation_is_accepted(
    preparing, lead_clerk, county
):
    assert not readiness_to_assess_for(user=lead_clerk, campaign=county.campaign).exists()
    work_accepted(preparing)
    assert list(readiness_to_assess_for(user=lead_clerk, campaign=county.campaign)) == [preparing]


def test_the_acceptance_is_not_waived_for_a_prepare_community(preparing, lead_clerk):
    with pytest.raises(Refused) as refused:
        task_transition(task=preparing, action="waive_work", by=lead_clerk, comment="先验收")
    assert "今年不验收" in refused.value.reasons[0]
