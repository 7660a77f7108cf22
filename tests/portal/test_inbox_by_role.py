"""待办: each role's page lists what waits for *them*, each item linking to where they act,
with the same count in the top bar; acting takes the item off."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.services import inspection_record, order_issue, order_transition
from portal.inbox import inbox_count
from supervision.models import Role
from tests.assessments.helpers import rows
from tests.builders import catalogue_build, make_user, planned_task, started_task, work_accepted
from workflows.models import Assignment, CreationTask, ProgressReport, Reminder
from workflows.services import assignment_transition, task_transition

from ..workflows.conftest import PASSING


def inbox(client) -> str:
    return client.get(reverse("inbox")).content.decode()


def section(html: str, key: str) -> str:
    start = html.find(f'id="{key}"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def top_bar_count(html: str) -> int:
    found = re.search(r'class="inbox-link">待办 <span class="count"[^>]*>(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def shown_total(html: str) -> int:
    return sum(int(n) for n in re.findall(r'<h2>[^<]*<span class="count">(\d+)</span>', html))


def test_the_leader_decides_plans_passes_and_distinctive_candidates(
    county, leader, lead_clerk, inspector, client_for
):
    plan = planned_task(county)  # 二机社区's plan, submitted
    candidate = CreationTask.objects.create(
        campaign=county.campaign, community=county.other_community
    )
    for action, by, extra in [
        ("submit_plan", lead_clerk, {}),
        ("approve_plan", leader, {}),
        ("record_inspection", inspector, {"outcome": PASSING}),
    ]:
        if action == "record_inspection":
            work_accepted(candidate)
        task_transition(task=candidate, action=action, by=by, **extra)
    html = inbox(client_for(leader))
    assert reverse("workflows:task_detail", args=[plan.pk]) in section(html, "plans_to_decide")
    assert "湘赣社区" in section(html, "distinctive_to_decide")
    assert top_bar_count(html) == shown_total(html) == inbox_count(user=leader) == 2

    task_transition(task=plan, action="approve_plan", by=leader)
    html = inbox(client_for(leader))
    assert section(html, "plans_to_decide") == ""
    assert top_bar_count(html) == 1


def test_a_returned_plan_waits_for_the_lead_department_with_the_reason(
    county, leader, lead_clerk, client_for
):
    plan = planned_task(county)
    task_transition(task=plan, action="return_plan", by=leader, comment="请补充用房选址方案。")
    html = section(inbox(client_for(lead_clerk)), "plans_to_submit")
    assert "二机社区" in html and "退回理由：请补充用房选址方案。" in html


@pytest.fixture
def submitted_work(county, leader, dept_clerk):
    work = started_task(county, leader).assignments.get(department=county.finance)
    assignment_transition(assignment=work, action="start_work", by=dept_clerk)
    ProgressReport.objects.create(assignment=work, author=dept_clerk, text="已拨付。")
    assignment_transition(assignment=work, action="submit", by=dept_clerk)
    return work


def test_the_lead_department_accepts_submitted_work_but_never_its_own(
    submitted_work, county, lead_clerk, client_for
):
    own = Assignment.objects.create(
        task=submitted_work.task,
        department=county.mzj,
        area="guidance",
        role="lead",
        owed="指导社会组织备案",
        deadline=submitted_work.deadline,
    )
    assignment_transition(assignment=own, action="start_work", by=lead_clerk)
    ProgressReport.objects.create(assignment=own, author=lead_clerk, text="已指导。")
    assignment_transition(assignment=own, action="submit", by=lead_clerk)
    html = section(inbox(client_for(lead_clerk)), "work_to_accept")
    assert reverse("workflows:assignment_detail", args=[submitted_work.pk]) in html
    assert reverse("workflows:assignment_detail", args=[own.pk]) not in html


def test_a_department_sees_its_work_with_the_reason_it_came_back(
    submitted_work, dept_clerk, other_dept_clerk, lead_clerk, client_for
):
    assignment_transition(
        assignment=submitted_work, action="return_work", by=lead_clerk, comment="缺少拨款凭证。"
    )
    Reminder.objects.create(assignment=submitted_work, sent_by=lead_clerk, message="请抓紧。")
    html = inbox(client_for(dept_clerk))
    assert "退回理由：缺少拨款凭证。" in section(html, "work_to_do")
    assert "请抓紧。" in section(html, "reminders")
    assert top_bar_count(html) == shown_total(html)
    # Another department's page holds none of it.
    other = inbox(client_for(other_dept_clerk))
    assert "缺少拨款凭证" not in other and "请抓紧。" not in other


@pytest.fixture
def answered_order(county, inspector, other_dept_clerk):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue_build(county.campaign), premises="200"),
    )
    order = order_issue(
        finding=inspection.findings.get(indicator__code="JC-01"),
        by=inspector,
        requirement="补足用房",
        deadline=datetime.date(2015, 9, 30),
        responsible_department=county.housing,
    )
    order_transition(order=order, action="answer", by=other_dept_clerk, answer="已协调。")
    order.refresh_from_db()
    return order


def test_the_inspector_verifies_answers_and_the_party_sees_a_sent_back_one(
    answered_order, inspector, other_dept_clerk, client_for
):
    url = reverse("assessments:order_detail", args=[answered_order.pk])
    assert url in section(inbox(client_for(inspector)), "orders_to_verify")
    order_transition(order=answered_order, action="reopen", by=inspector, comment="面积仍不足。")
    html = inbox(client_for(other_dept_clerk))
    assert url in section(html, "orders_to_answer") and "退回理由：面积仍不足。" in html
    assert section(inbox(client_for(inspector)), "orders_to_verify") == ""


def test_a_community_is_told_which_standards_still_lack_evidence(
    county, community_clerk, client_for
):
    catalogue_build(county.campaign)
    html = section(inbox(client_for(community_clerk)), "standards_without_evidence")
    assert "JC-01" in html and "DJ-01" in html
    assert reverse("assessments:self_report") in html


def test_someone_with_no_role_has_nothing_waiting(county, outsider, client_for):
    html = inbox(client_for(outsider))
    assert "暂无待办事项。" in html and top_bar_count(html) == 0


def test_an_inspector_never_verifies_their_own_answer(answered_order, county, client_for):
    both = make_user("both", Role.DEPARTMENT_STAFF, Role.INSPECTOR, department=county.housing)
    order_transition(
        order=answered_order, action="reopen", by=make_user("i2", Role.INSPECTOR), comment="再改"
    )
    order_transition(order=answered_order, action="answer", by=both, answer="已整改")
    url = reverse("assessments:order_detail", args=[answered_order.pk])
    assert url not in section(inbox(client_for(both)), "orders_to_verify")


def test_the_inbox_page_counts_each_kind_once(county, leader, lead_clerk, client_for):
    started_task(county, leader)
    client = client_for(lead_clerk)
    with CaptureQueriesContext(connection) as captured:
        html = inbox(client)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert counts and len(counts) == len(set(counts))
    assert top_bar_count(html) == shown_total(html) == inbox_count(user=lead_clerk)
