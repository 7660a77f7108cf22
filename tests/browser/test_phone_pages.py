"""The main pages at a phone's width: nothing scrolls sideways but a table inside its card."""

import pytest

from assessments.models import Circular, Inspection, RectificationOrder
from tests.conftest import PASSWORD
from workflows.models import CreationTask

from .conftest import PHONE, login
from .data import campaign_under_way_build, circular_published_build

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign_under_way(county, leader, inspector, lead_clerk):
    campaign_under_way_build(county, leader, inspector)
    circular_published_build(county, lead_clerk, leader)


def pages(county):
    task = CreationTask.objects.get(community=county.community)
    work = task.assignments.get(department=county.finance)
    inspection = Inspection.objects.get()
    order = RectificationOrder.objects.get()
    circular = Circular.objects.get()
    return {
        "home-leader": ("leader", "/"),
        "home-lead": ("lead_clerk", "/"),
        "home-dept": ("dept_clerk", "/"),
        "home-inspector": ("inspector", "/"),
        "inbox-leader": ("leader", "/inbox/"),
        "inbox-lead": ("lead_clerk", "/inbox/"),
        "inbox-community": ("community_clerk", "/inbox/"),
        "task-leader": ("leader", f"/tasks/{task.pk}/"),
        "assignment-dept": ("dept_clerk", f"/tasks/assignments/{work.pk}/"),
        "inspection-inspector": ("inspector", f"/assessments/inspections/{inspection.pk}/"),
        "order-housing": ("other_dept_clerk", f"/assessments/orders/{order.pk}/"),
        "self-report-community": ("community_clerk", "/assessments/self-report/"),
        "catalogue-inspector": ("inspector", "/assessments/standards/"),
        "spot-check-inspector": ("inspector", "/assessments/spot-checks/"),
        "period-leader": ("leader", f"/assessments/periods/{circular.period_id}/"),
        "circular-leader": ("leader", f"/assessments/circulars/{circular.pk}/"),
        "circular-print-dept": ("dept_clerk", f"/assessments/circulars/{circular.pk}/print/"),
        "assistance-lead": ("lead_clerk", "/assessments/assistance/new/"),
        "home-community": ("community_clerk", "/"),
    }


NAMES = [
    "home-leader",
    "home-lead",
    "home-dept",
    "home-inspector",
    "inbox-leader",
    "inbox-lead",
    "inbox-community",
    "task-leader",
    "assignment-dept",
    "inspection-inspector",
    "order-housing",
    "self-report-community",
    "catalogue-inspector",
    "spot-check-inspector",
    "period-leader",
    "circular-leader",
    "circular-print-dept",
    "assistance-lead",
    "home-community",
]


@pytest.mark.parametrize("name", NAMES)
def test_main_page_fits_a_phone(
    request,
    live_server,
    open_page,
    screenshot,
    county,
    campaign_under_way,
    name,
):
    persona, path = pages(county)[name]
    user = request.getfixturevalue(persona)
    page = open_page(viewport=PHONE)
    login(page, live_server, user.username, PASSWORD)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"phone-{name}")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a phone for {persona}"
