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
    communities, picks = spot_check_picks(
        catalogue=draw.catalogue,
        seed=draw.seed,
        community_count=draw.community_count,
        indicator_count=draw.indicator_count,
    )
    assert [c.pk for c in communities] == sorted(draw.communities.values_list("pk", flat=True))
    stored = {
        (pick.community_id, pick.indicator.code) for pick in draw.picks.select_related("indicator")
    }
    assert stored == {(pk, i.code) for pk, chosen in picks.items() for i in chosen}
    assert len(communities) == 3 and all(len(chosen) <= 2 for chosen in picks.values())


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
    community = draw.communities.first()
    drawn = draw.picks.get(community=community).indicator
    data = {"kind": "acceptance", "inspected_on": "2015-09-01"}
    data[f"f{drawn.pk}-measured_value" if drawn.is_numeric else f"f{drawn.pk}-met"] = "1"
    client_for(inspector).post(
        reverse("assessments:inspection_new", args=[community.pk]) + f"?draw={draw.pk}", data
    )
    inspection = Inspection.objects.get()
    assert inspection.kind == Inspection.Kind.SPOT_CHECK and inspection.draw == draw
    assert list(inspection.findings.values_list("indicator", flat=True)) == [drawn.pk]


@pytest.fixture
def three_tracks(county, catalogue):
    """Two standards for every track, one only for the distinctive track, one only for the
    create track; a community of each track."""
    catalogue.indicators.filter(code="JC-01").update(
        for_create=True, for_distinctive=True, for_prepare=True
    )
    catalogue.indicators.filter(code="DJ-01").update(
        for_create=True, for_distinctive=True, for_prepare=True
    )
    catalogue.indicators.filter(code="JC-02").update(
        for_create=False, for_distinctive=True, for_prepare=False
    )
    for track in ("create", "distinctive", "prepare"):
        for n in range(4):
            community = Community.objects.create(town=county.town, name=f"{track}{n}社区")
            CommunityTrack.objects.create(
                campaign=county.campaign, community=community, track=track
            )
    return dict(
        CommunityTrack.objects.filter(campaign=county.campaign).values_list("community", "track")
    )


@pytest.mark.parametrize("seed", range(8))
def test_each_community_draws_only_standards_of_its_own_track(
    catalogue, inspector, three_tracks, seed
):
    draw = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=8, indicator_count=3, seed=seed
    )
    applies = {
        "create": set(catalogue.indicators.filter(for_create=True).values_list("code", flat=True)),
        "distinctive": set(
            catalogue.indicators.filter(for_distinctive=True).values_list("code", flat=True)
        ),
        "prepare": set(
            catalogue.indicators.filter(for_prepare=True).values_list("code", flat=True)
        ),
    }
    for community in draw.communities.all():
        track = three_tracks[community.pk]
        codes = set(
            draw.picks.filter(community=community).values_list("indicator__code", flat=True)
        )
        assert codes and codes <= applies[track], (track, codes)
        assert len(codes) == min(3, len(applies[track]))


def test_a_standard_not_drawn_for_the_community_is_refused(catalogue, inspector, three_tracks):
    from assessments.services import FindingInput, inspection_record

    draw = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=12, indicator_count=1, seed=3
    )
    community = next(c for c in draw.communities.all() if three_tracks.get(c.pk) == "create")
    other = catalogue.indicators.exclude(
        pk__in=draw.picks.filter(community=community).values("indicator")
    ).get(code="JC-02")
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=community,
            kind="spot_check",
            by=inspector,
            draw=draw,
            findings=[FindingInput(indicator=other, measured_value=1)],
        )
    assert "JC-02 不是本次抽签为该社区抽中的指标" in refused.value.reasons[0]


def test_the_draw_page_lists_each_communitys_own_standards(
    client_for, catalogue, inspector, three_tracks
):
    from django.urls import reverse

    draw = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=12, indicator_count=3, seed=5
    )
    page = client_for(inspector).get(reverse("assessments:draw_detail", args=[draw.pk]))
    text = page.content.decode()
    assert "每个社区的指标从其创建类别适用的指标中抽取" in text
    for community in draw.communities.all():
        assert community.name in text


def test_a_community_with_nothing_drawn_does_not_wait_for_the_inspector(
    catalogue, inspector, three_tracks
):
    from assessments.selectors import inspections_due_for

    catalogue.indicators.update(for_prepare=False)  # the prepare track has nothing to draw
    draw = spot_check_draw(
        campaign=catalogue.campaign, by=inspector, community_count=14, indicator_count=1, seed=9
    )
    due = inspections_due_for(user=inspector, campaign=catalogue.campaign)["spot_checks"]
    waiting = set(due.values_list("community", flat=True))
    with_standards = set(draw.picks.values_list("community", flat=True))
    prepare = {pk for pk, track in three_tracks.items() if track == "prepare"}
    assert prepare & set(draw.communities.values_list("pk", flat=True))
    assert waiting == with_standards
    assert not waiting & prepare
