"""The year's track plan in a real browser, on a phone: the lead department places a community
and submits the plan, the leader returns it with a reason from the 待办, the lead department
sees the reason, fixes it and submits again, and the leader approves it after confirming."""

from decimal import Decimal

import pytest

from supervision.models import Community, CommunityTrack
from tests.builders import catalogue_build
from tests.conftest import PASSWORD
from workflows.models import TrackPlan

from .conftest import PHONE, fits_phone, login

pytestmark = pytest.mark.browser


def test_the_track_plan_from_draft_to_approval_on_a_phone(
    live_server, open_page, screenshot, county, lead_clerk, leader
):
    catalogue_build(county.campaign)
    xinmen = Community.objects.create(
        town=county.town, name="西门社区", households=300, premises_area=Decimal("180")
    )
    clerk = open_page(viewport=PHONE)
    login(clerk, live_server, lead_clerk.username, PASSWORD)
    clerk.goto(f"{live_server.url}/")
    clerk.locator(".mainnav").get_by_role("link", name="类别计划").click()
    clerk.wait_for_load_state()
    assert clerk.locator("h1").inner_text() == "2015年创建类别计划"
    fits_phone(clerk)
    # The balance's 未定类别 figure opens the list it counts.
    clerk.locator("#track-balance").get_by_role("link", name="1").last.click()
    clerk.wait_for_load_state()
    assert "共 1 条" in clerk.locator("main").inner_text()
    row = clerk.locator("tr").filter(has_text="西门社区")
    assert "明年达标" in row.inner_text() and "JC-01 自报180，标准300" in row.inner_text()
    row.get_by_label("西门社区的创建类别").select_option(label="明年达标")
    clerk.get_by_role("button", name="保存本页类别").click()
    clerk.wait_for_load_state()
    assert "已保存：1个社区的创建类别有变动。" in clerk.locator(".messages").inner_text()
    assert CommunityTrack.of(campaign=county.campaign, community=xinmen) == "prepare"
    clerk.get_by_role("button", name="报批类别计划").click()
    clerk.wait_for_load_state()
    assert "当前状态：待县领导审批" in clerk.locator(".messages").inner_text()
    screenshot(clerk, "track-plan-submitted-phone")

    boss = open_page(viewport=PHONE)
    login(boss, live_server, leader.username, PASSWORD)
    boss.goto(f"{live_server.url}/inbox/")
    boss.locator("#track_plans_to_decide").get_by_role("link").first.click()
    boss.wait_for_load_state()
    fits_phone(boss)
    boss.get_by_role("button", name="退回修改").click()
    boss.wait_for_load_state()
    assert "退回修改须填写理由" in boss.locator(".messages").inner_text()
    boss.get_by_label("意见（退回修改时必须填写理由）").fill(
        "湘赣社区尚未创建成功，请改列今年创建。"
    )
    boss.get_by_role("button", name="退回修改").click()
    boss.wait_for_load_state()
    assert "当前状态：编制中" in boss.locator(".messages").inner_text()

    clerk.goto(f"{live_server.url}/inbox/")
    returned = clerk.locator("#track_plans_returned")
    assert "湘赣社区尚未创建成功，请改列今年创建。" in returned.inner_text()
    returned.get_by_role("link").first.click()
    clerk.wait_for_load_state()
    assert "湘赣社区尚未创建成功" in clerk.locator(".banner").inner_text()
    clerk.get_by_label("湘赣社区的创建类别").select_option(label="今年创建")
    clerk.get_by_role("button", name="保存本页类别").click()
    clerk.wait_for_load_state()
    clerk.get_by_role("button", name="报批类别计划").click()
    clerk.wait_for_load_state()

    boss.goto(f"{live_server.url}/tracks/")
    boss.get_by_role("button", name="批准类别计划").click()
    boss.wait_for_load_state()
    assert "此操作不能撤销" in boss.locator("main").inner_text()
    fits_phone(boss)
    boss.get_by_role("button", name="确认").click()
    boss.wait_for_load_state()
    assert "当前状态：已批准" in boss.locator(".messages").inner_text()
    screenshot(boss, "track-plan-approved-phone")
    assert TrackPlan.objects.get().state == TrackPlan.State.APPROVED
    clerk.goto(f"{live_server.url}/tracks/")
    assert clerk.get_by_role("button", name="保存本页类别").count() == 0
