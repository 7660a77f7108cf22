"""Every list opens for each of its users, without console errors, and fits a phone."""

from datetime import date

import pytest

from assessments.services import FindingInput, inspection_record, order_issue
from tests.conftest import PASSWORD

from .conftest import DESKTOP, PHONE, login
from .data import catalogue_build, started_task

pytestmark = pytest.mark.browser

LISTS = {
    "communities": "/communities/",
    "tasks": "/tasks/",
    "assignments": "/tasks/assignments/",
    "inspections": "/assessments/inspections/",
    "findings": "/assessments/findings/",
    "orders": "/assessments/orders/",
}
USERS = {
    "communities": ["leader", "lead_clerk", "inspector", "administrator"],
    "tasks": ["leader", "lead_clerk", "dept_clerk", "inspector", "community_clerk"],
    "assignments": ["lead_clerk", "dept_clerk", "leader"],
    "inspections": ["inspector", "leader", "community_clerk"],
    "findings": ["inspector", "lead_clerk", "community_clerk"],
    "orders": ["lead_clerk", "other_dept_clerk", "community_clerk", "inspector"],
}
CASES = [(name, persona) for name, personas in USERS.items() for persona in personas]


@pytest.fixture
def campaign_under_way(county, leader, inspector):
    """A started task, a failed spot-check of it and a rectification order to 房管."""
    started_task(county, leader)
    catalogue = catalogue_build(county)
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


@pytest.mark.parametrize("name, persona", CASES)
def test_list_opens_for_its_user_and_fits_a_phone(
    request, live_server, open_page, screenshot, campaign_under_way, name, persona
):
    user = request.getfixturevalue(persona)
    page = open_page(viewport=PHONE)
    login(page, live_server, user.username, PASSWORD)
    response = page.goto(f"{live_server.url}{LISTS[name]}")
    assert response.status == 200
    assert page.locator("table.table").first.is_visible()
    assert page.get_by_role("link", name="导出 Excel").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a phone for {persona}"
    screenshot(page, f"list-{name}-{persona}-phone")


@pytest.mark.parametrize("name", list(LISTS))
def test_list_sorts_and_exports_on_a_desktop(
    live_server, open_page, screenshot, campaign_under_way, lead_clerk, name
):
    page = open_page(viewport=DESKTOP)
    login(page, live_server, lead_clerk.username, PASSWORD)
    page.goto(f"{live_server.url}{LISTS[name]}")
    page.locator("table.table th.orderable a").first.click()
    page.wait_for_load_state()
    assert "sort=" in page.url
    screenshot(page, f"list-{name}-desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
