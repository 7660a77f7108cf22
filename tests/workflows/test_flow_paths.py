"""The viewflow process walked over HTTP by the right people, kept in step with the FSM."""

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from supervision.models import Community, CommunityTrack
from supervision.transitions import Refused
from tests.builders import inspection_form_data
from workflows.flows import open_flow_tasks, process_advance, process_start
from workflows.models import Assignment, CreationTask, DutyRule
from workflows.services import task_transition, tasks_create_for_campaign

from .conftest import LOW_SCORE, PASSING

State = CreationTask.State


def waiting(task):
    return [flow_task.flow_task.name for flow_task in open_flow_tasks(task=task)]


def step_url(task, name):
    flow_task = open_flow_tasks(task=task).get(flow_task=f"workflows/flows.CreationFlow.{name}")
    return reverse("workflows:flow_step", args=[flow_task.pk])


def history(task):
    return list(task.history.values_list("action", "source", "target", "actor__username"))


def accept_all_assignments(task):
    Assignment.objects.filter(task=task).update(state="accepted")
    process_advance(task=task)


@pytest.fixture
def flowing_task(task):
    process_start(task=task)
    return task


def take(client, task, name, **data):
    # Confirmed: irreversible steps ask first (tested on their own).
    return client.post(step_url(task, name), {"comment": "同意", "confirmed": "1", **data})


@pytest.fixture
def take_acceptance(django_capture_on_commit_callbacks):
    """The acceptance step sends the inspector to the inspection form, recorded standard by
    standard there; the process advances once the form's transaction commits."""

    def take(client, task, catalogue, **values):
        step = client.get(step_url(task, "record_inspection"))
        assert step.status_code == 302
        form = step["Location"]
        assert form.endswith("?kind=acceptance")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form, inspection_form_data(catalogue, **values))

    return take


def test_new_task_waits_for_the_leaders_plan_approval(flowing_task):
    assert waiting(flowing_task) == ["approve_plan"]


def test_full_path_to_passed_over_http(
    flowing_task, leader, inspector, client_for, catalogue, take_acceptance
):
    task = flowing_task
    response = take(client_for(leader), task, "approve_plan")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    assert waiting(task) == ["wait_assignments"]

    accept_all_assignments(task)
    assert waiting(task) == ["record_inspection"]

    response = take_acceptance(client_for(inspector), task, catalogue)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == State.INSPECTED
    assert waiting(task) == ["approve_pass"]

    take(client_for(leader), task, "approve_pass")
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert waiting(task) == []
    assert process_start(task=task).status == "DONE"
    assert history(task) == [
        ("submit_plan", "planned", "plan_submitted", "lead"),
        ("approve_plan", "plan_submitted", "under_construction", "leader"),
        ("record_inspection", "under_construction", "inspected", "inspector"),
        ("approve_pass", "inspected", "passed", "leader"),
    ]


