"""Past a few hundred communities the lists stop offering every community in a select."""

import pytest
from django.urls import reverse

from tests.assessments.scale import communities_build


@pytest.fixture
def many_communities(monkeypatch, county, catalogue, inspector):
    monkeypatch.setattr("supervision.filters.COMMUNITY_CHOICES_LIMIT", 5)
    monkeypatch.setattr("assessments.views.COMMUNITY_CHOICES_LIMIT", 5)
    communities_build(county, catalogue, inspector, 8, prefix="远")


def test_few_communities_are_offered_in_a_select(client_for, county, catalogue, inspector):
    page = client_for(inspector).get(reverse("assessments:finding_list")).content.decode()
    assert "湘赣社区</option>" in page
    assert 'name="community_name"' not in page


@pytest.mark.parametrize(
    "url_name, field",
    [
        ("assessments:finding_list", "community"),
        ("assessments:order_list", "responsible_community"),
    ],
)
def test_many_communities_are_found_by_town_and_name(
    many_communities, client_for, county, leader, url_name, field
):
    client = client_for(leader)
    page = client.get(reverse(url_name)).content.decode()
    assert f'<input type="hidden" name="{field}"' in page
    assert f'name="{field}_name"' in page and f'name="{field}_town"' in page
    assert "湘赣社区</option>" not in page
    found = client.get(reverse(url_name), {f"{field}_name": "远社区003"}).content.decode()
    assert "远社区003" in found and "远社区004" not in found


def test_a_link_to_one_community_still_filters(many_communities, client_for, county, leader):
    page = client_for(leader).get(
        reverse("assessments:inspection_list"), {"community": county.other_community.pk}
    )
    assert "远社区" not in page.content.decode()


def test_inspector_types_the_community_name_to_start_recording(
    many_communities, client_for, county, inspector
):
    client = client_for(inspector)
    page = client.get(reverse("assessments:inspection_list")).content.decode()
    assert 'name="community_name"' in page and 'id="pick-community" name="community"' not in page
    response = client.get(
        reverse("assessments:inspection_start"),
        {"community_name": "二机社区", "kind": "spot_check"},
    )
    assert response.url == (
        reverse("assessments:inspection_new", args=[county.community.pk]) + "?kind=spot_check"
    )
    missing = client.get(
        reverse("assessments:inspection_start"), {"community_name": "没有这个社区"}, follow=True
    )
    assert "没有找到名为“没有这个社区”的社区。" in missing.content.decode()
