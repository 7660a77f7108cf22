"""Each role finds its own work on the first screen: leaders the circulars to approve,
department staff their reminders, inspectors what to inspect and verify, community staff
their open rectification orders."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from assessments.models import Circular, ScoringPeriod
from assessments.scoring import circular_generate, circular_transition
from assessments.services import (
    FindingInput,
    inspection_record,
    order_issue,
    order_transition,
    spot_check_draw,
)
from tests.builders import catalogue_of_two_build
from workflows.models import Assignment, CreationTask


def home(client_for, user) -> str:
    return client_for(user).get(reverse("home")).content.decode()


def section(page, element_id) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


# --- leaders: circulars waiting for approval or publication -------------------------------


@pytest.fixture
def circulars(county, lead_clerk, leader):
    # A period has one unpublished circular at a time: each stage gets its own month.
    def make(title, actions):
        month = 3 + ScoringPeriod.objects.count()
        period = ScoringPeriod.objects.create(
            campaign=county.campaign,
            kind="month",
            label=f"2015年{month}月",
            starts_on=date(2015, month, 1),
            ends_on=date(2015, month, 28),
        )
        circular = circular_generate(period=period, by=lead_clerk, title=title)
        for action, actor in actions:
            circular_transition(circular=circular, action=action, by=actor)
        return circular

    submit, approve = ("submit", lead_clerk), ("approve", leader)
    return {
        "draft": make("草稿通报", []),
        "submitted": make("报审通报", [submit]),
        "approved": make("待发布通报", [submit, approve]),
        "published": make("已发布通报", [submit, approve, ("publish", leader)]),
    }


def test_leader_home_lists_circulars_to_approve_and_to_publish(client_for, leader, circulars):
    waiting = section(home(client_for, leader), "circulars-waiting")
    assert "报审通报" in waiting and "去审批" in waiting
    assert "待发布通报" in waiting and "去发布" in waiting
    assert "草稿通报" not in waiting and "已发布通报" not in waiting
    url = reverse("assessments:circular_detail", args=[circulars["submitted"].pk])
    assert url in waiting


def test_approving_a_circular_takes_it_off_the_approval_list(client_for, leader, circulars):
    submitted = circulars["submitted"]
    client_for(leader).post(
        reverse("assessments:circular_action", args=[submitted.pk]), {"action": "approve"}
    )
    submitted.refresh_from_db()
    assert submitted.state == Circular.State.APPROVED
    waiting = section(home(client_for, leader), "circulars-waiting")
    assert waiting.count("去发布") == 2 and "去审批" not in waiting


def test_leader_without_circulars_waiting_is_told_so(client_for, leader, county):
    assert "暂无待审批或待发布的通报。" in home(client_for, leader)


@pytest.mark.parametrize("persona", ["lead_clerk", "dept_clerk", "inspector", "outsider"])
def test_only_leaders_see_circulars_waiting(request, client_for, circulars, persona):
    page = home(client_for, request.getfixturevalue(persona))
    assert "circulars-waiting" not in page and "报审通报" not in page


# --- department staff: reminders received -------------------------------------------------


def test_department_home_says_when_no_reminder_came(client_for, dept_clerk, county):
    page = home(client_for, dept_clerk)
    assert "催办提醒" in page and "暂无未读的催办提醒。" in page


# --- inspectors: inspections to do, orders to verify ---------------------------------------


@pytest.fixture
def catalogue(county):
    return catalogue_of_two_build(county.campaign)


def task_with_work(county, community, states):
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)
    for department, state in zip([county.finance, county.housing], states, strict=False):
        work = Assignment.objects.create(
            task=task,
            department=department,
            area="funding",
            role="lead",
            owed="…",
            deadline=date(2015, 6, 1),
        )
        Assignment.objects.filter(pk=work.pk).update(state=state)
    return task


def test_inspector_home_lists_tasks_ready_for_acceptance(client_for, county, inspector):
    ready = task_with_work(county, county.community, ["accepted", "accepted"])
    task_with_work(county, county.other_community, ["accepted", "submitted"])
    due = section(home(client_for, inspector), "inspections-due")
    assert "二机社区" in due and "湘赣社区" not in due
    new = reverse("assessments:inspection_new", args=[ready.community_id])
    assert f"{new}?kind=acceptance" in due


def test_spot_check_is_listed_until_its_inspection_is_recorded(
    client_for, county, catalogue, inspector
):
    catalogue.indicators.update(for_distinctive=True)  # 湘赣 (distinctive) has standards too
    draw = spot_check_draw(
        campaign=county.campaign, by=inspector, community_count=2, indicator_count=1
    )
    due = section(home(client_for, inspector), "inspections-due")
    assert "二机社区" in due and "湘赣社区" in due
    assert f"?draw={draw.pk}" in due
    drawn = draw.picks.get(community=county.community).indicator
    inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        draw=draw,
        findings=[FindingInput(indicator=drawn, met=True, measured_value=300)],
    )
    due = section(home(client_for, inspector), "inspections-due")
    assert "湘赣社区" in due and "二机社区" not in due


@pytest.fixture
def orders(county, catalogue, inspector):
    """Three failed standards at 二机 with orders to 二机 itself: one answered, one still
    open and overdue, one verified; and one to 房管."""
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        inspected_on=date(2015, 9, 1),
        findings=[
            FindingInput(indicator=catalogue.indicators.get(code="JC-01"), measured_value=100),
            FindingInput(indicator=catalogue.indicators.get(code="DJ-01"), met=False),
        ],
    )
    premises = inspection.findings.get(indicator__code="JC-01")
    party = inspection.findings.get(indicator__code="DJ-01")

    def issue(finding, deadline, **party_):
        return order_issue(
            finding=finding, by=inspector, requirement="整改", deadline=deadline, **party_
        )

    with freeze_time("2015-09-01"):
        answered = issue(premises, date(2015, 9, 30), responsible_community=county.community)
        overdue = issue(party, date(2015, 9, 10), responsible_community=county.community)
        verified = issue(party, date(2015, 9, 30), responsible_community=county.community)
        housing = issue(premises, date(2015, 9, 30), responsible_department=county.housing)
    return {"answered": answered, "overdue": overdue, "verified": verified, "housing": housing}


def answer(order, by):
    order_transition(order=order, action="answer", by=by, answer="已整改")


def test_inspector_home_lists_answered_orders_to_verify(
    client_for, county, orders, inspector, community_clerk
):
    answer(orders["answered"], community_clerk)
    answer(orders["verified"], community_clerk)
    order_transition(order=orders["verified"], action="verify", by=inspector)
    to_verify = section(home(client_for, inspector), "orders-to-verify")
    assert reverse("assessments:order_detail", args=[orders["answered"].pk]) in to_verify
    for other in ("overdue", "verified", "housing"):
        assert reverse("assessments:order_detail", args=[orders[other].pk]) not in to_verify


def test_inspector_with_nothing_to_do_is_told_so(client_for, county, inspector):
    page = home(client_for, inspector)
    assert "暂无待验收的社区。" in page and "暂无待录入的抽查。" in page
    assert "暂无待核验的整改通知。" in page


# --- community staff: their profile and their open orders ----------------------------------


@freeze_time("2015-09-20")
def test_community_home_lists_its_open_orders_and_counts_the_overdue(
    client_for, county, orders, inspector, community_clerk
):
    answer(orders["answered"], community_clerk)
    answer(orders["verified"], community_clerk)
    order_transition(order=orders["verified"], action="verify", by=inspector)
    page = home(client_for, community_clerk)
    assert "二机社区资料" in page
    mine = section(page, "community-orders")
    detail = [reverse("assessments:order_detail", args=[orders[k].pk]) for k in orders]
    shown = [url in mine for url in detail]
    assert shown == [True, True, False, False]  # answered, overdue; not verified, not 房管's
    assert "1 份整改通知已逾期" in mine and "已反馈" in mine


def test_community_without_orders_is_told_so(client_for, county, community_clerk):
    assert "本社区没有未销号的整改通知。" in home(client_for, community_clerk)


@pytest.mark.parametrize("persona", ["leader", "dept_clerk", "outsider"])
def test_inspection_and_community_cards_stay_with_their_roles(
    request, client_for, county, orders, persona
):
    page = home(client_for, request.getfixturevalue(persona))
    assert "inspections-due" not in page and "orders-to-verify" not in page
    assert "community-orders" not in page


def test_a_long_list_on_the_home_page_names_twenty_and_links_to_the_rest(
    client_for, county, leader
):
    from supervision.models import Community

    for i in range(25):
        community = Community.objects.create(town=county.town, name=f"候审{i:02d}社区")
        CreationTask.objects.create(
            campaign=county.campaign, community=community, state=CreationTask.State.PLAN_SUBMITTED
        )
    page = home(client_for, leader)
    assert page.count("去审批") == 20
    assert "共 25 项" in page and reverse("inbox") in page