def test_failed_inspection_goes_through_rectification_and_back(
    flowing_task, leader, inspector, lead_clerk, client_for, catalogue, take_acceptance
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    # 40 of 100 points, no critical standard failed.
    take_acceptance(client_for(inspector), task, catalogue, elderly="10", party="0")
    task.refresh_from_db()
    assert task.state == State.INSPECTED
    assert waiting(task) == ["start_rectification"]

    take(client_for(inspector), task, "start_rectification")
    task.refresh_from_db()
    assert task.state == State.RECTIFYING
    assert waiting(task) == ["resume_construction"]

    take(client_for(lead_clerk), task, "resume_construction")
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    assert waiting(task) == ["record_inspection"]

    take_acceptance(client_for(inspector), task, catalogue)
    take(client_for(leader), task, "approve_pass")
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert waiting(task) == []
    assert [row[0] for row in history(task)] == [
        "submit_plan",
        "approve_plan",
        "record_inspection",
        "start_rectification",
        "resume_construction",
        "record_inspection",
        "approve_pass",
    ]
    assert history(task)[4][3] == "lead"


def test_critical_failure_also_sends_the_task_to_rectification(
    flowing_task, leader, inspector, client_for, catalogue, take_acceptance
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    # 60 of 100 points: the critical premises standard failed.
    take_acceptance(client_for(inspector), task, catalogue, premises="120")
    assert waiting(task) == ["start_rectification"]


def test_distinctive_track_ends_with_the_distinctive_approval(
    county, duty_matrix, leader, lead_clerk, inspector, client_for, catalogue, take_acceptance
):
    community = county.other_community
    community.certified_social_workers = 1
    community.filed_social_organisations = 3
    community.save()
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    process_start(task=task)
    take(client_for(lead_clerk), task, "submit_plan")
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    catalogue.indicators.update(for_distinctive=True)
    take_acceptance(client_for(inspector), task, catalogue)
    # Passed in an earlier year: no second pass, the leader names it distinctive.
    assert waiting(task) == ["approve_distinctive"]

    take(client_for(leader), task, "approve_distinctive")
    task.refresh_from_db()
    assert task.state == State.DISTINCTIVE
    assert waiting(task) == []
    assert history(task)[-1] == ("approve_distinctive", "inspected", "distinctive", "leader")
    assert "approve_pass" not in task.history.values_list("action", flat=True)


def test_inspection_recorded_outside_the_flow_advances_the_process(
    flowing_task, leader, inspector, client_for, django_capture_on_commit_callbacks
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    task.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    assert waiting(task) == ["approve_pass"]


def test_an_acceptance_waits_for_the_departments_work(flowing_task, leader, inspector, client_for):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    task.refresh_from_db()
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    assert "各部门交办任务尚未全部验收办结，不能录入验收" in refused.value.reasons[0]
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    assert waiting(task) == ["wait_assignments"]


def test_the_lead_departments_waiver_lets_the_acceptance_go_first_with_its_reason(
    flowing_task, leader, lead_clerk, inspector, client_for, django_capture_on_commit_callbacks
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    # Only the lead department may waive, and never without a reason.
    assert client_for(inspector).get(step_url(task, "wait_assignments")).status_code == 403
    blank = take(client_for(lead_clerk), task, "wait_assignments", comment="")
    assert blank.status_code == 400
    assert "准许先行验收须填写理由" in blank.content.decode()
    assert not task.history.filter(action="waive_work").exists()
    with django_capture_on_commit_callbacks(execute=True):
        take(client_for(lead_clerk), task, "wait_assignments", comment="用房手续在办，先行验收。")
    assert waiting(task) == ["record_inspection"]
    waiver = task.history.get(action="waive_work")
    assert (waiver.source, waiver.target, waiver.comment) == (
        "under_construction",
        "under_construction",
        "用房手续在办，先行验收。",
    )
    # Pressing it again does nothing more: the work is no longer waited for.
    task.refresh_from_db()
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="waive_work", by=lead_clerk, comment="再次")
    assert refused.value.reasons == ["各部门交办任务已全部办结或已准许先行验收，无需再次准许。"]
    assert task.history.filter(action="waive_work").count() == 1
    # The open work stays owed.
    assert task.assignments.exclude(state="accepted").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    assert waiting(task) == ["approve_pass"]
    closed = Task.objects.filter(process=process_start(task=task), status="DONE")
    assert {t.flow_task.name for t in closed} >= {"wait_assignments", "record_inspection"}


def test_assignments_keep_the_flow_waiting_until_all_are_accepted(flowing_task, leader, client_for):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    first = Assignment.objects.filter(task=task).first()
    Assignment.objects.filter(pk=first.pk).update(state="accepted")
    process_advance(task=task)
    assert waiting(task) == ["wait_assignments"]
    accept_all_assignments(task)
    assert waiting(task) == ["record_inspection"]


def test_tasks_created_for_a_campaign_get_one_process_each(county):
    tasks_create_for_campaign(campaign=county.campaign)
    tasks_create_for_campaign(campaign=county.campaign)
    for task in CreationTask.objects.all():
        assert waiting(task) == ["submit_plan"]
        process_start(task=task)
        assert waiting(task) == ["submit_plan"]
    assert CreationTask.objects.count() == CommunityTrack.objects.count() == 2
    assert Community.objects.count() == 2


def test_step_taken_with_commit_hooks_running_advances_once(
    flowing_task, leader, client_for, django_capture_on_commit_callbacks
):
    task = flowing_task
    with django_capture_on_commit_callbacks(execute=True):
        response = take(client_for(leader), task, "approve_plan")
    assert response.status_code == 302
    assert waiting(task) == ["wait_assignments"]
    done = Task.objects.filter(process=process_start(task=task), status="DONE")
    assert sorted(t.flow_task.name for t in done) == [
        "approve_plan",
        "check_plan",
        "start",
        "submit_plan",
    ]


def test_plan_step_page_does_not_warn_before_assignments_exist(flowing_task, leader, client_for):
    response = client_for(leader).get(step_url(flowing_task, "approve_plan"))
    assert response.status_code == 200
    assert "尚未向部门交办任务" not in response.content.decode()


def test_rectification_taken_outside_the_flow_keeps_the_process_in_step(
    flowing_task, leader, inspector, lead_clerk, client_for, django_capture_on_commit_callbacks
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    with django_capture_on_commit_callbacks(execute=True):
        task.refresh_from_db()
        task_transition(task=task, action="record_inspection", by=inspector, outcome=LOW_SCORE)
        task.refresh_from_db()
        task_transition(task=task, action="start_rectification", by=lead_clerk)
        task.refresh_from_db()
        task_transition(task=task, action="resume_construction", by=inspector)
    assert waiting(task) == ["record_inspection"]
    assert [row[0] for row in history(task)][-3:] == [
        "record_inspection",
        "start_rectification",
        "resume_construction",
    ]


def test_a_returned_plan_goes_back_to_the_lead_department_and_comes_back(
    flowing_task, leader, lead_clerk, client_for
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan", action="return_plan", comment="请补充用房方案。")
    task.refresh_from_db()
    assert task.state == State.PLANNED
    assert waiting(task) == ["submit_plan"]
    take(client_for(lead_clerk), task, "submit_plan", comment="已补充用房选址方案。")
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert waiting(task) == ["approve_plan"]
    assert [row[0] for row in history(task)] == [
        "submit_plan",
        "return_plan",
        "submit_plan",
    ]


def test_a_refused_pass_goes_into_rectification_and_back_to_an_acceptance(
    flowing_task, leader, inspector, lead_clerk, client_for, catalogue, take_acceptance
):
    task = flowing_task
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    take_acceptance(client_for(inspector), task, catalogue)
    assert waiting(task) == ["approve_pass"]
    take(client_for(leader), task, "approve_pass", action="refuse_pass", comment="活动室未开放。")
    task.refresh_from_db()
    assert task.state == State.RECTIFYING
    assert waiting(task) == ["resume_construction"]
    take(client_for(lead_clerk), task, "resume_construction")
    assert waiting(task) == ["record_inspection"]


def test_a_refused_distinctive_status_goes_into_rectification_and_back_to_an_inspection(
    county, duty_matrix, leader, lead_clerk, inspector, client_for, catalogue, take_acceptance
):
    community = county.other_community
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    process_start(task=task)
    take(client_for(lead_clerk), task, "submit_plan")
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    catalogue.indicators.update(for_distinctive=True)
    take_acceptance(client_for(inspector), task, catalogue)
    assert waiting(task) == ["approve_distinctive"]
    take(
        client_for(leader),
        task,
        "approve_distinctive",
        action="refuse_distinctive",
        comment="尚无持证社工。",
    )
    task.refresh_from_db()
    assert task.state == State.RECTIFYING
    assert waiting(task) == ["resume_construction"]
    assert history(task)[-1] == ("refuse_distinctive", "inspected", "rectifying", "leader")
    take(client_for(lead_clerk), task, "resume_construction")
    assert waiting(task) == ["record_inspection"]


def test_a_prepare_community_ends_with_the_lead_departments_assessment(
    county, leader, lead_clerk, client_for
):
    DutyRule.objects.create(
        track="prepare", area="premises", department=county.housing, role="lead", owed="谋划用房"
    )
    community = Community.objects.create(town=county.town, name="三桥社区", households=100)
    CommunityTrack.objects.create(campaign=county.campaign, community=community, track="prepare")
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    process_start(task=task)
    take(client_for(lead_clerk), task, "submit_plan")
    take(client_for(leader), task, "approve_plan")
    accept_all_assignments(task)
    assert waiting(task) == ["assess_ready"]
    take(
        client_for(lead_clerk),
        task,
        "assess_ready",
        action="assess_not_ready",
        comment="用房尚差120平方米。",
    )
    task.refresh_from_db()
    assert task.state == State.NOT_READY
    assert waiting(task) == []
    assert history(task)[-1] == ("assess_not_ready", "under_construction", "not_ready", "lead")
