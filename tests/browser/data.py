"""Small data for the browser tests, built with the suite's one set of builders."""

from datetime import date
from io import BytesIO

from PIL import Image

from assessments.models import Inspection, ScoringPeriod
from assessments.scoring import circular_generate, circular_transition, scores_compute
from assessments.services import FindingInput, inspection_record, order_issue
from tests.builders import catalogue_of_two_build, started_task

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(width=64, height=48) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (46, 139, 87)).save(buffer, format="PNG")
    return buffer.getvalue()


def campaign_under_way_build(county, leader, inspector):
    """A started task, a failed spot-check of it and a rectification order to 房管."""
    started_task(county, leader)
    catalogue = catalogue_of_two_build(county.campaign)
    by_code = {i.code: i for i in catalogue.indicators.all()}
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=[
            FindingInput(indicator=by_code["JC-01"], measured_value=120),
            FindingInput(indicator=by_code["DJ-01"], met=True),
        ],
    )
    order_issue(
        finding=inspection.findings.get(indicator__code="JC-01"),
        by=inspector,
        requirement="协调落实社区管理和服务用房，不少于300平方米。",
        deadline=date(2015, 9, 30),
        responsible_department=county.housing,
    )


def scored_period_build(county, *, month: int = 9):
    """A month of the campaign scored from the inspections recorded so far (dated in it)."""
    period = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label=f"{county.campaign.year}年{month}月",
        starts_on=date(county.campaign.year, month, 1),
        ends_on=date(county.campaign.year, month, 30),
    )
    Inspection.objects.update(inspected_on=date(county.campaign.year, month, 15))
    return scores_compute(period=period)


def circular_published_build(county, lead_clerk, leader):
    """The scored month's circular, drafted by the lead department and published."""
    circular = circular_generate(period=scored_period_build(county), by=lead_clerk)
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=circular, action=action, by=actor)
    return circular
