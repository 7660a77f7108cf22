"""Task and assignment lists cost the same number of queries for 3 tasks as for 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.models import Community, CommunityTrack
from workflows.models import Assignment, CreationTask


def make_tasks(county, n, prefix):
    for i in range(n):
        community = Community.objects.create(town=county.town, name=f"{prefix}社区{i:02d}")
        CommunityTrack.objects.create(campaign=county.campaign, community=community, track="create")
        task = CreationTask.objects.create(campaign=county.campaign, community=community)
        for department in [county.finance, county.housing]:
            Assignment.objects.create(
                task=task,
                department=department,
                area="funding",
                role="lead",
                owed="落实经费",
                deadline="2015-06-01",
            )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize(
    "url_name, persona",
    [
        ("workflows:task_list", "leader"),
        ("workflows:assignment_list", "lead_clerk"),
        ("workflows:assignment_list", "dept_clerk"),
        ("home", "dept_clerk"),
        ("home", "lead_clerk"),
        ("home", "leader"),
    ],
)
def test_list_queries_do_not_grow_with_rows(request, client_for, county, url_name, persona):
    client = client_for(request.getfixturevalue(persona))
    url = reverse(url_name)
    make_tasks(county, 3, "甲")
    few, _page = queries_for(client, url)
    make_tasks(county, 9, "乙")
    many, page = queries_for(client, url)
    assert many == few
    if url_name != "home" or persona != "leader":
        assert "乙社区08" in page
