"""Each role starts its main job from its 待办: it clicks the item there (never types the
object's address), acts, and notices the outcome: the message, the new state, the item gone
from the page and the top bar's count down, and the reason before whoever must act next."""

import re
from datetime import date

import pytest

from assessments.models import Inspection, RectificationOrder
from assessments.services import (
    FindingInput,
    inspection_record,
    order_issue,
    order_transition,
    spot_check_draw,
)
from tests.builders import catalogue_of_two_build, planned_task, started_task
from tests.conftest import PASSWORD
from workflows.models import Assignment, CreationTask, ProgressReport, Reminder
from workflows.services import assignment_transition, reminder_send, task_transition

from .conftest import DESKTOP, PHONE, fits_phone, login
from .data import campaign_under_way_build

pytestmark = pytest.mark.browser

REASON_FIELD = "意见（不予通过时必须填写理由）"


def message(page) -> str:
    return page.locator(".messages").inner_text()


def top_bar_count(page) -> int:
    """The figure beside 待办 in the top bar (none shown when nothing waits)."""
    count = page.locator(".inbox-link .count")
    return int(count.inner_text()) if count.count() else 0


def open_inbox(page):
    """Go to the 待办 the way a person does: by the top bar's link. It reads in Chinese."""
    page.locator(".inbox-link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "待办"
    text = page.locator("main").inner_text()
    assert "领取" not in text
    assert not re.search(r"[A-Za-z]{4,}", text), f"English on the 待办: {text}"


def inbox_of(open_page, live_server, user, viewport=PHONE):
    page = open_page(viewport=viewport)
    login(page, live_server, user.username, PASSWORD)
    open_inbox(page)
    return page


def section_counts(page) -> int:
    """The sum of the counts the sections show: the top bar must say the same."""
    return sum(int(n) for n in page.locator("section.inbox h2 .count").all_inner_texts())


def submitted(work, by):
    assignment_transition(assignment=work, action="start_work", by=by)
    ProgressReport.objects.create(assignment=work, author=by, text="已办结，材料齐全。")
    assignment_transition(assignment=work, action="submit", by=by)


def accepted(work, by, lead):
    submitted(work, by)
    assignment_transition(assignment=work, action="accept", by=lead)


def second_plan(county, lead_clerk) -> CreationTask:
    """湘赣社区's plan, submitted too (the duty matrix is the one `planned_task` built)."""
    task = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    task_transition(task=task, action="submit_plan", by=lead_clerk)
    return task


def inspected_and_passing(county, leader, inspector, dept_clerk, other_dept_clerk, lead_clerk):
    """二机社区's task: both departments' work accepted, an acceptance inspection scored 100."""
    task = started_task(county, leader)
    accepted(task.assignments.get(department=county.finance), dept_clerk, lead_clerk)
    accepted(task.assignments.get(department=county.housing), other_dept_clerk, lead_clerk)
    catalogue = catalogue_of_two_build(county.campaign)
    by_code = {i.code: i for i in catalogue.indicators.all()}
    inspection_record(
        community=county.community,
        kind="acceptance",
        by=inspector,
        findings=[
            FindingInput(indicator=by_code["JC-01"], measured_value=320),
            FindingInput(indicator=by_code["DJ-01"], met=True),
        ],
    )
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED
    return task


# The leader ----------------------------------------------------------------------------------


def test_leader_refuses_a_pass_from_the_inbox_and_the_community_reads_the_reason(
    live_server,
    open_page,
    screenshot,
    county,
    leader,
    inspector,
    dept_clerk,
    other_dept_clerk,
    lead_clerk,
    community_clerk,
):
    task = inspected_and_passing(
        county, leader, inspector, dept_clerk, other_dept_clerk, lead_clerk
    )
    second_plan(county, lead_clerk)
    boss = inbox_of(open_page, live_server, leader)
    fits_phone(boss)
    before = top_bar_count(boss)
    assert before == section_counts(boss) == 2
    passes = boss.locator("#passes_to_decide")
    assert "验收合格，待审批达标" in passes.inner_text()
    screenshot(boss, "inbox-leader-pass-waiting-phone")
    passes.get_by_role("link", name="禾川镇二机社区").click()
    boss.wait_for_load_state()
    assert boss.url.endswith(f"/tasks/{task.pk}/")

    # No reason: refused, said why, nothing changed.
    boss.get_by_role("button", name="不予通过").click()
    boss.wait_for_load_state()
    assert "不予通过须填写理由" in message(boss)
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED
    assert not task.history.filter(action="refuse_pass").exists()

    boss.get_by_label(REASON_FIELD).fill("居民活动室未对外开放，限期整改。")
    boss.get_by_role("button", name="不予通过").click()
    boss.wait_for_load_state()
    assert "已不予通过，当前状态：整改中。" in message(boss)
    fits_phone(boss)
    task.refresh_from_db()
    assert task.state == CreationTask.State.RECTIFYING
    assert task.history.get(action="refuse_pass").comment == "居民活动室未对外开放，限期整改。"
    open_inbox(boss)
    assert not boss.locator("#passes_to_decide").count()
    assert top_bar_count(boss) == before - 1

    # The community, which must put it right, finds the task in its 待办 with the reason.
    clerk = inbox_of(open_page, live_server, community_clerk)
    fits_phone(clerk)
    assert "居民活动室未对外开放，限期整改。" in clerk.locator("main").inner_text()
    waiting = clerk.locator("section.inbox").filter(has_text="居民活动室未对外开放")
    screenshot(clerk, "inbox-community-reads-refusal-phone")
    waiting.get_by_role("link", name="禾川镇二机社区").click()
    clerk.wait_for_load_state()
    banner = clerk.locator(".banner.refusal")
    assert "不予通过" in banner.inner_text()
    assert "居民活动室未对外开放，限期整改。" in banner.inner_text()


def test_leader_approves_a_plan_from_the_inbox(
    live_server, open_page, screenshot, county, leader, lead_clerk
):
    task = planned_task(county)
    other = second_plan(county, lead_clerk)
    boss = inbox_of(open_page, live_server, leader, viewport=DESKTOP)
    assert top_bar_count(boss) == 2
    plans = boss.locator("#plans_to_decide")
    assert "创建计划待审批" in plans.inner_text()
    plans.get_by_role("link", name="禾川镇二机社区").click()
    boss.wait_for_load_state()
    assert boss.url.endswith(f"/tasks/{task.pk}/")
    # Approving a plan is not irreversible (it can be rectified later): no second step.
    boss.get_by_role("button", name="批准创建计划").click()
    boss.wait_for_load_state()
    assert "已批准创建计划，当前状态：创建中。" in message(boss)
    task.refresh_from_db()
    assert task.state == CreationTask.State.UNDER_CONSTRUCTION
    assert task.assignments.count() == 2
    open_inbox(boss)
    assert top_bar_count(boss) == 1
    assert "禾川镇二机社区" not in boss.locator("#plans_to_decide").inner_text()
    assert "禾川镇湘赣社区" in boss.locator("#plans_to_decide").inner_text()
    screenshot(boss, "inbox-leader-after-approving-plan")
    other.refresh_from_db()
    assert other.state == CreationTask.State.PLAN_SUBMITTED


def test_leader_approves_a_pass_from_the_inbox_after_confirming(
    live_server,
    open_page,
    screenshot,
    county,
    leader,
    inspector,
    dept_clerk,
    other_dept_clerk,
    lead_clerk,
):
    task = inspected_and_passing(
        county, leader, inspector, dept_clerk, other_dept_clerk, lead_clerk
    )
    boss = inbox_of(open_page, live_server, leader)
    assert top_bar_count(boss) == 1
    boss.locator("#passes_to_decide").get_by_role("link", name="禾川镇二机社区").click()
    boss.wait_for_load_state()
    boss.get_by_role("button", name="审批创建达标").click()
    boss.wait_for_load_state()
    assert "请确认：审批创建达标" in boss.locator("h1").inner_text()
    assert "不能撤销" in boss.locator("main").inner_text()
    fits_phone(boss)
    screenshot(boss, "inbox-leader-confirms-pass-phone")
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED  # nothing done before confirming
    boss.get_by_role("button", name="确认审批创建达标").click()
    boss.wait_for_load_state()
    assert "已审批创建达标，当前状态：创建达标。" in message(boss)
    task.refresh_from_db()
    assert task.state == CreationTask.State.PASSED
    open_inbox(boss)
    assert top_bar_count(boss) == 0
    assert "暂无待办事项。" in boss.locator("main").inner_text()


# The lead department -------------------------------------------------------------------------


def test_lead_department_accepts_two_from_its_inbox_and_reminds_the_overdue(
    live_server, open_page, screenshot, county, leader, dept_clerk, other_dept_clerk, lead_clerk
):
    task = started_task(county, leader)
    finance = task.assignments.get(department=county.finance)
    housing = task.assignments.get(department=county.housing)
    submitted(finance, dept_clerk)
    submitted(housing, other_dept_clerk)
    # 湘赣社区's work, overdue and not reminded today.
    late = second_plan(county, lead_clerk)
    task_transition(task=late, action="approve_plan", by=leader)
    late.assignments.update(deadline=date(2015, 3, 31))

    lead = inbox_of(open_page, live_server, lead_clerk)
    fits_phone(lead)
    assert top_bar_count(lead) == section_counts(lead) == 4
    to_accept = lead.locator("#work_to_accept")
    for box in to_accept.get_by_role("checkbox").all():
        size = box.locator("xpath=..").bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, "a tick too small for a finger"
    button = to_accept.get_by_role("button", name="验收所选").bounding_box()
    assert button["height"] >= 44, "the button is too small for a finger"
    to_accept.get_by_label("选择：二机社区 · 财政 · 落实社区工作经费").check()
    to_accept.get_by_label("选择：二机社区 · 房管 · 协调解决社区管理和服务用房").check()
    screenshot(lead, "inbox-lead-ticks-two-phone")
    to_accept.get_by_role("button", name="验收所选").click()
    lead.wait_for_load_state()
    assert "请确认：验收通过 2 项部门任务" in lead.locator("h1").inner_text()
    assert "不能撤销" in lead.locator("main").inner_text()
    fits_phone(lead)
    finance.refresh_from_db()
    assert finance.state == Assignment.State.SUBMITTED  # nothing done before confirming
    lead.get_by_role("button", name="确认验收通过 2 项").click()
    lead.wait_for_load_state()
    assert "已验收通过 2 项部门任务。" in message(lead)
    for work in (finance, housing):
        work.refresh_from_db()
        assert work.state == Assignment.State.ACCEPTED
    assert not lead.locator("#work_to_accept").count()
    assert top_bar_count(lead) == 2

    overdue = lead.locator("#overdue_to_remind")
    assert "逾期" in overdue.inner_text()
    for box in overdue.get_by_role("checkbox").all():
        box.check()
    overdue.get_by_role("button", name="催办所选").click()
    lead.wait_for_load_state()
    assert "已催办 2 项。" in message(lead)
    assert Reminder.objects.filter(assignment__task=late, sent_by=lead_clerk).count() == 2
    assert not lead.locator("#overdue_to_remind").count()
    assert top_bar_count(lead) == 0
    fits_phone(lead)
    screenshot(lead, "inbox-lead-after-reminding-phone")

    # The finance bureau finds the reminder in its own 待办.
    clerk = inbox_of(open_page, live_server, dept_clerk)
    assert "已超过完成期限" in clerk.locator("#reminders").inner_text()


def test_ticking_nothing_accepts_nothing(
    live_server, open_page, county, leader, dept_clerk, lead_clerk
):
    work = started_task(county, leader).assignments.get(department=county.finance)
    submitted(work, dept_clerk)
    lead = inbox_of(open_page, live_server, lead_clerk, viewport=DESKTOP)
    lead.locator("#work_to_accept").get_by_role("button", name="验收所选").click()
    lead.wait_for_load_state()
    assert "请先勾选要验收的部门任务。" in message(lead)
    work.refresh_from_db()
    assert work.state == Assignment.State.SUBMITTED
    assert top_bar_count(lead) == 1


# A department --------------------------------------------------------------------------------


def test_department_redoes_returned_work_from_its_inbox(
    live_server, open_page, screenshot, county, leader, dept_clerk, lead_clerk
):
    work = started_task(county, leader).assignments.get(department=county.finance)
    submitted(work, dept_clerk)
    assignment_transition(
        assignment=work, action="return_work", by=lead_clerk, comment="缺少拨款凭证，请补充。"
    )
    reminder_send(assignment=work, by=lead_clerk, message="请本周内补齐凭证。")

    clerk = inbox_of(open_page, live_server, dept_clerk)
    fits_phone(clerk)
    before = top_bar_count(clerk)
    assert before == section_counts(clerk) == 2
    to_do = clerk.locator("#work_to_do")
    assert "退回理由：缺少拨款凭证，请补充。" in to_do.inner_text()
    screenshot(clerk, "inbox-department-returned-work-phone")
    to_do.get_by_role("link", name="二机社区 · 财政 · 落实社区工作经费").click()
    clerk.wait_for_load_state()
    banner = clerk.locator(".banner.refusal")
    assert "退回重办" in banner.inner_text() and "缺少拨款凭证，请补充。" in banner.inner_text()
    clerk.get_by_role("button", name="开始办理").click()
    clerk.wait_for_load_state()
    assert "当前状态：办理中" in message(clerk)
    # The reason stays in view until the work is submitted again.
    assert "缺少拨款凭证，请补充。" in clerk.locator(".banner.refusal").inner_text()
    clerk.get_by_label("进展情况").fill("已补充拨款凭证。")
    clerk.get_by_role("button", name="报送", exact=True).click()
    clerk.wait_for_load_state()
    assert "进展报告已报送。" in message(clerk)
    clerk.get_by_role("button", name="提交验收").click()
    clerk.wait_for_load_state()
    assert "当前状态：已提交" in message(clerk)
    assert not clerk.locator(".banner.refusal").count()
    fits_phone(clerk)
    work.refresh_from_db()
    assert work.state == Assignment.State.SUBMITTED
    open_inbox(clerk)
    assert not clerk.locator("#work_to_do").count()
    assert top_bar_count(clerk) == before - 1

    # Back with the lead department to accept.
    lead = inbox_of(open_page, live_server, lead_clerk)
    assert "二机社区 · 财政 · 落实社区工作经费" in lead.locator("#work_to_accept").inner_text()


# An inspector --------------------------------------------------------------------------------


def test_inspector_verifies_an_answered_order_from_the_inbox_after_confirming(
    live_server, open_page, screenshot, county, leader, inspector, other_dept_clerk
):
    campaign_under_way_build(county, leader, inspector)
    order = RectificationOrder.objects.get()
    order_transition(
        order=order, action="answer", by=other_dept_clerk, answer="已调剂用房320平方米。"
    )
    spot_check_draw(
        campaign=county.campaign, by=inspector, community_count=1, indicator_count=1, seed=7
    )

    checker = inbox_of(open_page, live_server, inspector)
    fits_phone(checker)
    before = top_bar_count(checker)
    assert before == section_counts(checker) == 2
    checker.locator("#orders_to_verify").get_by_role("link", name="二机社区 · JC-01").click()
    checker.wait_for_load_state()
    assert "已调剂用房320平方米。" in checker.locator("main").inner_text()
    checker.get_by_role("button", name="核验通过，销号").click()
    checker.wait_for_load_state()
    assert "请确认：核验销号" in checker.locator("h1").inner_text()
    fits_phone(checker)
    screenshot(checker, "inbox-inspector-confirms-verify-phone")
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED
    checker.get_by_role("button", name="确认核验销号").click()
    checker.wait_for_load_state()
    assert "整改已核验销号。" in message(checker)
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.VERIFIED
    open_inbox(checker)
    assert not checker.locator("#orders_to_verify").count()
    assert top_bar_count(checker) == before - 1


def test_inspector_records_a_drawn_spot_check_from_the_inbox(
    live_server, open_page, screenshot, county, leader, inspector
):
    started_task(county, leader)
    # 湘赣 is on the distinctive track: the two standards hold for it too, so it is drawn some.
    catalogue_of_two_build(county.campaign).indicators.update(for_distinctive=True)
    draw = spot_check_draw(
        campaign=county.campaign, by=inspector, community_count=2, indicator_count=2, seed=7
    )

    checker = inbox_of(open_page, live_server, inspector)
    fits_phone(checker)
    assert top_bar_count(checker) == 2
    checker.locator("#spot_checks_due").get_by_role("link", name="禾川镇二机社区").click()
    checker.wait_for_load_state()
    assert "录入督查：二机社区" in checker.locator("h1").inner_text()
    assert checker.locator("section.finding").count() == 2
    premises = checker.locator("section.finding").filter(has_text="JC-01")
    premises.get_by_label("实测值").fill("320")
    party = checker.locator("section.finding").filter(has_text="DJ-01")
    party.get_by_label("达标", exact=True).check()
    fits_phone(checker)
    checker.get_by_role("button", name="保存督查结果").click()
    checker.wait_for_load_state()
    assert "督查结果已保存：得分 100" in message(checker)
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.draw, inspection.community) == (
        "spot_check",
        draw,
        county.community,
    )
    open_inbox(checker)
    assert top_bar_count(checker) == 1
    spot_checks = checker.locator("#spot_checks_due").inner_text()
    assert "二机社区" not in spot_checks and "湘赣社区" in spot_checks


