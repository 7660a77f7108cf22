import pytest

from assessments.models import SpotCheckDraw
from assessments.services import spot_check_draw, spot_check_picks
from supervision.models import Community, CommunityTrack
from supervision.transitions import Refused


@pytest.fixture
def more_communities(county):
    for n in range(6):
        community = Community.objects.create(town=county.town, name=f"演示{n}社区")
        CommunityTrack.objects.create(campaign=county.campaign, community=community, track="create")


def test_the_draw_is_reproducible_from_its_stored_seed(catalogue, inspector, more_communities):
    draw = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=3, indicator_count=2
    )
    draw = SpotCheckDraw.objects.get(pk=draw.pk)
    communities, indicators = spot_check_picks(
        catalogue=draw.catalogue,
        seed=draw.seed,
        community_count=draw.community_count,
        indicator_count=draw.indicator_count,
    )
    assert [c.pk for c in communities] == sorted(draw.communities.values_list("pk", flat=True))
    assert {i.code for i in indicators} == set(draw.indicators.values_list("code", flat=True))
    assert len(communities) == 3 and len(indicators) == 2


def test_a_given_seed_always_picks_the_same(catalogue, inspector, more_communities):
    first = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=3, indicator_count=2, seed=42
    )
    second = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=3, indicator_count=2, seed=42
    )
    assert set(first.communities.all()) == set(second.communities.all())
    assert set(first.indicators.all()) == set(second.indicators.all())


def test_different_seeds_draw_differently(catalogue, more_communities):
    picks = {
        tuple(
            c.pk
            for c in spot_check_picks(
                catalogue=catalogue, seed=seed, community_count=3, indicator_count=1
            )[0]
        )
        for seed in range(20)
    }
    assert len(picks) > 1


@pytest.mark.parametrize("persona", ["community_clerk", "dept_clerk", "outsider"])
def test_only_inspectors_and_lead_departments_draw(request, catalogue, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Refused) as refused:
        spot_check_draw(campaign=catalogue.campaign, by=user, community_count=1, indicator_count=1)
    assert "只有督查员或牵头部门可以抽签" in refused.value.reasons[0]
    assert not SpotCheckDraw.objects.exists()


def test_a_drawn_spot_check_records_only_the_drawn_standards(
    client_for, county, catalogue, inspector
):
    from django.urls import reverse

    from assessments.models import Inspection

    draw = spot_check_draw(
        campaign=county.campaign, by=inspector, community_count=2, indicator_count=1, seed=7
    )
    drawn = draw.indicators.get()
    community = draw.communities.first()
    data = {"kind": "acceptance", "inspected_on": "2015-09-01"}
    data[f"f{drawn.pk}-measured_value" if drawn.is_numeric else f"f{drawn.pk}-met"] = "1"
    client_for(inspector).post(
        reverse("assessments:inspection_new", args=[community.pk]) + f"?draw={draw.pk}", data
    )
    inspection = Inspection.objects.get()
    assert inspection.kind == Inspection.Kind.SPOT_CHECK and inspection.draw == draw
    assert list(inspection.findings.values_list("indicator", flat=True)) == [drawn.pk]
