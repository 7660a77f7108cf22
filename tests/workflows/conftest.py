from decimal import Decimal

import pytest

from tests.builders import catalogue_build, duty_matrix_build
from workflows.models import CreationTask, InspectionOutcome, ProgressReport
from workflows.services import task_transition

PASSING = InspectionOutcome(score=Decimal("92.5"), pass_line_met=True, critical_failures=0)
LOW_SCORE = InspectionOutcome(score=Decimal("71"), pass_line_met=False, critical_failures=0)
CRITICAL_FAILURE = InspectionOutcome(score=Decimal("88"), pass_line_met=True, critical_failures=1)


@pytest.fixture
def duty_matrix(county):
    return duty_matrix_build(finance=county.finance, housing=county.housing)


@pytest.fixture
def catalogue(county):
    return catalogue_build(county.campaign)


@pytest.fixture
def planned(county, duty_matrix):
    """二机社区's task, its plan not yet submitted."""
    return CreationTask.objects.create(campaign=county.campaign, community=county.community)


@pytest.fixture
def task(planned, lead_clerk):
    """二机社区's task, its plan submitted (报批) by the lead department: the leader decides."""
    task_transition(task=planned, action="submit_plan", by=lead_clerk)
    planned.refresh_from_db()
    return planned


@pytest.fixture
def started_task(task, leader):
    """A task whose plan the leader approved: the finance and housing bureaus owe work."""
    task_transition(task=task, action="approve_plan", by=leader)
    task.refresh_from_db()
    return task


@pytest.fixture
def finance_work(started_task, county):
    """The finance bureau's assignment on the started task."""
    return started_task.assignments.get(department=county.finance)


def report(assignment, user, text="已拨付首期经费。"):
    return ProgressReport.objects.create(assignment=assignment, author=user, text=text)
