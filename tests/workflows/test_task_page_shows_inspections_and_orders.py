"""The task page brings together what concerns the task: its inspections, its orders, its step."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Inspection
from assessments.services import FindingInput, inspection_record, order_issue
from tests.assessments.conftest import catalogue, indicator  # noqa: F401
from workflows.models import CreationTask
from workflows.services import task_transition, tasks_create_for_campaign


@pytest.fixture
def inspected_task(county, catalogue, inspector):  # noqa: F811
    tasks_create_for_campaign(campaign=county.campaign)
    task = CreationTask.objects.get(community=county.community)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)
    rows = [
        FindingInput(indicator=indicator(catalogue, "JC-01"), measured_value=Decimal("300")),
        FindingInput(indicator=indicator(catalogue, "JC-02"), measured_value=Decimal("10")),
        FindingInput(indicator=indicator(catalogue, "DJ-01"), met=True),
    ]
    inspection = inspection_record(
        community=county.community, kind=Inspection.Kind.ACCEPTANCE, by=inspector, findings=rows
    )
    failed = inspection.findings.get(met=False)
    order_issue(
        finding=failed,
        by=inspector,
        requirement="补足养老服务用房",
        deadline=timezone.localdate() + timedelta(days=20),
        responsible_community=county.community,
    )
    task.refresh_from_db()
    return task


def test_leader_sees_the_tasks_inspections_and_orders(client_for, leader, inspected_task):
    page = client_for(leader).get(reverse("workflows:task_detail", args=[inspected_task.pk]))
    text = page.content.decode()
    assert "督查记录" in text and "验收" in text and "80.0" in text
    assert "JC-02" in text and "整改通知" in text


def test_community_staff_see_their_own_tasks_inspections(
    client_for, community_clerk, inspected_task
):
    text = (
        client_for(community_clerk)
        .get(reverse("workflows:task_detail", args=[inspected_task.pk]))
        .content.decode()
    )
    assert "督查记录" in text and "JC-02" in text


def test_leader_is_pointed_to_the_waiting_approval_step(
    client_for, leader, lead_clerk, county, duty_matrix, django_capture_on_commit_callbacks
):
    tasks_create_for_campaign(campaign=county.campaign)
    task = CreationTask.objects.get(community=county.community)
    with django_capture_on_commit_callbacks(execute=True):
        task_transition(task=task, action="submit_plan", by=lead_clerk)
    text = client_for(leader).get(reverse("workflows:task_detail", args=[task.pk])).content.decode()
    assert "待我办理" in text and "县领导审批创建计划" in text


def test_department_clerk_is_not_pointed_to_a_leaders_step(
    client_for, dept_clerk, leader, lead_clerk, county, duty_matrix
):
    tasks_create_for_campaign(campaign=county.campaign)
    task = CreationTask.objects.get(community=county.community)
    task_transition(task=task, action="submit_plan", by=lead_clerk)
    task_transition(task=task, action="approve_plan", by=leader)
    text = (
        client_for(dept_clerk)
        .get(reverse("workflows:task_detail", args=[task.pk]))
        .content.decode()
    )
    assert "待我办理" not in text
