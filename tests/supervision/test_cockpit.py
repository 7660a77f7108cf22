"""The cockpit: counts by state, the board, departments' traffic lights; queries flat in N."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.models import Community, CommunityTrack
from supervision.services import cockpit_figures
from workflows.models import Assignment, CreationTask

TODAY = datetime.date(2015, 6, 1)


def set_state(task, state):
    CreationTask.objects.filter(pk=task.pk).update(state=state)


@pytest.fixture
def campaign_with_work(county):
    first = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    second = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    set_state(first, "under_construction")
    set_state(second, "passed")
    for department, deadline, state in [
        (county.finance, TODAY - datetime.timedelta(days=1), "in_progress"),  # red
        (county.finance, TODAY + datetime.timedelta(days=7), "assigned"),  # yellow
        (county.housing, TODAY + datetime.timedelta(days=8), "assigned"),  # green
        (county.housing, TODAY - datetime.timedelta(days=30), "accepted"),  # done, not red
    ]:
        Assignment.objects.create(
            task=first,
            department=department,
            area=f"a{Assignment.objects.count()}",
            role="lead",
            owed="…",
            deadline=deadline,
        )
        Assignment.objects.filter(pk=Assignment.objects.latest("id").pk).update(state=state)
    return county


def test_cockpit_counts_states_and_lights_by_department(campaign_with_work):
    figures = cockpit_figures(campaign=campaign_with_work.campaign, today=TODAY)
    counts = {s["value"]: s["count"] for s in figures["states"]}
    assert counts == {
        "planned": 0,
        "under_construction": 1,
        "inspected": 0,
        "rectifying": 0,
        "passed": 1,
        "distinctive": 0,
    }
    assert (figures["total"], figures["passed"], figures["overdue"]) == (2, 1, 1)
    lights = {
        d["name"]: (d["red"], d["yellow"], d["green"], d["done"]) for d in figures["departments"]
    }
    assert lights == {"财政": (1, 1, 0, 0), "房管": (0, 0, 1, 1)}
    board = {
        column["value"]: [t["community"] for t in column["tasks"]] for column in figures["board"]
    }
    assert board["under_construction"] == ["二机社区"] and board["passed"] == ["湘赣社区"]
    passed = next(c for c in figures["board"] if c["value"] == "passed")
    assert passed["tasks"][0]["track_label"] == "创出特色"


def test_leader_sees_the_cockpit_and_a_department_clerk_does_not(
    client_for, leader, dept_clerk, campaign_with_work
):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert "社区创建进度看板" in page and "部门任务红黄绿灯" in page
    task = CreationTask.objects.get(community=campaign_with_work.community)
    assert reverse("workflows:task_detail", args=[task.pk]) in page
    assert "chart.umd.min.js" in page
    page = client_for(dept_clerk).get(reverse("home")).content.decode()
    assert "社区创建进度看板" not in page


def _add_communities(county, n):
    start = Community.objects.count()
    communities = Community.objects.bulk_create(
        Community(town=county.town, name=f"测试社区{i}") for i in range(start, start + n)
    )
    CommunityTrack.objects.bulk_create(
        CommunityTrack(campaign=county.campaign, community=c, track="create") for c in communities
    )
    CreationTask.objects.bulk_create(
        CreationTask(campaign=county.campaign, community=c) for c in communities
    )


def test_cockpit_queries_do_not_grow_with_communities(client_for, leader, county):
    client = client_for(leader)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    _add_communities(county, 10)
    small = count_queries()
    _add_communities(county, 190)
    assert count_queries() == small


def test_board_names_a_few_communities_per_state_and_counts_the_rest(client_for, leader, county):
    _add_communities(county, 30)
    figures = cockpit_figures(campaign=county.campaign)
    planned = next(c for c in figures["board"] if c["value"] == "planned")
    assert len(planned["tasks"]) == 12 and planned["more"] == 18
    assert "另有 18 个社区" in client_for(leader).get(reverse("home")).content.decode()
