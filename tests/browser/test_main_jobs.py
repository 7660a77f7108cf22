"""Each role does its main job end to end in a real browser; screenshots for the record."""

import pytest

from tests.builders import catalogue_of_two_build, planned_task, started_task, work_accepted
from tests.conftest import PASSWORD
from workflows.models import Assignment, CreationTask, ProgressReport
from workflows.services import assignment_transition

from .conftest import PHONE, fits_phone, login
from .data import TINY_PDF, png_bytes

pytestmark = pytest.mark.browser


def test_leader_approves_a_plan_from_the_task_page(
    live_server, open_page, screenshot, county, leader
):
    task = planned_task(county)
    page = open_page()
    login(page, live_server, leader.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    page.get_by_label("意见（退回修改时必须填写理由）").fill("同意按计划启动创建。")
    page.get_by_role("button", name="批准创建计划").click()
    page.wait_for_load_state()
    assert "已批准创建计划，当前状态：创建中。" in page.locator(".messages").inner_text()
    assert page.locator(".facts dd strong").first.inner_text() == "创建中"
    screenshot(page, "job-leader-approves-plan")
    task.refresh_from_db()
    assert task.state == CreationTask.State.UNDER_CONSTRUCTION
    assert task.assignments.count() == 2


def test_department_reports_with_a_pdf_and_submits_its_assignment(
    live_server, open_page, screenshot, county, leader, dept_clerk, tmp_path
):
    work = started_task(county, leader).assignments.get(department=county.finance)
    pdf = tmp_path / "经费拨付文件.pdf"
    pdf.write_bytes(TINY_PDF)
    page = open_page()
    login(page, live_server, dept_clerk.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/assignments/")
    page.get_by_role("link", name="落实社区工作经费").click()
    page.get_by_role("button", name="开始办理").click()
    page.wait_for_load_state()
    assert "当前状态：办理中" in page.locator(".messages").inner_text()
    page.get_by_label("进展情况").fill("已拨付首期社区工作经费20万元。")
    page.get_by_label("佐证材料").set_input_files(str(pdf))
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_load_state()
    assert "进展报告已报送。" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="经费拨付文件.pdf").is_visible()
    page.get_by_role("button", name="提交验收").click()
    page.wait_for_load_state()
    assert "当前状态：已提交" in page.locator(".messages").inner_text()
    screenshot(page, "job-department-submits-assignment")
    work.refresh_from_db()
    assert work.state == Assignment.State.SUBMITTED
    evidence = work.reports.get().evidence.get()
    assert evidence.original_name == "经费拨付文件.pdf"
    assert evidence.file.read().startswith(b"%PDF-1.4")


def test_inspector_records_an_acceptance_inspection_with_a_photo_on_a_phone(
    live_server, open_page, screenshot, county, leader, inspector, tmp_path
):
    task = work_accepted(started_task(county, leader))
    catalogue_of_two_build(county.campaign)
    photo = tmp_path / "现场.png"
    photo.write_bytes(png_bytes())
    page = open_page(viewport=PHONE)
    login(page, live_server, inspector.username, PASSWORD)
    page.goto(f"{live_server.url}/assessments/inspections/")
    fits_phone(page)
    page.locator("#pick-community").select_option(label="禾川镇 · 二机社区")
    page.locator("#pick-kind").select_option(label="验收")
    page.get_by_role("button", name="开始录入").click()
    page.wait_for_load_state()
    assert "录入督查：二机社区" in page.locator("h1").inner_text()
    fits_phone(page)
    screenshot(page, "job-inspector-form-phone")
    premises = page.locator("section.finding").filter(has_text="JC-01")
    assert premises.get_by_label("实测值").input_value() in ("300", "300.00")
    premises.get_by_label("现场照片").set_input_files(str(photo))
    party = page.locator("section.finding").filter(has_text="DJ-01")
    party.get_by_label("达标", exact=True).check()
    page.get_by_label("督查意见").fill("用房达标，党组织运行规范。")
    page.get_by_role("button", name="保存督查结果").click()
    page.wait_for_load_state()
    assert "督查结果已保存：得分 100" in page.locator(".messages").inner_text()
    fits_phone(page)
    screenshot(page, "job-inspector-inspection-saved-phone")
    task.refresh_from_db()
    assert task.state == CreationTask.State.INSPECTED
    finding = task.community.inspections.get().findings.get(indicator__code="JC-01")
    assert finding.photos.count() == 1
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    assert page.locator(".facts dd strong").first.inner_text() == "已验收待审批"
    fits_phone(page)
    screenshot(page, "job-inspector-task-inspected-phone")


def test_leader_returns_a_plan_with_a_reason_that_the_lead_department_then_reads(
    live_server, open_page, screenshot, county, leader, lead_clerk
):
    task = planned_task(county)
    boss = open_page(viewport=PHONE)
    login(boss, live_server, leader.username, PASSWORD)
    boss.goto(f"{live_server.url}/tasks/{task.pk}/")
    # A return without a reason is refused and says why.
    boss.get_by_role("button", name="退回修改").click()
    boss.wait_for_load_state()
    assert "退回修改须填写理由" in boss.locator(".messages").inner_text()
    boss.get_by_label("意见（退回修改时必须填写理由）").fill("请补充社区用房选址方案。")
    boss.get_by_role("button", name="退回修改").click()
    boss.wait_for_load_state()
    assert "当前状态：列入计划" in boss.locator(".messages").inner_text()
    fits_phone(boss)
    screenshot(boss, "job-leader-returns-plan-phone")

    lead = open_page(viewport=PHONE)
    login(lead, live_server, lead_clerk.username, PASSWORD)
    lead.goto(f"{live_server.url}/tasks/{task.pk}/")
    banner = lead.locator(".banner.refusal")
    assert banner.is_visible()
    assert "退回修改" in banner.inner_text() and "请补充社区用房选址方案。" in banner.inner_text()
    fits_phone(lead)
    screenshot(lead, "job-lead-reads-the-return-phone")
    lead.get_by_role("button", name="报批创建计划").click()
    lead.wait_for_load_state()
    assert "当前状态：计划待审批" in lead.locator(".messages").inner_text()
    assert not lead.locator(".banner.refusal").count()
    task.refresh_from_db()
    assert task.state == CreationTask.State.PLAN_SUBMITTED


def test_lead_department_accepts_submitted_work_after_confirming(
    live_server, open_page, screenshot, county, leader, dept_clerk, lead_clerk
):
    work = started_task(county, leader).assignments.get(department=county.finance)
    assignment_transition(assignment=work, action="start_work", by=dept_clerk)
    ProgressReport.objects.create(assignment=work, author=dept_clerk, text="已拨付经费。")
    assignment_transition(assignment=work, action="submit", by=dept_clerk)
    page = open_page(viewport=PHONE)
    login(page, live_server, lead_clerk.username, PASSWORD)
    # From the 待办: the submitted work waits there, and its link opens where to act.
    page.goto(f"{live_server.url}/inbox/")
    waiting = page.locator("#work_to_accept")
    assert "部门任务待验收" in waiting.inner_text()
    fits_phone(page)
    screenshot(page, "job-lead-inbox-phone")
    waiting.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/tasks/assignments/{work.pk}/")
    page.get_by_role("button", name="验收通过").click()
    page.wait_for_load_state()
    assert "请确认：验收通过" in page.locator("h1").inner_text()
    assert "不能撤销" in page.locator("main").inner_text()
    fits_phone(page)
    screenshot(page, "job-lead-confirms-acceptance-phone")
    page.get_by_role("button", name="确认验收通过").click()
    page.wait_for_load_state()
    assert "当前状态：已验收" in page.locator(".messages").inner_text()
    work.refresh_from_db()
    assert work.state == Assignment.State.ACCEPTED


def test_lead_department_lets_the_acceptance_go_first_and_the_inspector_is_asked_for_it(
    live_server, open_page, screenshot, county, leader, lead_clerk, inspector
):
    task = started_task(county, leader)
    catalogue_of_two_build(county.campaign)
    page = open_page(viewport=PHONE)
    login(page, live_server, lead_clerk.username, PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name="二机社区").first.click()
    page.wait_for_load_state()
    fits_phone(page)
    # No reason: refused at once, nothing recorded.
    page.get_by_role("button", name="准许先行验收").click()
    page.wait_for_load_state()
    assert "准许先行验收须填写理由" in page.locator(".messages").inner_text()
    assert not task.history.filter(action="waive_work").exists()
    page.get_by_label("意见（准许先行验收时必须填写理由）").fill("房管局用房手续在办，先行验收。")
    page.get_by_role("button", name="准许先行验收").click()
    page.wait_for_load_state()
    assert "已准许先行验收，当前状态：创建中。" in page.locator(".messages").inner_text()
    assert "房管局用房手续在办，先行验收。" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="准许先行验收").count() == 0
    screenshot(page, "job-lead-department-waives-phone")

    inspector_page = open_page(viewport=PHONE)
    login(inspector_page, live_server, inspector.username, PASSWORD)
    inspector_page.goto(f"{live_server.url}/inbox/")
    due = inspector_page.locator("#acceptances_due")
    assert "二机社区" in due.inner_text()
    due.get_by_role("link").first.click()
    inspector_page.wait_for_load_state()
    assert "录入督查：二机社区" in inspector_page.locator("h1").inner_text()
    assert inspector_page.locator("#id_kind").input_value() == "acceptance"
