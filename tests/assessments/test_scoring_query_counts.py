"""Period and circular pages cost the same number of queries for 3 communities as for 12."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ScoringPeriod
from assessments.scoring import circular_generate, scores_compute
from supervision.models import Community, CommunityTrack
from tests.assessments.scoring_county import inspect
from workflows.models import Assignment, CreationTask


def add_communities(county, catalogue, inspector, n, prefix):
    for i in range(n):
        community = Community.objects.create(town=county.town, name=f"{prefix}社区{i:02d}")
        CommunityTrack.objects.create(
            campaign=county.campaign, community=community, track=["create", "prepare"][i % 2]
        )
        task = CreationTask.objects.create(campaign=county.campaign, community=community)
        Assignment.objects.create(
            task=task,
            department=county.finance,
            area="funding",
            role="lead",
            owed="经费",
            deadline=datetime.date(2015, 3, 1),
        )
        inspect(county, catalogue, inspector, community, "2015-03-10", JC_01=True, DJ_01=False)


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page", ["period_detail", "circular_detail", "circular_print"])
def test_scoring_pages_do_not_grow_with_communities(
    client_for, county, catalogue, inspector, lead_clerk, leader, page
):
    client = client_for(leader)

    def url():
        # A period of its own each time: a period holds one unpublished circular.
        month = 3 + ScoringPeriod.objects.count()
        period = ScoringPeriod.objects.create(
            campaign=county.campaign,
            kind="month",
            label=f"2015年{month}月",
            starts_on=datetime.date(2015, 3, 1),
            ends_on=datetime.date(2015, 3, 31),
        )
        scores_compute(period=period)
        if page == "period_detail":
            return reverse("assessments:period_detail", args=[period.pk])
        circular = circular_generate(period=period, by=lead_clerk)
        return reverse(f"assessments:{page}", args=[circular.pk])

    add_communities(county, catalogue, inspector, 3, "甲")
    few, _html = count(client, url())
    add_communities(county, catalogue, inspector, 9, "乙")
    many, html = count(client, url())
    assert many == few
    assert "乙社区08" in html
