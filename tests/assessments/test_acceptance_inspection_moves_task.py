from decimal import Decimal

import pytest

from assessments.models import Finding, Inspection
from assessments.services import inspection_record
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from workflows.models import CreationTask, TaskTransition


def test_acceptance_inspection_moves_task_to_inspected_with_its_outcome(
    county, catalogue, inspector, task_under_construction
):
    inspection = inspection_record(
        community=county.community, kind="acceptance", by=inspector, findings=rows(catalogue)
    )
    task = task_under_construction
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED
    assert task.inspection_score == Decimal("100")
    assert task.inspection_pass_line_met is True
    assert task.inspection_critical_failures == 0
    assert inspection.catalogue == catalogue
    assert TaskTransition.objects.get(task=task).action == "record_inspection"


def test_score_and_critical_failures_come_from_the_findings(
    county, catalogue, inspector, task_under_construction
):
    inspection = inspection_record(
        community=county.community,
        kind="acceptance",
        by=inspector,
        findings=rows(catalogue, premises="299.9"),
    )
    inspection.refresh_from_db()
    assert inspection.score == Decimal("60")
    assert inspection.critical_failures == 1
    failed = Finding.objects.get(inspection=inspection, indicator__code="JC-01")
    assert failed.met is False and failed.points_awarded == 0
    assert failed.measured_value == Decimal("299.9")
    task_under_construction.refresh_from_db()
    assert task_under_construction.inspection_pass_line_met is False
    assert task_under_construction.inspection_critical_failures == 1


def test_spot_check_and_follow_up_leave_the_task_alone(
    county, catalogue, inspector, task_under_construction
):
    for kind in ["spot_check", "follow_up"]:
        inspection_record(
            community=county.community, kind=kind, by=inspector, findings=rows(catalogue)
        )
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.UNDER_CONSTRUCTION
    assert task_under_construction.inspected_at is None
    assert Inspection.objects.count() == 2


def test_yes_no_standard_is_scored_as_chosen(county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, party=False),
    )
    finding = inspection.findings.get(indicator__code="DJ-01")
    assert finding.met is False and finding.points_awarded == 0
    assert inspection.score == Decimal("60")


def test_acceptance_is_refused_unless_the_task_is_under_construction(county, catalogue, inspector):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community, kind="acceptance", by=inspector, findings=rows(catalogue)
        )
    assert refused.value.reasons == [
        "该社区创建任务当前为“列入计划”，不能录入验收；可录入抽查或复查。"
    ]
    assert not Inspection.objects.exists()
    task.refresh_from_db()
    assert task.state == CreationTask.State.PLANNED


def test_acceptance_must_cover_every_applicable_standard(
    county, catalogue, inspector, task_under_construction
):
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community,
            kind="acceptance",
            by=inspector,
            findings=rows(catalogue)[:2],
        )
    assert refused.value.reasons == ["验收须逐项记录全部适用指标，缺少：DJ-01。"]
    assert not Inspection.objects.exists()
    task_under_construction.refresh_from_db()
    assert task_under_construction.state == CreationTask.State.UNDER_CONSTRUCTION


def test_inspection_page_shows_the_tasks_new_state(
    client_for, county, catalogue, inspector, task_under_construction
):
    from django.urls import reverse

    inspection = inspection_record(
        community=county.community,
        kind="acceptance",
        by=inspector,
        findings=rows(catalogue, premises="1"),
    )
    page = client_for(inspector).get(reverse("assessments:inspection_detail", args=[inspection.pk]))
    assert "创建任务状态" in page.content.decode() and "已验收待审批" in page.content.decode()


def test_a_negative_measured_value_is_refused_by_the_service_too(county, catalogue, inspector):
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community,
            kind="spot_check",
            by=inspector,
            findings=rows(catalogue, premises="-300"),
        )
    assert refused.value.reasons == ["实测值不能为负数。"]
    assert not Inspection.objects.exists()
