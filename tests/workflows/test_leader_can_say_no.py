"""A leader facing a plan, a pass or a distinctive candidate can say no, always with a reason,
and the reason waits at the top of the task's page for whoever must act on it."""

import pytest
from django.urls import reverse

from supervision.transitions import Refused
from tests.builders import refusal_banner, work_accepted
from workflows.models import CreationTask, TaskTransition
from workflows.services import task_transition

from .conftest import LOW_SCORE, PASSING

State = CreationTask.State


def post(client, task, action, comment=""):
    return client.post(
        reverse("workflows:task_action", args=[task.pk]),
        {"action": action, "comment": comment, "confirmed": "1"},
        follow=True,
    )


def page(client, task) -> str:
    return client.get(reverse("workflows:task_detail", args=[task.pk])).content.decode()


def banner(client, task) -> str:
    return refusal_banner(client, reverse("workflows:task_detail", args=[task.pk]))


def test_the_lead_department_submits_the_plan_and_the_leader_returns_it_with_a_reason(
    planned, lead_clerk, leader, client_for
):
    post(client_for(lead_clerk), planned, "submit_plan", "已按职责矩阵拟定，请审批。")
    planned.refresh_from_db()
    assert planned.state == State.PLAN_SUBMITTED
    post(client_for(leader), planned, "return_plan", "请补充社区用房选址方案。")
    planned.refresh_from_db()
    assert planned.state == State.PLANNED
    row = planned.history.get(action="return_plan")
    assert (row.actor, row.comment) == (leader, "请补充社区用房选址方案。")
    shown = banner(client_for(lead_clerk), planned)
    assert "退回修改：" in shown and "请补充社区用房选址方案。" in shown


def test_the_banner_goes_once_the_plan_is_submitted_again(planned, lead_clerk, leader, client_for):
    task_transition(task=planned, action="submit_plan", by=lead_clerk)
    task_transition(task=planned, action="return_plan", by=leader, comment="请补充方案。")
    task_transition(task=planned, action="submit_plan", by=lead_clerk, comment="已补充。")
    assert 'class="banner refusal"' not in page(client_for(leader), planned)
    planned.refresh_from_db()
    assert planned.state == State.PLAN_SUBMITTED


@pytest.mark.parametrize("comment", ["", "   "])
def test_a_return_without_a_reason_is_refused_and_changes_nothing(task, leader, comment):
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="return_plan", by=leader, comment=comment)
    assert refused.value.reasons == ["退回修改须填写理由，告诉牵头部门计划需要修改什么。"]
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert not task.history.filter(action="return_plan").exists()


def test_a_blank_return_over_http_says_why_and_changes_nothing(task, leader, client_for):
    response = post(client_for(leader), task, "return_plan", "")
    assert "退回修改须填写理由" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED


@pytest.fixture
def inspected(started_task, inspector):
    work_accepted(started_task)
    task_transition(task=started_task, action="record_inspection", by=inspector, outcome=PASSING)
    started_task.refresh_from_db()
    return started_task


def test_a_refused_pass_sends_the_task_into_rectification_with_the_leaders_reason(
    inspected, leader, dept_clerk, community_clerk, client_for
):
    post(client_for(leader), inspected, "refuse_pass", "居民活动室未对外开放，限期整改。")
    inspected.refresh_from_db()
    assert inspected.state == State.RECTIFYING
    # The community and the departments that work on it see what must be fixed.
    for person in (community_clerk, dept_clerk):
        shown = banner(client_for(person), inspected)
        assert "不予通过：" in shown and "居民活动室未对外开放，限期整改。" in shown


def test_a_pass_refused_without_a_reason_is_refused(inspected, leader):
    with pytest.raises(Refused) as refused:
        task_transition(task=inspected, action="refuse_pass", by=leader)
    assert refused.value.reasons == ["不予通过须填写理由，写明社区和部门需要整改的问题。"]
    inspected.refresh_from_db()
    assert inspected.state == State.INSPECTED


def test_a_failed_inspection_goes_to_the_inspectors_not_to_a_refusal(
    started_task, inspector, leader
):
    work_accepted(started_task)
    task_transition(task=started_task, action="record_inspection", by=inspector, outcome=LOW_SCORE)
    with pytest.raises(Refused) as refused:
        task_transition(task=started_task, action="refuse_pass", by=leader, comment="不合格")
    assert refused.value.reasons == ["验收结果不合格，由督查员下达整改，无需县领导审批。"]


@pytest.fixture
def distinctive_candidate(county, duty_matrix, leader, lead_clerk, inspector):
    """湘赣社区 (distinctive track) inspected against the distinctive standards."""
    task = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    for action, by, extra in [
        ("submit_plan", lead_clerk, {}),
        ("approve_plan", leader, {}),
        ("record_inspection", inspector, {"outcome": PASSING}),
    ]:
        if action == "record_inspection":
            work_accepted(task)
        task_transition(task=task, action=action, by=by, **extra)
    task.refresh_from_db()
    return task


def test_a_refused_distinctive_candidate_rectifies_and_is_told_why(
    distinctive_candidate, leader, client_for
):
    post(
        client_for(leader),
        distinctive_candidate,
        "refuse_distinctive",
        "尚无持证社工，服务队伍待加强。",
    )
    distinctive_candidate.refresh_from_db()
    assert distinctive_candidate.state == State.RECTIFYING
    row = TaskTransition.objects.get(task=distinctive_candidate, action="refuse_distinctive")
    assert (row.source, row.target) == ("inspected", "rectifying")
    assert "尚无持证社工" in banner(client_for(leader), distinctive_candidate)


@pytest.mark.parametrize("persona", ["lead_clerk", "dept_clerk", "inspector", "community_clerk"])
def test_only_the_leader_says_no(request, inspected, client_for, persona):
    response = post(client_for(request.getfixturevalue(persona)), inspected, "refuse_pass", "x")
    assert response.status_code == 403
    inspected.refresh_from_db()
    assert inspected.state == State.INSPECTED
