"""The flow's acceptance step sends the inspector to the inspection form; nothing else records it.

The step used to take a typed score and a count of critical failures and move the task to
"inspected" directly: no Inspection, no Finding, none of the form's checks (the inspector's own
community, the catalogue in force, every applicable standard recorded, points within maximum).
"""

import pytest
from django.urls import reverse

from assessments.models import Finding, Inspection
from supervision.models import Role
from tests.conftest import make_user
from workflows.flows import open_flow_tasks, process_advance, process_start
from workflows.models import Assignment, CreationTask


@pytest.fixture
def awaiting_acceptance(task, leader):
    from workflows.services import task_transition

    process_start(task=task)
    task_transition(task=task, action="approve_plan", by=leader)
    Assignment.objects.filter(task=task).update(state=Assignment.State.ACCEPTED)
    process_advance(task=task)
    step = open_flow_tasks(task=task).get()
    assert step.flow_task.name == "record_inspection"
    task.refresh_from_db()
    return task, reverse("workflows:flow_step", args=[step.pk])


def test_a_typed_score_on_the_step_page_records_nothing(awaiting_acceptance, inspector, client_for):
    task, url = awaiting_acceptance
    client_for(inspector).post(url, {"score": "95", "critical_failures": "0", "comment": ""})
    task.refresh_from_db()
    assert task.state == CreationTask.State.UNDER_CONSTRUCTION
    assert not task.history.filter(action="record_inspection").exists()
    assert not Inspection.objects.exists() and not Finding.objects.exists()


def test_the_step_page_sends_the_inspector_to_the_inspection_form(
    awaiting_acceptance, inspector, client_for
):
    task, url = awaiting_acceptance
    response = client_for(inspector).get(url)
    form = reverse("assessments:inspection_new", args=[task.community_id])
    assert response.status_code == 302
    assert response["Location"] == f"{form}?kind=acceptance"


def test_an_inspector_of_the_community_cannot_record_it_through_the_step(
    awaiting_acceptance, county, client_for
):
    task, url = awaiting_acceptance
    own = make_user("own-inspector", Role.INSPECTOR, community=county.community)
    client_for(own).post(url, {"score": "100", "critical_failures": "0"})
    task.refresh_from_db()
    assert task.state == CreationTask.State.UNDER_CONSTRUCTION
