"""Every list opens for each of its users, without console errors, and fits a phone."""

import pytest

from tests.conftest import PASSWORD

from .conftest import DESKTOP, PHONE, login
from .data import campaign_under_way_build, circular_published_build

pytestmark = pytest.mark.browser

LISTS = {
    "communities": "/communities/",
    "tasks": "/tasks/",
    "assignments": "/tasks/assignments/",
    "inspections": "/assessments/inspections/",
    "findings": "/assessments/findings/",
    "orders": "/assessments/orders/",
    "circulars": "/assessments/circulars/",
    "periods": "/assessments/periods/",
}
USERS = {
    "communities": ["leader", "lead_clerk", "inspector", "administrator"],
    "tasks": ["leader", "lead_clerk", "dept_clerk", "inspector", "community_clerk"],
    "assignments": ["lead_clerk", "dept_clerk", "leader"],
    "inspections": ["inspector", "leader", "community_clerk"],
    "findings": ["inspector", "lead_clerk", "community_clerk"],
    "orders": ["lead_clerk", "other_dept_clerk", "community_clerk", "inspector"],
    "circulars": ["leader", "lead_clerk", "dept_clerk", "community_clerk"],
    "periods": ["leader", "lead_clerk", "inspector"],
}
CASES = [(name, persona) for name, personas in USERS.items() for persona in personas]


@pytest.fixture
def campaign_under_way(county, leader, inspector, lead_clerk):
    campaign_under_way_build(county, leader, inspector)
    circular_published_build(county, lead_clerk, leader)


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
