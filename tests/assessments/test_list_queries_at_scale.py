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