# A community ---------------------------------------------------------------------------------


def test_community_answers_its_order_from_the_inbox(
    live_server, open_page, screenshot, county, leader, inspector, community_clerk
):
    started_task(county, leader)
    catalogue = catalogue_of_two_build(county.campaign)
    party = catalogue.indicators.get(code="DJ-01")
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=[FindingInput(indicator=party, met=False)],
    )
    order = order_issue(
        finding=inspection.findings.get(),
        by=inspector,
        requirement="健全社区党组织，按期换届。",
        deadline=date(2015, 10, 31),
        responsible_community=county.community,
    )

    clerk = inbox_of(open_page, live_server, community_clerk)
    fits_phone(clerk)
    before = top_bar_count(clerk)
    assert before == section_counts(clerk)
    to_answer = clerk.locator("#orders_to_answer")
    assert "整改期限 2015-10-31" in to_answer.inner_text()
    screenshot(clerk, "inbox-community-order-phone")
    to_answer.get_by_role("link", name="二机社区 · DJ-01 五好社区党组织").click()
    clerk.wait_for_load_state()
    assert "健全社区党组织，按期换届。" in clerk.locator("main").inner_text()
    # An empty answer is refused and changes nothing.
    clerk.get_by_role("button", name="提交反馈").click()
    clerk.wait_for_load_state()
    assert "请填写整改情况。" in message(clerk)
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ISSUED
    clerk.get_by_label("整改情况").fill("已完成社区党组织换届选举。")
    clerk.get_by_role("button", name="提交反馈").click()
    clerk.wait_for_load_state()
    assert "整改情况已反馈。" in message(clerk)
    fits_phone(clerk)
    order.refresh_from_db()
    assert order.state == RectificationOrder.State.ANSWERED
    assert order.answer == "已完成社区党组织换届选举。"
    open_inbox(clerk)
    assert not clerk.locator("#orders_to_answer").count()
    assert top_bar_count(clerk) == before - 1
    screenshot(clerk, "inbox-community-after-answering-phone")
