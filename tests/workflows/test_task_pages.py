"""Creation tasks walked through every path over HTTP, as the right and the wrong people."""

import pytest
from django.urls import reverse

from supervision.models import CommunityTrack
from tests.builders import work_accepted
from workflows.models import CreationTask, TaskTransition
from workflows.services import task_transition

from .conftest import CRITICAL_FAILURE, PASSING

State = CreationTask.State


def act(client, task, action, comment=""):
    return client.post(
        reverse("workflows:task_action", args=[task.pk]),
        # Confirmed: irreversible actions ask first (tested on their own).
        {"action": action, "comment": comment, "confirmed": "1"},
        follow=True,
    )


def path_of(task):
    return list(TaskTransition.objects.filter(task=task).values_list("action", "actor__username"))


def test_create_track_task_passes_after_rectification(
    client_for, task, leader, inspector, lead_clerk
):
    page = act(client_for(leader), task, "approve_plan", "同意")
    work_accepted(task)
    assert "已批准创建计划" in page.content.decode()
    task.refresh_from_db()
    task_transition(task=task, action="record_inspection", by=inspector, outcome=CRITICAL_FAILURE)
    act(client_for(inspector), task, "start_rectification", "限期整改")
    task.refresh_from_db()
    assert task.state == State.RECTIFYING
    act(client_for(lead_clerk), task, "resume_construction", "整改完成")
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    act(client_for(leader), task, "approve_pass")
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert path_of(task) == [
        ("submit_plan", "lead"),
        ("approve_plan", "leader"),
        ("record_inspection", "inspector"),
        ("start_rectification", "inspector"),
        ("resume_construction", "lead"),
        ("record_inspection", "inspector"),
        ("approve_pass", "leader"),
    ]


def test_distinctive_track_task_is_named_distinctive(
    client_for, county, leader, lead_clerk, inspector
):
    county.other_community.certified_social_workers = 1
    county.other_community.filed_social_organisations = 3
    county.other_community.save()
    from workflows.models import DutyRule

    DutyRule.objects.create(
        track="distinctive",
        area="funding",
        department=county.finance,
        role="lead",
        owed="经费",
        days_allowed=30,
    )
    task = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    act(client_for(lead_clerk), task, "submit_plan")
    act(client_for(leader), task, "approve_plan")
    work_accepted(task)
    task.refresh_from_db()
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    page = act(client_for(leader), task, "approve_distinctive", "特色鲜明")
    task.refresh_from_db()
    assert task.state == State.DISTINCTIVE
    assert "特色社区" in page.content.decode()


def test_distinctive_refused_with_its_reason_off_the_distinctive_track(
    client_for, task, leader, inspector
):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    page = act(client_for(leader), task, "approve_distinctive")
    assert "该社区本年度不在“创出特色”类别。" in page.content.decode()
    task.refresh_from_db()
    assert task.state == State.INSPECTED


def test_failed_inspection_cannot_be_passed(client_for, task, leader, inspector):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=CRITICAL_FAILURE)
    page = act(client_for(leader), task, "approve_pass")
    assert "验收发现关键指标不合格，须整改后重新验收。" in page.content.decode()
    task.refresh_from_db()
    assert task.state == State.INSPECTED


def test_illegal_transition_shows_the_current_state(client_for, task, leader):
    page = act(client_for(leader), task, "approve_pass")
    assert "当前状态为“计划待审批”，不能审批创建达标。" in page.content.decode()
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert list(task.history.values_list("action", flat=True)) == ["submit_plan"]


@pytest.mark.parametrize(
    "persona", ["lead_clerk", "dept_clerk", "inspector", "community_clerk", "outsider"]
)
def test_only_leadership_approves_the_plan_over_http(request, client_for, task, persona):
    response = act(client_for(request.getfixturevalue(persona)), task, "approve_plan")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED


@pytest.mark.parametrize("persona", ["leader", "dept_clerk", "community_clerk", "outsider"])
def test_only_inspectors_or_lead_department_start_rectification(
    request, client_for, task, leader, inspector, persona
):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=CRITICAL_FAILURE)
    response = act(client_for(request.getfixturevalue(persona)), task, "start_rectification")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == State.INSPECTED


@pytest.mark.parametrize("persona", ["lead_clerk", "inspector", "outsider"])
def test_only_leadership_approves_the_pass_over_http(
    request, client_for, task, leader, inspector, persona
):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    response = act(client_for(request.getfixturevalue(persona)), task, "approve_pass")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == State.INSPECTED


def test_inspection_is_not_taken_over_this_form(client_for, task, leader, inspector):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    response = act(client_for(inspector), task, "record_inspection")
    assert response.status_code == 404


def test_task_detail_offers_only_the_users_actions(client_for, task, leader, inspector):
    page = client_for(leader).get(reverse("workflows:task_detail", args=[task.pk]))
    html = page.content.decode()
    assert 'value="approve_plan"' in html and "列入计划" in html
    page = client_for(inspector).get(reverse("workflows:task_detail", args=[task.pk]))
    assert 'value="approve_plan"' not in page.content.decode()


def test_outsider_is_refused_the_task_page(client_for, started_task, outsider):
    response = client_for(outsider).get(reverse("workflows:task_detail", args=[started_task.pk]))
    assert response.status_code == 403


def test_department_sees_only_tasks_it_works_on(client_for, started_task, county, dept_clerk):
    other = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    client = client_for(dept_clerk)
    assert client.get(reverse("workflows:task_detail", args=[started_task.pk])).status_code == 200
    assert client.get(reverse("workflows:task_detail", args=[other.pk])).status_code == 403
    listing = client.get(reverse("workflows:task_list")).content.decode()
    assert "二机社区" in listing and "湘赣社区" not in listing


def test_outsider_is_refused_the_task_list(client_for, task, outsider):
    assert client_for(outsider).get(reverse("workflows:task_list")).status_code == 403


def test_task_list_filters_by_state_track_and_light(client_for, started_task, county, leader):
    CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    client = client_for(leader)
    url = reverse("workflows:task_list")
    assert "湘赣社区" not in client.get(url, {"state": "under_construction"}).content.decode()
    by_track = client.get(
        url, {"track": CommunityTrack.objects.get(community=county.other_community).track}
    ).content.decode()
    assert "湘赣社区" in by_track and "二机社区" not in by_track
    green = client.get(url, {"light": "green"}).content.decode()
    assert "二机社区" in green and "绿灯" in green
    assert "二机社区" not in client.get(url, {"light": "red"}).content.decode()


def test_department_is_linked_only_to_its_own_assignments(
    client_for, started_task, county, dept_clerk
):
    page = (
        client_for(dept_clerk)
        .get(reverse("workflows:task_detail", args=[started_task.pk]))
        .content.decode()
    )
    own = started_task.assignments.get(department=county.finance)
    other = started_task.assignments.get(department=county.housing)
    assert reverse("workflows:assignment_detail", args=[own.pk]) in page
    assert reverse("workflows:assignment_detail", args=[other.pk]) not in page
    assert other.owed in page


@pytest.mark.parametrize(
    "url_name, columns",
    [
        ("workflows:task_list", ["community", "town", "track_value", "state", "light"]),
        ("workflows:assignment_list", ["owed", "community", "department", "deadline", "light"]),
    ],
)
def test_lists_sort_by_every_column(client_for, started_task, leader, url_name, columns):
    client = client_for(leader)
    for column in columns:
        for sort in [column, f"-{column}"]:
            assert client.get(reverse(url_name), {"sort": sort}).status_code == 200
