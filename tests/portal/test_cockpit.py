"""The cockpit: counts by state, the board, departments' traffic lights; queries flat in N."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.cockpit import cockpit_figures
from supervision.models import Community, CommunityTrack
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
        "plan_submitted": 0,
        "under_construction": 1,
        "inspected": 0,
        "rectifying": 0,
        "passed": 1,
        "distinctive": 0,
        "ready": 0,
        "not_ready": 0,
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


# --- rankings and progress against the standards, from the latest computed snapshot -------


def _catalogue(county):
    from decimal import Decimal

    from assessments.models import Catalogue, Indicator, Measure, WorkArea

    catalogue = Catalogue.objects.create(campaign=county.campaign, title="2015年创建标准")
    for code, area, points, tracks in [
        ("JC-01", WorkArea.INFRASTRUCTURE, "60", {"for_create": True}),
        ("DJ-01", WorkArea.PARTY_BUILDING, "40", {"for_create": True, "for_distinctive": True}),
    ]:
        Indicator.objects.create(
            catalogue=catalogue,
            code=code,
            name=code,
            work_area=area,
            measure=Measure.YES_NO,
            points=Decimal(points),
            **tracks,
        )
    return catalogue


def _inspect(county, catalogue, inspector, community, day, **met):
    from assessments.models import Finding, Inspection

    inspection = Inspection.objects.create(
        campaign=county.campaign,
        catalogue=catalogue,
        community=community,
        kind="spot_check",
        inspector=inspector,
        inspected_on=day,
    )
    for code, is_met in met.items():
        indicator = catalogue.indicators.get(code=code.replace("_", "-"))
        Finding.objects.create(
            inspection=inspection,
            indicator=indicator,
            met=is_met,
            points_awarded=indicator.points if is_met else 0,
        )


def _period(county, month):
    from assessments.models import ScoringPeriod

    return ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label=f"2015年{month}月",
        starts_on=datetime.date(2015, month, 1),
        ends_on=datetime.date(2015, month, 28),
    )


@pytest.fixture
def scored_months(county, inspector):
    """Two create-track communities swap places between March and April.

    March: 二机 JC-01 met (60/100), 三桥 nothing (0). April: 三桥 all met (100), 二机 60.
    湘赣 (distinctive, only DJ-01 applies: 40 points possible) meets DJ-01 in March.
    """
    from assessments.scoring import scores_compute

    sanqiao = Community.objects.create(town=county.town, name="三桥社区")
    CommunityTrack.objects.create(campaign=county.campaign, community=sanqiao, track="create")
    catalogue = _catalogue(county)
    _inspect(county, catalogue, inspector, county.community, datetime.date(2015, 3, 5), JC_01=True)
    _inspect(
        county, catalogue, inspector, county.other_community, datetime.date(2015, 3, 6), DJ_01=True
    )
    _inspect(
        county, catalogue, inspector, sanqiao, datetime.date(2015, 4, 5), JC_01=True, DJ_01=True
    )
    march, april = _period(county, 3), _period(county, 4)
    scores_compute(period=march)
    scores_compute(period=april)
    return march, april


def test_cockpit_ranks_communities_from_the_latest_snapshot_with_their_change(
    county, scored_months
):
    _march, april = scored_months
    scores = cockpit_figures(campaign=county.campaign)["scores"]
    assert scores["period"] == april
    create = next(t for t in scores["tracks"] if t["value"] == "create")
    ranking = [(r["rank"], r["community"], r["total"], r["change"]) for r in create["rows"]]
    assert ranking == [(1, "三桥社区", 100, 1), (2, "二机社区", 60, -1)]
    assert [(r["percent"], create["possible"]) for r in create["rows"]] == [(100, 100), (60, 100)]
    distinctive = next(t for t in scores["tracks"] if t["value"] == "distinctive")
    assert [(r["community"], r["percent"]) for r in distinctive["rows"]] == [("湘赣社区", 100)]
    assert distinctive["possible"] == 40


def test_cockpit_shows_each_work_area_met_against_possible(county, scored_months):
    scores = cockpit_figures(campaign=county.campaign)["scores"]
    areas = {a["value"]: a["tracks"] for a in scores["areas"]}
    # create track, two communities: infrastructure 60+60 of 2×60, party building 40 of 2×40
    assert areas["infrastructure"] == [100, None, None]
    assert areas["party_building"] == [50, 100, None]
    create = next(t for t in scores["tracks"] if t["value"] == "create")
    assert create["rows"][1]["areas"] == "社区党建 0/40；基础设施建设和运行 60/60"


def test_leader_home_shows_rankings_progress_and_department_ranking(
    client_for, leader, county, scored_months
):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert "社区得分排名与创建进度" in page and "2015年4月得分快照" in page
    assert "三桥社区" in page and '<span class="rank-up">↑1</span>' in page
    assert '<span class="rank-down">↓1</span>' in page
    assert 'value="60"' in page and "60/100" in page
    assert "各工作领域达标进度" in page and "部门考核排名" in page


def test_cockpit_says_when_no_period_was_scored(client_for, leader, county):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert "尚无已计分的考核周期。" in page


def test_at_one_end_date_the_cockpit_takes_the_month(county, scored_months):
    from assessments.models import ScoringPeriod
    from assessments.scoring import scores_compute

    quarter = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="quarter",
        label="2015年第2季度",
        starts_on=datetime.date(2015, 4, 1),
        ends_on=datetime.date(2015, 4, 28),
    )
    scores_compute(period=quarter)
    assert cockpit_figures(campaign=county.campaign)["scores"]["period"].label == "2015年4月"


def test_cockpit_queries_with_scores_do_not_grow_with_communities(
    client_for, leader, county, inspector
):
    from assessments.models import Inspection
    from assessments.scoring import scores_compute
    from tests.assessments.scale import communities_build

    catalogue = _catalogue(county)
    period = _period(county, 10)
    client = client_for(leader)

    def count_queries():
        Inspection.objects.update(inspected_on=datetime.date(2015, 9, 1))
        scores_compute(period=period)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home")).content.decode()
        return len(queries), page

    communities_build(county, catalogue, inspector, 10, prefix="甲")
    small, page = count_queries()
    assert "2015年10月得分快照" in page
    communities_build(county, catalogue, inspector, 190, prefix="乙")
    many, page = count_queries()
    assert many == small
    assert "另有 37 个社区" in page  # 67 on the create track, 30 shown
