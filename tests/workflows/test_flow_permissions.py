"""Who may open and take each flow step, and what a refused transition tells them."""

import pytest
from django.urls import reverse

from workflows.flows import open_flow_tasks, process_advance, process_start
from workflows.models import Assignment, CreationTask, DutyRule
from workflows.services import TransitionRefused, task_transition

from .conftest import LOW_SCORE, PASSING

State = CreationTask.State
ALL = [
    "leader",
    "lead_clerk",
    "dept_clerk",
    "inspector",
    "community_clerk",
    "administrator",
    "outsider",
]
ALLOWED = {
    "approve_plan": {"leader"},
    "record_inspection": {"inspector"},
    "start_rectification": {"inspector", "lead_clerk"},
    "resume_construction": {"inspector", "lead_clerk"},
    "approve_pass": {"leader"},
    "approve_distinctive": {"leader"},
}


def step_url(task, name):
    flow_task = open_flow_tasks(task=task).get(flow_task=f"workflows/flows.CreationFlow.{name}")
    return reverse("workflows:flow_step", args=[flow_task.pk])


def _as(request, persona):
    return request.getfixturevalue(persona)


def bring_to(request, task, name):
    """Walk the task through the service to the step `name`, failing inspection for rectification."""
    leader, inspector = _as(request, "leader"), _as(request, "inspector")
    process_start(task=task)
    path = []
    if name != "approve_plan":
        path.append(("approve_plan", leader, {}))
    if name in {"start_rectification", "resume_construction"}:
        path.append(("record_inspection", inspector, {"outcome": LOW_SCORE}))
    elif name in {"approve_pass", "approve_distinctive"}:
        path.append(("record_inspection", inspector, {"outcome": PASSING}))
    if name == "resume_construction":
        path.append(("start_rectification", inspector, {}))
    if name == "approve_distinctive":
        path.append(("approve_pass", leader, {}))
    for action, by, kwargs in path:
        task.refresh_from_db()
        task_transition(task=task, action=action, by=by, **kwargs)
        if action == "approve_plan":
            Assignment.objects.filter(task=task).update(state="accepted")
        process_advance(task=task)
    task.refresh_from_db()
    return task


@pytest.fixture
def any_task(request, county, duty_matrix):
    def make(name):
        community = county.other_community if name == "approve_distinctive" else county.community
        task = CreationTask.objects.create(campaign=county.campaign, community=community)
        return bring_to(request, task, name)

    return make


@pytest.mark.parametrize(
    ("step", "persona"),
    [
        (step, persona)
        for step, allowed in ALLOWED.items()
        for persona in ALL
        if persona not in allowed
    ],
)
def test_wrong_role_gets_403_on_every_step(request, any_task, client_for, step, persona):
    task = any_task(step)
    url = step_url(task, step)
    client = client_for(_as(request, persona))
    assert client.get(url).status_code == 403
    assert client.post(url, {"comment": "x", "score": "99"}).status_code == 403
    assert task.history.count() == CreationTask.objects.get(pk=task.pk).history.count()
    assert open_flow_tasks(task=task).get().flow_task.name == step


@pytest.mark.parametrize("step", list(ALLOWED))
def test_right_role_sees_the_step(request, any_task, client_for, step):
    task = any_task(step)
    persona = sorted(ALLOWED[step])[0]
    response = client_for(_as(request, persona)).get(step_url(task, step))
    assert response.status_code == 200
    assert "提交" in response.content.decode()


