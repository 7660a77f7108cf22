"""A leader publishes a circular end to end: the lead department drafts it from a scored
period and submits it; the leader approves and publishes it from the home page; everyone
then reads it under its serial number, on screen and on the printable page."""

import pytest

from assessments.models import Circular
from tests.conftest import PASSWORD

from .conftest import PHONE, login
from .data import campaign_under_way_build, scored_period_build

pytestmark = pytest.mark.browser


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_leader_publishes_a_circular_drafted_by_the_lead_department(
    live_server, open_page, screenshot, county, leader, lead_clerk, inspector, dept_clerk
):
    campaign_under_way_build(county, leader, inspector)
    period = scored_period_build(county)

    lead = open_page()
    login(lead, live_server, lead_clerk.username, PASSWORD)
    lead.get_by_role("link", name="考核得分").click()
    lead.get_by_role("link", name="2015年9月").click()
    assert "2015年9月考核得分" in lead.locator("h1").inner_text()
    assert "二机社区" in lead.locator("main").inner_text()
    screenshot(lead, "job-circular-1-period")
    lead.get_by_role("button", name="生成通报草稿").click()
    lead.wait_for_load_state()
    assert "重新计分并生成通报草稿" in message(lead)
    assert lead.locator("h1").inner_text() == "2015年9月创建工作进展情况通报"
    lead.get_by_role("link", name="修改文字").click()
    lead.get_by_label("总体情况").fill("九月，各部门对照职责推进创建工作。")
    lead.get_by_role("button", name="保存").click()
    lead.wait_for_load_state()
    assert "通报文字已保存。" in message(lead)
    lead.get_by_role("button", name="报送审批").click()
    lead.wait_for_load_state()
    assert "当前状态：已报审" in message(lead)
    screenshot(lead, "job-circular-2-submitted")

    boss = open_page()
    login(boss, live_server, leader.username, PASSWORD)
    waiting = boss.locator("#circulars-waiting")
    assert "2015年9月创建工作进展情况通报" in waiting.inner_text()
    screenshot(boss, "job-circular-3-leader-home")
    waiting.get_by_role("link", name="去审批").click()
    boss.get_by_label("意见（退回修改时必须填写理由）").fill("同意印发。")
    boss.get_by_role("button", name="审批同意").click()
    boss.wait_for_load_state()
    assert "当前状态：已审批" in message(boss)
    boss.get_by_role("button", name="发布").click()
    boss.wait_for_load_state()
    # Publishing cannot be undone: a second step says what it does, and confirms.
    assert "请确认：发布" in boss.locator("h1").inner_text()
    assert "所有部门和社区都能看到" in boss.locator("main").inner_text()
    screenshot(boss, "job-circular-4-confirm-publication")
    boss.get_by_role("button", name="确认发布").click()
    boss.wait_for_load_state()
    assert "当前状态：已发布" in message(boss)
    assert "2015年第1期" in boss.locator("h1").inner_text()
    assert not boss.get_by_role("link", name="修改文字").count()
    screenshot(boss, "job-circular-4-published")
    circular = Circular.objects.get()
    assert (circular.state, circular.serial_number, circular.period) == ("published", 1, period)
    assert [e.target for e in circular.events.order_by("at", "id")] == [
        "submitted",
        "approved",
        "published",
    ]

    # Every department reads it now, and prints it from a phone if need be.
    reader = open_page(viewport=PHONE)
    login(reader, live_server, dept_clerk.username, PASSWORD)
    reader.get_by_role("link", name="进展通报").click()
    reader.get_by_role("link", name="2015年9月创建工作进展情况通报").click()
    reader.get_by_role("link", name="打印版").click()
    reader.wait_for_load_state()
    assert reader.locator(".masthead .serial").inner_text() == "2015年第1期"
    assert "九月，各部门对照职责推进创建工作。" in reader.locator("body").inner_text()
    assert reader.get_by_role("button", name="打印").is_visible()
    screenshot(reader, "job-circular-5-print-phone")
