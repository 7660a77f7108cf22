from datetime import date

import pytest

from assessments.services import inspection_record, order_issue
from tests.assessments.helpers import rows
from tests.assessments.hostile import Importer
from tests.builders import catalogue_build
from workflows.models import CreationTask


@pytest.fixture
def catalogue(county):
    return catalogue_build(county.campaign)


def indicator(catalogue, code):
    return catalogue.indicators.get(code=code)


@pytest.fixture
def task_under_construction(county):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    # Tests start from construction; the way there is the workflows tests' business.
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)
    task.refresh_from_db()
    return task


@pytest.fixture
def scored_county(county, catalogue, inspector, lead_clerk):
    """The hand-scored county of tests/assessments/scoring_county.py: (三桥, March, April)."""
    from tests.assessments.scoring_county import build

    return build(county, catalogue, inspector, lead_clerk)


@pytest.fixture
def importer(client_for, lead_clerk, tmp_path):
    """Import a file by function, page or command: tests/assessments/hostile.py `Importer`."""
    return Importer(client_for(lead_clerk), tmp_path)


@pytest.fixture
def failed_finding(county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, premises="200"),
    )
    return inspection.findings.get(indicator__code="JC-01")


@pytest.fixture
def order(county, failed_finding, inspector):
    return order_issue(
        finding=failed_finding,
        by=inspector,
        requirement="补足用房",
        deadline=date(2015, 9, 30),
        responsible_department=county.housing,
    )