def test_anonymous_is_sent_to_login(any_task, client):
    task = any_task("approve_plan")
    response = client.get(step_url(task, "approve_plan"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_critical_failure_cannot_be_passed_and_the_flow_asks_for_rectification(
    county, duty_matrix, leader, inspector, client_for
):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    process_start(task=task)
    client_for(leader).post(step_url(task, "approve_plan"))
    Assignment.objects.filter(task=task).update(state="accepted")
    process_advance(task=task)
    client_for(inspector).post(
        step_url(task, "record_inspection"), {"score": "95", "critical_failures": "2"}
    )
    task.refresh_from_db()
    assert task.state == State.INSPECTED
    assert open_flow_tasks(task=task).get().flow_task.name == "start_rectification"
    with pytest.raises(TransitionRefused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert refused.value.reasons == ["验收发现关键指标不合格，须整改后重新验收。"]


def test_invalid_inspection_score_is_refused_in_chinese(request, any_task, client_for):
    task = any_task("record_inspection")
    response = client_for(_as(request, "inspector")).post(
        step_url(task, "record_inspection"), {"score": "abc"}
    )
    assert response.status_code == 400
    assert "请填写有效的验收得分和关键指标不合格数。" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    assert open_flow_tasks(task=task).get().flow_task.name == "record_inspection"


def test_refused_plan_approval_shows_reason_and_step_stays_open(
    county, duty_matrix, leader, client_for
):
    DutyRule.objects.update(is_active=False)
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    process_start(task=task)
    response = client_for(leader).post(step_url(task, "approve_plan"), {"comment": "同意"})
    assert response.status_code == 400
    assert "尚未向部门交办任务：职责矩阵中没有可交办的部门。" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.PLANNED
    assert not task.history.exists()
    assert open_flow_tasks(task=task).get().flow_task.name == "approve_plan"


def test_refused_distinctive_names_the_missing_standards(request, any_task, client_for):
    task = any_task("approve_distinctive")
    response = client_for(_as(request, "leader")).post(step_url(task, "approve_distinctive"))
    assert response.status_code == 400
    assert "尚未达到特色社区标准" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert open_flow_tasks(task=task).get().flow_task.name == "approve_distinctive"


def test_step_already_taken_by_another_is_refused_with_reason(request, any_task, client_for):
    task = any_task("approve_pass")
    url = step_url(task, "approve_pass")
    task_transition(task=task, action="approve_pass", by=_as(request, "leader"))
    # The process was not advanced yet (no commit hook in the test): the stale step refuses.
    response = client_for(_as(request, "leader")).post(url)
    assert response.status_code == 400
    assert "当前状态为“创建达标”，不能审批创建达标。" in response.content.decode()


def test_closed_step_is_shown_as_done(request, any_task, client_for):
    task = any_task("approve_pass")
    url = step_url(task, "approve_pass")
    client = client_for(_as(request, "leader"))
    client.post(url)
    response = client.get(url)
    assert response.status_code == 200
    assert "此环节已办结。" in response.content.decode()


def test_inbox_lists_each_persons_waiting_steps(request, any_task, client_for):
    plan_task = any_task("approve_plan")
    inbox = reverse("workflows:flow_inbox")
    leader_page = client_for(_as(request, "leader")).get(inbox).content.decode()
    assert "县领导审批创建计划" in leader_page
    assert step_url(plan_task, "approve_plan") in leader_page
    for persona in ["inspector", "dept_clerk", "outsider"]:
        page = client_for(_as(request, persona)).get(inbox).content.decode()
        assert "县领导审批创建计划" not in page
        assert "暂无待办事项。" in page


def test_inspector_sees_inspection_in_inbox_and_nav_link(request, any_task, client_for):
    task = any_task("record_inspection")
    page = client_for(_as(request, "inspector")).get(reverse("workflows:flow_inbox"))
    body = page.content.decode()
    assert "督查组验收" in body and str(task) in body
    assert 'href="/tasks/flow/"' in body


@pytest.mark.parametrize("persona", ALL)
def test_nobody_completes_the_assignments_wait_by_url(request, any_task, client_for, persona):
    task = any_task("approve_plan")
    client_for(_as(request, "leader")).post(step_url(task, "approve_plan"))
    url = step_url(task, "wait_assignments")
    client = client_for(_as(request, persona))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert open_flow_tasks(task=task).get().flow_task.name == "wait_assignments"
