"""An assignment's own state machine, over HTTP as the right and the wrong people."""

import pytest
from django.urls import reverse

from supervision.transitions import Refused
from workflows.models import Assignment, AssignmentEvent
from workflows.services import (
    assignment_transition,
)

from .conftest import report

State = Assignment.State


def act(client, assignment, action, comment=""):
    return client.post(
        reverse("workflows:assignment_action", args=[assignment.pk]),
        # Confirmed: irreversible actions ask first (tested on their own).
        {"action": action, "comment": comment, "confirmed": "1"},
        follow=True,
    )


def events(assignment):
    return list(
        AssignmentEvent.objects.filter(assignment=assignment).values_list(
            "action", "source", "target", "actor__username"
        )
    )


def test_department_works_submits_and_lead_department_accepts(
    client_for, finance_work, dept_clerk, lead_clerk
):
    client = client_for(dept_clerk)
    act(client, finance_work, "start_work")
    report(finance_work, dept_clerk)
    page = act(client, finance_work, "submit", "经费已落实")
    assert "已提交验收" in page.content.decode()
    client = client_for(lead_clerk)
    act(client, finance_work, "accept", "同意")
    finance_work.refresh_from_db()
    assert finance_work.state == State.ACCEPTED
    assert events(finance_work) == [
        ("start_work", "assigned", "in_progress", "dept"),
        ("submit", "in_progress", "submitted", "dept"),
        ("accept", "submitted", "accepted", "lead"),
    ]


def test_returned_work_goes_back_to_the_department_with_the_reason(
    client_for, finance_work, dept_clerk, lead_clerk
):
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    report(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="submit", by=dept_clerk)
    act(client_for(lead_clerk), finance_work, "return_work", "缺少拨款文件")
    finance_work.refresh_from_db()
    assert finance_work.state == State.RETURNED
    assert finance_work.history.last().comment == "缺少拨款文件"
    page = client_for(dept_clerk).get(
        reverse("workflows:assignment_detail", args=[finance_work.pk])
    )
    assert "缺少拨款文件" in page.content.decode()
    act(client_for(dept_clerk), finance_work, "start_work")
    finance_work.refresh_from_db()
    assert finance_work.state == State.IN_PROGRESS


def test_return_without_a_reason_is_refused_in_chinese(
    client_for, finance_work, dept_clerk, lead_clerk
):
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    report(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="submit", by=dept_clerk)
    page = act(client_for(lead_clerk), finance_work, "return_work", "  ")
    assert "退回须填写理由" in page.content.decode()
    finance_work.refresh_from_db()
    assert finance_work.state == State.SUBMITTED


def test_submit_without_a_progress_report_is_refused(client_for, finance_work, dept_clerk):
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    page = act(client_for(dept_clerk), finance_work, "submit")
    assert "尚未报送进展情况" in page.content.decode()
    finance_work.refresh_from_db()
    assert finance_work.state == State.IN_PROGRESS
    assert len(events(finance_work)) == 1


def test_illegal_transition_names_the_current_state(client_for, finance_work, lead_clerk):
    page = act(client_for(lead_clerk), finance_work, "accept")
    assert "当前状态为“已交办”，不能验收通过。" in page.content.decode()
    finance_work.refresh_from_db()
    assert finance_work.state == State.ASSIGNED


@pytest.mark.parametrize(
    "persona", ["other_dept_clerk", "lead_clerk", "leader", "inspector", "outsider"]
)
def test_only_the_assigned_department_starts_the_work(request, client_for, finance_work, persona):
    response = act(client_for(request.getfixturevalue(persona)), finance_work, "start_work")
    assert response.status_code == 403
    finance_work.refresh_from_db()
    assert finance_work.state == State.ASSIGNED


@pytest.mark.parametrize(
    "persona", ["dept_clerk", "other_dept_clerk", "leader", "inspector", "outsider"]
)
def test_only_the_lead_department_accepts(request, client_for, finance_work, dept_clerk, persona):
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    report(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="submit", by=dept_clerk)
    for action in ["accept", "return_work"]:
        response = act(client_for(request.getfixturevalue(persona)), finance_work, action, "x")
        assert response.status_code == 403
    finance_work.refresh_from_db()
    assert finance_work.state == State.SUBMITTED


def test_work_cannot_start_before_the_plan_is_approved(task, county, dept_clerk):
    planned_work = Assignment.objects.create(
        task=task,
        department=county.finance,
        area="funding",
        role="lead",
        owed="x",
        deadline="2015-06-01",
    )
    with pytest.raises(Refused) as refused:
        assignment_transition(assignment=planned_work, action="start_work", by=dept_clerk)
    assert "部门任务暂不能办理" in refused.value.reasons[0]


def test_stale_assignment_is_refused(finance_work, dept_clerk):
    stale = Assignment.objects.get(pk=finance_work.pk)
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    with pytest.raises(Refused) as refused:
        assignment_transition(assignment=stale, action="start_work", by=dept_clerk)
    assert "已被他人处理" in refused.value.reasons[0]


def test_process_is_told_when_the_last_assignment_is_accepted(
    monkeypatch, started_task, county, dept_clerk, other_dept_clerk, lead_clerk
):
    from workflows import services

    told = []
    monkeypatch.setattr(services, "_notify_process", lambda task: told.append(task.pk))
    for clerk, department in [(dept_clerk, county.finance), (other_dept_clerk, county.housing)]:
        work = started_task.assignments.get(department=department)
        assignment_transition(assignment=work, action="start_work", by=clerk)
        report(work, clerk)
        assignment_transition(assignment=work, action="submit", by=clerk)
        assert not started_task.assignments.all_accepted()
        assignment_transition(assignment=work, action="accept", by=lead_clerk)
    assert started_task.assignments.all_accepted()
    assert told == [started_task.pk]


def test_notify_process_is_harmless_without_a_process(started_task):
    from workflows.services import _notify_process

    _notify_process(started_task)
