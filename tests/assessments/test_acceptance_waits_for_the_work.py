"""An acceptance inspection needs the departments' work on the task accepted, or the lead
department's waiver (准许先行验收) with a reason; spot-checks never wait."""

import pytest
from django.urls import reverse

from assessments.models import Inspection
from assessments.selectors import inspections_due_for
from assessments.services import inspection_record
from supervision.transitions import Refused
from tests.assessments.helpers import rows
from tests.builders import inspection_form_data, started_task, work_accepted
from workflows.models import CreationTask
from workflows.services import task_transition

WAITING = (
    "各部门交办任务尚未全部验收办结，不能录入验收；须等部门办结，或由牵头部门填写理由准许先行验收。"
)


@pytest.fixture
def building(county, leader):
    """二机社区's task approved: 财政 and 房管 owe work, none of it accepted yet."""
    return started_task(county, leader)


def form(county):
    return reverse("assessments:inspection_new", args=[county.community.pk])


def test_an_acceptance_before_the_work_is_accepted_is_refused_and_saves_nothing(
    county, catalogue, inspector, building
):
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community, kind="acceptance", by=inspector, findings=rows(catalogue)
        )
    assert refused.value.reasons == [WAITING]
    assert not Inspection.objects.exists()
    building.refresh_from_db()
    assert building.state == CreationTask.State.UNDER_CONSTRUCTION


def test_a_spot_check_does_not_wait_for_the_work(county, catalogue, inspector, building):
    inspection_record(
        community=county.community, kind="spot_check", by=inspector, findings=rows(catalogue)
    )
    building.refresh_from_db()
    assert building.state == CreationTask.State.UNDER_CONSTRUCTION


def test_the_form_says_why_and_offers_a_spot_check_until_the_work_is_done(
    client_for, county, catalogue, inspector, building
):
    client = client_for(inspector)
    page = client.get(form(county) + "?kind=acceptance").content.decode()
    assert WAITING in page
    assert '<option value="spot_check" selected>' in page
    posted = client.post(form(county), inspection_form_data(catalogue), follow=True)
    assert WAITING in posted.content.decode()
    assert not Inspection.objects.exists()
    work_accepted(building)
    page = client.get(form(county) + "?kind=acceptance").content.decode()
    assert WAITING not in page
    assert '<option value="acceptance" selected>' in page


def test_the_inspector_is_asked_for_the_acceptance_once_the_work_is_done_or_waived(
    county, inspector, lead_clerk, building, client_for
):
    def due():
        return list(inspections_due_for(user=inspector, campaign=county.campaign)["acceptance"])

    assert due() == []
    assert "二机社区" not in client_for(inspector).get(reverse("inbox")).content.decode()
    task_transition(
        task=building, action="waive_work", by=lead_clerk, comment="用房手续在办，先行验收。"
    )
    assert due() == [building]
    inbox = client_for(inspector).get(reverse("inbox")).content.decode()
    assert "二机社区" in inbox and "牵头部门已准许先行验收，可录入验收" in inbox


def test_a_task_whose_work_is_all_accepted_is_due_without_a_waiver(county, inspector, building):
    work_accepted(building)
    assert list(inspections_due_for(user=inspector, campaign=county.campaign)["acceptance"]) == [
        building
    ]


def test_the_lead_department_waives_from_the_task_page_with_a_reason(
    client_for, county, lead_clerk, leader, building
):
    url = reverse("workflows:task_detail", args=[building.pk])
    page = client_for(lead_clerk).get(url).content.decode()
    assert 'value="waive_work"' in page and "准许先行验收" in page
    assert 'value="waive_work"' not in client_for(leader).get(url).content.decode()
    action = reverse("workflows:task_action", args=[building.pk])
    client_for(lead_clerk).post(action, {"action": "waive_work", "comment": ""})
    assert not building.history.filter(action="waive_work").exists()
    client_for(lead_clerk).post(action, {"action": "waive_work", "comment": "经费已到位。"})
    assert building.history.get(action="waive_work").comment == "经费已到位。"
    assert "经费已到位。" in client_for(lead_clerk).get(url).content.decode()


def test_the_waiver_is_named_in_the_tasks_history(client_for, lead_clerk, leader, building):
    task_transition(task=building, action="waive_work", by=lead_clerk, comment="经费已到位。")
    page = client_for(leader).get(reverse("workflows:task_detail", args=[building.pk]))
    history = page.content.decode().split("状态变更记录")[-1]
    assert "准许先行验收（创建中）" in history and "经费已到位。" in history
