from decimal import Decimal

import pytest

from assessments.models import Catalogue, Indicator, Measure, WorkArea
from tests.assessments.hostile import Importer
from workflows.models import CreationTask


@pytest.fixture
def catalogue(county):
    """A small catalogue: a critical premises standard, an elderly-care ratio and a yes/no one."""
    catalogue = Catalogue.objects.create(campaign=county.campaign, title="2015年创建标准")
    Indicator.objects.create(
        catalogue=catalogue,
        code="JC-01",
        name="管理和服务用房不少于300平方米",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.AT_LEAST,
        fact="premises_area",
        threshold=Decimal("300"),
        points=Decimal("40"),
        is_critical=True,
        sort_order=1,
    )
    Indicator.objects.create(
        catalogue=catalogue,
        code="JC-02",
        name="养老服务用房每百户20平方米",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.PER_100_HOUSEHOLDS,
        fact="elderly_care_area",
        threshold=Decimal("20"),
        points=Decimal("20"),
        sort_order=2,
    )
    Indicator.objects.create(
        catalogue=catalogue,
        code="DJ-01",
        name="五好社区党组织",
        work_area=WorkArea.PARTY_BUILDING,
        measure=Measure.YES_NO,
        points=Decimal("40"),
        sort_order=3,
    )
    return catalogue


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
