"""The home page names the first few waiting items and links to all of them."""

import datetime

import pytest
from django.urls import reverse

from portal.views import HOME_ROWS
from supervision.models import Community
from workflows.models import Assignment, AssignmentRole, CreationTask, DutyArea

EXTRA = 5


def _communities(county, prefix):
    return Community.objects.bulk_create(
        Community(town=county.town, name=f"{prefix}{i:02d}") for i in range(HOME_ROWS + EXTRA)
    )


@pytest.fixture
def many_planned(county):
    # Plans the lead department submitted (报批): they wait for the leader.
    CreationTask.objects.bulk_create(
        CreationTask(campaign=county.campaign, community=c, state=CreationTask.State.PLAN_SUBMITTED)
        for c in _communities(county, "待批社区")
    )
    return HOME_ROWS + EXTRA


@pytest.fixture
def many_ready_for_acceptance(county):
    tasks = CreationTask.objects.bulk_create(
        CreationTask(
            campaign=county.campaign,
            community=c,
            state=CreationTask.State.UNDER_CONSTRUCTION,
        )
        for c in _communities(county, "待验社区")
    )
    Assignment.objects.bulk_create(
        Assignment(
            task=t,
            department=county.finance,
            area=DutyArea.FUNDING,
            role=AssignmentRole.LEAD,
            owed="落实工作经费",
            deadline=datetime.date(2015, 9, 30),
            state=Assignment.State.ACCEPTED,
        )
        for t in tasks
    )
    return len(tasks)


def test_leader_sees_the_first_approvals_and_a_link_to_all(client_for, leader, many_planned):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert page.count("去审批") == HOME_ROWS
    assert f"共 {many_planned} 项，" in page
    assert reverse("inbox") in page


def test_inspector_sees_the_first_communities_to_accept_and_a_link_to_all(
    client_for, inspector, many_ready_for_acceptance
):
    page = client_for(inspector).get(reverse("home")).content.decode()
    assert page.count("录入验收") == HOME_ROWS
    assert "待验社区00" in page and f"待验社区{HOME_ROWS + EXTRA - 1}" not in page
    assert f"共 {many_ready_for_acceptance} 项，" in page


def test_a_short_list_has_no_link_to_more(client_for, leader, county):
    for community in (county.community, county.other_community):
        CreationTask.objects.create(
            campaign=county.campaign, community=community, state=CreationTask.State.PLAN_SUBMITTED
        )
    page = client_for(leader).get(reverse("home")).content.decode()
    assert page.count("去审批") == 2
    assert "项，" not in page
