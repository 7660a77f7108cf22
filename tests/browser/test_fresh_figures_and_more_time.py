"""Two jobs in a real browser: a leader who would publish figures older than the data is
stopped and recounts in one step; a department asks for more time and the lead department
grants it from its 待办, on a phone."""

from datetime import date

import pytest
from freezegun import freeze_time

from assessments.models import Circular, Inspection, RectificationOrder
from assessments.scoring import circular_generate, circular_transition
from tests.builders import started_task
from tests.conftest import PASSWORD
from workflows.models import Assignment, ExtensionRequest

from .conftest import PHONE, login
from .data import campaign_under_way_build, scored_period_build

pytestmark = pytest.mark.browser


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_leader_is_stopped_from_publishing_stale_figures_and_recounts_in_one_step(
    live_server, open_page, screenshot, county, leader, lead_clerk, inspector
):
    campaign_under_way_build(county, leader, inspector)
    period = scored_period_build(county)
    circular = circular_generate(period=period, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    circular_transition(circular=circular, action="approve", by=leader)
    # An inspection of the month recorded after the figures were counted (the 城南 case).
    late = Inspection.objects.get()
    late.pk = None
    late.save()
    Inspection.objects.filter(pk=late.pk).update(inspected_on=date(county.campaign.year, 9, 20))

    boss = open_page(viewport=PHONE)
    login(boss, live_server, leader.username, PASSWORD)
    boss.goto(f"{live_server.url}/assessments/circulars/{circular.pk}/")
    banner = boss.locator(".banner.warning")
    assert "通报中的数字已过时" in banner.inner_text()
    assert not boss.get_by_role("button", name="发布").count()
    screenshot(boss, "job-leader-stale-circular-phone")
    boss.get_by_role("button", name="重新计分并更新草稿").click()
    boss.wait_for_load_state()
    assert "已重新计分并更新草稿" in message(boss)
    assert not boss.locator(".banner.warning").count()
    boss.get_by_role("button", name="发布").click()
    boss.wait_for_load_state()
    boss.get_by_role("button", name="确认发布").click()
    boss.wait_for_load_state()
    assert "当前状态：已发布" in message(boss)
    circular.refresh_from_db()
    assert circular.state == Circular.State.PUBLISHED
    assert circular.counted_at >= late.recorded_at
    assert [e.action for e in circular.events.order_by("at", "id")][-2:] == ["recount", "publish"]


def test_department_asks_for_more_time_and_the_lead_department_grants_it_from_its_inbox(
    live_server, open_page, screenshot, county, leader, dept_clerk, lead_clerk
):
    with freeze_time("2015-06-01 09:00:00+08:00"):
        work = started_task(county, leader).assignments.get(department=county.finance)
    Assignment.objects.filter(pk=work.pk).update(deadline=date(2015, 6, 30))

    clerk = open_page(viewport=PHONE)
    login(clerk, live_server, dept_clerk.username, PASSWORD)
    clerk.goto(f"{live_server.url}/tasks/assignments/{work.pk}/")
    section = clerk.locator("#extensions")
    section.get_by_label("申请延至").fill("2015-08-31")
    section.get_by_role("button", name="申请延期").click()
    clerk.wait_for_load_state()
    # No reason: refused at the field, the date kept.
    assert "请填写延期理由" in clerk.locator("#extensions").inner_text()
    assert clerk.locator("#extensions").get_by_label("申请延至").input_value() == "2015-08-31"
    clerk.locator("#extensions").get_by_label("延期理由").fill("资金须待县政府常务会研究。")
    clerk.locator("#extensions").get_by_role("button", name="申请延期").click()
    clerk.wait_for_load_state()
    assert "延期申请已提交" in message(clerk)
    screenshot(clerk, "job-department-asks-for-time-phone")

    lead = open_page(viewport=PHONE)
    login(lead, live_server, lead_clerk.username, PASSWORD)
    lead.goto(f"{live_server.url}/inbox/")
    waiting = lead.locator("#extensions_to_decide")
    assert "资金须待县政府常务会研究。" in waiting.inner_text()
    waiting.get_by_role("link").first.click()
    lead.wait_for_load_state()
    lead.locator("#extensions").get_by_role("button", name="同意延期", exact=True).click()
    lead.wait_for_load_state()
    assert "完成期限改为 2015-08-31" in message(lead)
    screenshot(lead, "job-lead-grants-time-phone")
    work.refresh_from_db()
    assert work.deadline == date(2015, 8, 31)
    assert ExtensionRequest.objects.get().state == ExtensionRequest.State.GRANTED


def test_a_department_answers_its_order_from_its_inbox_and_the_inspector_verifies_from_theirs(
    live_server, open_page, screenshot, county, leader, inspector, other_dept_clerk, lead_clerk
):
    campaign_under_way_build(county, leader, inspector)
    order = RectificationOrder.objects.get()

    clerk = open_page(viewport=PHONE)
    login(clerk, live_server, other_dept_clerk.username, PASSWORD)
    clerk.goto(f"{live_server.url}/inbox/")
    waiting = clerk.locator("#orders_to_answer")
    assert "JC-01" in waiting.inner_text()
    waiting.get_by_role("link").first.click()
    clerk.wait_for_load_state()
    clerk.get_by_label("整改情况").fill("已协调县房管局调剂用房320平方米。")
    clerk.get_by_role("button", name="提交反馈").click()
    clerk.wait_for_load_state()
    screenshot(clerk, "job-department-answers-order-phone")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED

    checker = open_page(viewport=PHONE)
    login(checker, live_server, inspector.username, PASSWORD)
    checker.goto(f"{live_server.url}/inbox/")
    waiting = checker.locator("#orders_to_verify")
    assert "JC-01" in waiting.inner_text()
    waiting.get_by_role("link").first.click()
    checker.wait_for_load_state()
    assert "已协调县房管局调剂用房320平方米。" in checker.locator("main").inner_text()
    screenshot(checker, "job-inspector-order-to-verify-phone")
