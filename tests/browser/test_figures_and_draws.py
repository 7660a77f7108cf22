"""In a real browser, on a phone: the lead department follows a figure of the circular to the
list it counts; an inspector reads a draw's standards, each community's from its own track."""

import re

import pytest
from django.urls import reverse

from assessments.scoring import circular_generate
from assessments.services import spot_check_draw
from tests.conftest import PASSWORD

from .conftest import PHONE, fits_phone, login
from .data import campaign_under_way_build, scored_period_build

pytestmark = pytest.mark.browser


def test_lead_department_follows_a_circular_figure_to_its_list_on_a_phone(
    live_server, open_page, screenshot, county, leader, lead_clerk, inspector
):
    campaign_under_way_build(county, leader, inspector)
    circular = circular_generate(period=scored_period_build(county), by=lead_clerk)
    page = open_page(viewport=PHONE)
    login(page, live_server, lead_clerk.username, PASSWORD)
    page.goto(live_server.url + reverse("assessments:circular_detail", args=[circular.pk]))
    figures = page.locator("a[data-figure^='state-']")
    figure = next(
        figures.nth(i) for i in range(figures.count()) if figures.nth(i).inner_text() != "0"
    )
    number = figure.inner_text().strip()
    figure.click()
    page.wait_for_load_state()
    total = re.search(r"共 (\d+) 条", page.locator(".list-total").inner_text()).group(1)
    assert total == number
    assert page.locator("article.report").count() == int(number)
    fits_phone(page)
    screenshot(page, "figure-list-phone")


def test_inspector_reads_each_communitys_drawn_standards_on_a_phone(
    live_server, open_page, screenshot, county, leader, lead_clerk, inspector
):
    campaign_under_way_build(county, leader, inspector)
    draw = spot_check_draw(
        campaign=county.campaign, by=inspector, community_count=2, indicator_count=1, seed=11
    )
    page = open_page(viewport=PHONE)
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(live_server.url + reverse("assessments:draw_detail", args=[draw.pk]))
    assert "每个社区的指标从其创建类别适用的指标中抽取" in page.content()
    # A community whose track has no standard to draw has nothing to record.
    with_standards = draw.picks.values("community").distinct().count()
    assert page.get_by_role("link", name="录入抽查").count() == with_standards >= 1
    box = page.get_by_role("link", name="录入抽查").first.bounding_box()
    assert box["height"] >= 44
    fits_phone(page)
    screenshot(page, "draw-standards-phone")
