from datetime import date

import pytest

from assessments.services import inspection_record, order_issue, order_transition
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from workflows.models import CreationTask
from workflows.services import task_transition


def failed_acceptance(county, catalogue, inspector, **kwargs):
    return inspection_record(
        community=county.community,
        kind="acceptance",
        by=inspector,
        findings=rows(catalogue, **kwargs),
    )


def test_critical_failure_in_acceptance_blocks_the_pass(
    county, catalogue, inspector, leader, task_under_construction
):
    failed_acceptance(county, catalogue, inspector, premises="299.9", elderly="1000")
    task = task_under_construction
    task.refresh_from_db()
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert "验收发现关键指标不合格，须整改后重新验收。" in refused.value.reasons
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED


def test_issuing_an_order_for_a_failed_acceptance_starts_rectification(
    county, catalogue, inspector, task_under_construction
):
    inspection = failed_acceptance(county, catalogue, inspector, premises="299.9")
    order = order_issue(
        finding=inspection.findings.get(indicator__code="JC-01"),
        by=inspector,
        requirement="补足用房面积",
        deadline=date(2015, 10, 1),
        responsible_department=county.housing,
    )
    assert order.is_critical and order.task == task_under_construction
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.RECTIFYING


def test_open_critical_order_blocks_the_pass_after_a_passing_reinspection(
    county, catalogue, inspector, leader, dept_clerk, other_dept_clerk, task_under_construction
):
    """The whole cycle: fail, order, answer, back to construction, pass the re-inspection."""
    inspection = failed_acceptance(county, catalogue, inspector, premises="299.9")
    order = order_issue(
        finding=inspection.findings.get(indicator__code="JC-01"),
        by=inspector,
        requirement="补足用房面积",
        deadline=date(2015, 10, 1),
        responsible_department=county.housing,
    )
    task = task_under_construction
    task.refresh_from_db()
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="resume_construction", by=inspector)
    assert refused.value.reasons == ["还有整改通知未反馈，不能恢复创建。"]

    order_transition(order=order, action="answer", by=other_dept_clerk, answer="已协调用房")
    task.refresh_from_db()
    task_transition(task=task, action="resume_construction", by=inspector)
    inspection_record(
        community=county.community, kind="acceptance", by=inspector, findings=rows(catalogue)
    )
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED and task.inspection_critical_failures == 0
    with pytest.raises(Refused) as refused:
        task_transition(task=task, action="approve_pass", by=leader)
    assert refused.value.reasons == ["关键指标的整改通知尚未核验销号，不能审批达标。"]

    order_transition(order=order, action="verify", by=inspector)
    task.refresh_from_db()
    task_transition(task=task, action="approve_pass", by=leader)
    task.refresh_from_db()
    assert task.state == CreationTask.State.PASSED


def test_an_order_from_a_passing_acceptance_leaves_the_task_inspected(
    county, catalogue, inspector, leader, community_clerk, task_under_construction
):
    """80 points and no critical failure: an order for the elderly-care gap, and the task may pass."""
    inspection = failed_acceptance(county, catalogue, inspector, elderly="10")
    order = order_issue(
        finding=inspection.findings.get(indicator__code="JC-02"),
        by=inspector,
        requirement="补足养老服务用房",
        deadline=date(2015, 10, 1),
        responsible_community=county.community,
    )
    assert not order.is_critical
    task = task_under_construction
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED
    task_transition(task=task, action="approve_pass", by=leader)
    task.refresh_from_db()
    assert task.state == CreationTask.State.PASSED
