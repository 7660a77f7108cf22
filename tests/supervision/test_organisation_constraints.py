import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from supervision.models import Campaign, Community, CommunityTrack, Membership, Town


def test_community_name_is_unique_within_a_town(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(town=county.town, name="二机社区")


def test_same_community_name_is_allowed_in_another_town(county):
    other_town = Town.objects.create(name="城关镇")
    Community.objects.create(town=other_town, name="二机社区")
    assert Community.objects.filter(name="二机社区").count() == 2


def test_duplicate_community_gets_a_chinese_message_in_forms(county):
    duplicate = Community(town=county.town, name="二机社区")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "同一镇/街道下已有同名社区" in str(excinfo.value)


def test_negative_premises_area_is_refused(county):
    county.community.premises_area = -1
    with pytest.raises(ValidationError) as excinfo:
        county.community.full_clean()
    assert "premises_area" in excinfo.value.message_dict


def test_one_track_per_community_per_campaign(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityTrack.objects.create(
            campaign=county.campaign, community=county.community, track="prepare"
        )
    next_year = Campaign.objects.create(year=2016, title="2016年创建工作")
    CommunityTrack.objects.create(
        campaign=next_year, community=county.community, track="distinctive"
    )
    assert county.community.tracks.count() == 2


def test_only_one_campaign_is_active(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(year=2016, title="2016年创建工作", is_active=True)
    assert Campaign.objects.active() == county.campaign


def test_a_person_belongs_to_a_department_or_a_community_not_both(county, outsider):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=outsider, department=county.finance, community=county.community
        )
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_person_has_at_most_one_membership(county, dept_clerk):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=dept_clerk, department=county.housing)
    assert Membership.objects.get(user=dept_clerk).department == county.finance
