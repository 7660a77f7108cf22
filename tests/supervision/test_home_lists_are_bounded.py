"""The home page names the first few waiting items and links to all of them."""

import pytest
from django.urls import reverse

from supervision.models import Community
from supervision.views import HOME_ROWS
from workflows.models import CreationTask


@pytest.fixture
def many_planned(county):
    communities = Community.objects.bulk_create(
        Community(town=county.town, name=f"待批社区{i:02d}") for i in range(HOME_ROWS + 5)
    )
    CreationTask.objects.bulk_create(
        CreationTask(campaign=county.campaign, community=c) for c in communities
    )
    return len(communities)


def test_leader_sees_the_first_approvals_and_a_link_to_all(client_for, leader, many_planned):
    page = client_for(leader).get(reverse("home")).content.decode()
    assert page.count("去审批") == HOME_ROWS
    assert f"查看全部（共 {many_planned} 项）" in page


def test_inspector_sees_the_first_communities_and_a_link_to_all(
    client_for, inspector, many_planned
):
    page = client_for(inspector).get(reverse("home")).content.decode()
    assert "待批社区00" in page and f"待批社区{HOME_ROWS + 4}" not in page
    assert f"查看全部（共 {many_planned + 2} 项）" in page
