"""The creation task's state machine, driven through workflows.services.task_transition."""

import pytest
from django.utils import timezone
from freezegun import freeze_time

from supervision.models import CommunityTrack
from supervision.transitions import Refused
from tests.builders import work_accepted
from workflows.models import CreationTask, DutyRule, TaskTransition
from workflows.services import task_actions_for, task_transition

from .conftest import CRITICAL_FAILURE, LOW_SCORE, PASSING

State = CreationTask.State


def history(task):
    return list(task.history.order_by("id").values_list("source", "target", "actor__username"))


@freeze_time("2015-04-01 09:00:00+08:00")
def test_leader_approves_plan_and_departments_get_their_assignments(task, leader):
    task_transition(task=task, action="approve_plan", by=leader, comment="同意")
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION
    owed = {(a.department.code, a.deadline.isoformat()) for a in task.assignments.all()}
    assert owed == {("fgj", "2015-05-31"), ("czj", "2015-05-01")}
    assert history(task) == [
        ("planned", "plan_submitted", "lead"),
        ("plan_submitted", "under_construction", "leader"),
    ]
    assert task.history.get(action="approve_plan").comment == "同意"


@freeze_time("2015-12-10 09:00:00+08:00")
def test_work_assigned_late_in_the_year_is_due_inside_it(task, leader):
    """Work due next year would count in no year's department score: it is due on 31 Dec."""
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    owed = {(a.department.code, a.deadline.isoformat()) for a in task.assignments.all()}
    assert owed == {("fgj", "2015-12-31"), ("czj", "2015-12-31")}


def test_plan_cannot_be_approved_without_departments_to_assign(task, leader):
    DutyRule.objects.update(is_active=False)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_plan", by=leader)
        work_accepted(task)
    assert "尚未向部门交办任务" in refused.value.reasons[0]
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert not task.assignments.exists()
    assert list(task.history.values_list("action", flat=True)) == ["submit_plan"]


@pytest.mark.parametrize(
    "persona", ["lead_clerk", "dept_clerk", "inspector", "community_clerk", "outsider"]
)
def test_only_leadership_approves_the_plan(request, task, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_plan", by=user)
    assert refused.value.reasons == ["只有县领导可以审批。"]
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert not task.assignments.exists()


def test_illegal_transition_names_the_current_state(task, leader):
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert refused.value.reasons == ["当前状态为“计划待审批”，不能审批创建达标。"]


def test_passing_inspection_then_leader_approves_pass(task, leader, inspector):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    task.refresh_from_db()
    assert task.state == State.INSPECTED
    assert task.inspection_score == PASSING.score
    assert task_actions_for(task=task, by=leader) == ["approve_pass", "refuse_pass"]
    task_transition(task=task, action="approve_pass", by=leader, comment="验收合格")
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert [row[1] for row in history(task)] == [
        "plan_submitted",
        "under_construction",
        "inspected",
        "passed",
    ]


@pytest.mark.parametrize(
    "outcome, reason",
    [
        (LOW_SCORE, "验收得分未达到合格线，不能审批达标。"),
        (CRITICAL_FAILURE, "验收发现关键指标不合格，须整改后重新验收。"),
    ],
)
def test_failed_inspection_can_never_be_passed(task, leader, inspector, outcome, reason):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=outcome)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert reason in refused.value.reasons
    task.refresh_from_db()
    assert task.state == State.INSPECTED


def test_rectification_round_trip_then_pass(task, leader, inspector, lead_clerk):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=CRITICAL_FAILURE)
    task_transition(task=task, action="start_rectification", by=inspector, comment="用房不足")
    task_transition(task=task, action="resume_construction", by=lead_clerk, comment="已整改")
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    task_transition(task=task, action="approve_pass", by=leader)
    task.refresh_from_db()
    assert task.state == State.PASSED
    assert [row[1] for row in history(task)] == [
        "plan_submitted",
        "under_construction",
        "inspected",
        "rectifying",
        "under_construction",
        "inspected",
        "passed",
    ]


def test_a_passing_inspection_needs_no_rectification(task, leader, inspector):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="start_rectification", by=inspector)
    assert refused.value.reasons == ["验收结果合格，无需整改。"]


def test_inspector_of_own_community_is_refused(task, leader, county):
    from supervision.models import Role
    from tests.conftest import make_user

    local = make_user("local-inspector", Role.INSPECTOR, community=county.community)
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="record_inspection", by=local, outcome=PASSING)
    assert "不能验收本人所在社区" in refused.value.reasons[0]
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION


@pytest.mark.parametrize("persona", ["leader", "dept_clerk", "community_clerk", "outsider"])
def test_only_inspectors_record_inspections(request, task, leader, persona):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    with pytest.raises(Refused):
        task_transition(
            task=task,
            action="record_inspection",
            by=request.getfixturevalue(persona),
            outcome=PASSING,
        )


def test_distinctive_needs_the_distinctive_track(task, leader, inspector):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_distinctive", by=leader)
    assert "该社区本年度不在“创出特色”类别。" in refused.value.reasons


def test_distinctive_needs_the_distinctive_standards(task, leader, inspector, county):
    CommunityTrack.objects.filter(community=county.community).update(track="distinctive")
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_distinctive", by=leader)
    assert "尚未达到特色社区标准" in refused.value.reasons[0]
    county.community.certified_social_workers = 1
    county.community.filed_social_organisations = 3
    county.community.save()
    task_transition(task=task, action="approve_distinctive", by=leader)
    task.refresh_from_db()
    assert task.state == State.DISTINCTIVE


def test_state_cannot_be_set_directly(task):
    with pytest.raises(AttributeError):
        task.state = State.PASSED


def test_audit_rows_cannot_be_edited_or_deleted(task, leader):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    row = task.history.get(action="approve_plan")
    row.comment = "改写"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        TaskTransition.objects.filter(pk=row.pk).update(comment="改写")
    with pytest.raises(PermissionError):
        TaskTransition.objects.all().delete()
    assert TaskTransition.objects.get(pk=row.pk).comment == ""
    assert TaskTransition.objects.get(pk=row.pk).at <= timezone.now()


def test_audit_trail_is_read_only_in_the_admin(client_for, administrator, task, leader):
    task_transition(task=task, action="approve_plan", by=leader)
    work_accepted(task)
    row = task.history.get(action="approve_plan")
    client = client_for(administrator)
    assert client.get(f"/admin/workflows/tasktransition/{row.pk}/delete/").status_code == 403
    client.post(f"/admin/workflows/tasktransition/{row.pk}/change/", {"comment": "改写"})
    assert TaskTransition.objects.get(pk=row.pk).comment == ""
    assert client.get("/admin/workflows/tasktransition/add/").status_code == 403
