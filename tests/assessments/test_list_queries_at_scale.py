"""Every list and the cockpit cost as many SQL queries for 200 communities as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.scale import communities_build


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


PAGES = [
    ("community_list", "leader"),
    ("community_list", "inspector"),
    ("workflows:task_list", "leader"),
    ("workflows:task_list", "dept_clerk"),
    ("workflows:assignment_list", "lead_clerk"),
    ("workflows:assignment_list", "dept_clerk"),
    ("assessments:inspection_list", "inspector"),
    ("assessments:inspection_list", "community_clerk"),
    ("assessments:finding_list", "leader"),
    ("assessments:order_list", "lead_clerk"),
    ("assessments:order_list", "other_dept_clerk"),
    ("home", "leader"),
    ("home", "lead_clerk"),
    ("home", "dept_clerk"),
    ("home", "other_dept_clerk"),
    ("home", "inspector"),
    ("home", "community_clerk"),
]


@pytest.mark.parametrize("url_name, persona", PAGES)
@pytest.mark.parametrize("export", [False, True], ids=["page", "xlsx"])
def test_list_queries_do_not_grow_with_communities(
    request, client_for, county, catalogue, inspector, url_name, persona, export
):
    if export and url_name == "home":
        pytest.skip("the cockpit has no export")
    client = client_for(request.getfixturevalue(persona))
    url = reverse(url_name) + ("?export=xlsx" if export else "")
    communities_build(county, catalogue, inspector, 10, prefix="甲")
    few, _response = queries_for(client, url)
    communities_build(county, catalogue, inspector, 190, prefix="乙")
    many, response = queries_for(client, url)
    assert many == few, f"{url}: {few} queries for 10 communities, {many} for 200"
    if not export and url_name != "home":
        # 50 rows a page: the second lot is on the page, so the rows were really rendered.
        assert response.content.decode().count("<tr") > 1


def scored_circulars_build(county, lead_clerk, leader, month: int):
    """A month's period scored over every community so far and its circular published (so
    department staff, who see only published circulars, have rows too), and a draft."""
    import datetime

    from assessments.models import ScoringPeriod
    from assessments.scoring import circular_generate, circular_transition, scores_compute

    period = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label=f"2015年{month}月",
        starts_on=datetime.date(2015, month, 1),
        ends_on=datetime.date(2015, month, 28),
    )
    scores_compute(period=period)
    published = circular_generate(period=period, by=lead_clerk)
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=published, action=action, by=actor)
    # A published period takes no new draft: the draft is of a quarter ending the same day.
    quarter = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="quarter",
        label=f"2015年截至{month}月",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2015, month, 28),
    )
    circular_generate(period=quarter, by=lead_clerk)


@pytest.mark.parametrize(
    "url_name, persona",
    [
        ("assessments:circular_list", "leader"),
        ("assessments:circular_list", "dept_clerk"),
        ("assessments:period_list", "inspector"),
    ],
)
@pytest.mark.parametrize("export", [False, True], ids=["page", "xlsx"])
def test_scoring_lists_queries_do_not_grow_with_communities(
    request, client_for, county, catalogue, inspector, lead_clerk, leader, url_name, persona, export
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse(url_name) + ("?export=xlsx" if export else "")
    communities_build(county, catalogue, inspector, 10, prefix="甲")
    scored_circulars_build(county, lead_clerk, leader, 9)
    few, _response = queries_for(client, url)
    communities_build(county, catalogue, inspector, 190, prefix="乙")
    scored_circulars_build(county, lead_clerk, leader, 10)
    many, response = queries_for(client, url)
    assert many == few, f"{url}: {few} queries for 10 communities, {many} for 200"
    if not export:
        assert "2015年10月" in response.content.decode()
