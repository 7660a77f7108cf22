"""Who may open and take each flow step, and what a refused transition tells them."""

import pytest
from django.urls import reverse

from supervision.models import Community, CommunityTrack
from supervision.transitions import Refused
from tests.builders import inspection_form_data
from workflows.flows import open_flow_tasks, process_advance, process_start
from workflows.models import Assignment, CreationTask, DutyRule
from workflows.services import task_transition

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
    "submit_plan": {"lead_clerk"},
    "approve_plan": {"leader"},
    "record_inspection": {"inspector"},
    "start_rectification": {"inspector", "lead_clerk"},
    "resume_construction": {"inspector", "lead_clerk"},
    "approve_pass": {"leader"},
    "approve_distinctive": {"leader"},
    "assess_ready": {"lead_clerk"},
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
    if name != "submit_plan":
        path.append(("submit_plan", _as(request, "lead_clerk"), {}))
    if name not in {"submit_plan", "approve_plan"}:
        path.append(("approve_plan", leader, {}))
    if name in {"start_rectification", "resume_construction"}:
        path.append(("record_inspection", inspector, {"outcome": LOW_SCORE}))
    elif name in {"approve_pass", "approve_distinctive"}:
        path.append(("record_inspection", inspector, {"outcome": PASSING}))
    if name == "resume_construction":
        path.append(("start_rectification", inspector, {}))
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
        if name == "assess_ready":
            community = Community.objects.create(town=county.town, name="三桥社区")
            CommunityTrack.objects.create(
                campaign=county.campaign, community=community, track="prepare"
            )
            DutyRule.objects.create(
                track="prepare", area="premises", department=county.housing, role="lead"
            )
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
    if step == "record_inspection":
        # Recorded standard by standard on the inspection form, never on the step page.
        form = reverse("assessments:inspection_new", args=[task.community_id])
        assert response.status_code == 302 and response["Location"].startswith(form)
        return
    assert response.status_code == 200
    assert f'name="action" value="{step}"' in response.content.decode()


def test_anonymous_is_sent_to_login(any_task, client):
    task = any_task("approve_plan")
    response = client.get(step_url(task, "approve_plan"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_critical_failure_cannot_be_passed_and_the_flow_asks_for_rectification(
    county,
    duty_matrix,
    catalogue,
    leader,
    lead_clerk,
    inspector,
    client_for,
    django_capture_on_commit_callbacks,
):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    process_start(task=task)
    client_for(lead_clerk).post(step_url(task, "submit_plan"))
    client_for(leader).post(step_url(task, "approve_plan"))
    Assignment.objects.filter(task=task).update(state="accepted")
    process_advance(task=task)
    form = reverse("assessments:inspection_new", args=[county.community.pk])
    with django_capture_on_commit_callbacks(execute=True):
        # 95 points, above the pass line, but the critical premises standard failed.
        premises = catalogue.indicators.get(code="JC-01")
        data = inspection_form_data(catalogue, premises="120")
        data[f"f{premises.pk}-points_awarded"] = "35"
        client_for(inspector).post(form, data)
    task.refresh_from_db()
    assert task.state == State.INSPECTED
    assert open_flow_tasks(task=task).get().flow_task.name == "start_rectification"
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert refused.value.reasons == ["验收发现关键指标不合格，须整改后重新验收。"]
