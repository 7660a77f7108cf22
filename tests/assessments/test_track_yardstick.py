"""Each track is scored against its own standards and its own maximum: the 138/100 case (a
create-track community credited for a distinctive-only standard) and the prepare-track dead end
(a perfect acceptance of the prepare slice "failing" an absolute pass line of 80)."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import Finding, Inspection, Measure, ScoringPeriod, WorkArea
from assessments.scoring import community_breakdown, scores_compute
from assessments.services import FindingInput, inspection_record
from supervision.models import Community, CommunityTrack
from supervision.transitions import Refused
from tests.builders import PARTY, PREMISES, _indicator
from workflows.models import CreationTask


@pytest.fixture
def tracked(county):
    """A catalogue of a create slice (100 points), a distinctive-only standard (38 points) and
    a prepare slice (JC-01 and DJ-01 hold for prepare too: 23 points)."""
    from assessments.models import Catalogue

    catalogue = Catalogue.objects.create(campaign=county.campaign, title="2015年创建标准")
    _indicator(
        catalogue,
        "JC-01",
        **PREMISES,
        points=Decimal("15"),
        sort_order=1,
        for_prepare=True,
        for_distinctive=False,
    )
    _indicator(
        catalogue,
        "JC-03",
        name="社区服务站",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.YES_NO,
        points=Decimal("77"),
        sort_order=2,
        for_distinctive=False,
    )
    _indicator(
        catalogue,
        "DJ-01",
        **PARTY,
        points=Decimal("8"),
        sort_order=3,
        for_prepare=True,
        for_distinctive=False,
    )
    _indicator(
        catalogue,
        "TS-02",
        name="智慧社区试点",
        work_area=WorkArea.SERVICES,
        measure=Measure.YES_NO,
        points=Decimal("38"),
        sort_order=4,
        for_create=False,
        for_distinctive=True,
    )
    return catalogue


def standards(catalogue, *codes):
    by_code = {i.code: i for i in catalogue.indicators.all()}
    return [
        FindingInput(indicator=by_code[code], measured_value=1000, met=True)
        if by_code[code].is_numeric
        else FindingInput(indicator=by_code[code], met=True)
        for code in codes
    ]


def year(county):
    return ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="year",
        label="2015年度",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2015, 12, 31),
    )


def test_a_standard_of_another_track_is_refused_when_recording(county, tracked, inspector):
    # 二机 is on the create track: the distinctive-only TS-02 is not its yardstick.
    with pytest.raises(Refused) as refused:
        inspection_record(
            community=county.community,
            kind="spot_check",
            by=inspector,
            findings=standards(tracked, "JC-03", "TS-02"),
            inspected_on=datetime.date(2015, 6, 1),
        )
    assert "TS-02 不适用于该社区的创建类别（今年创建）" in refused.value.reasons[0]
    assert not Inspection.objects.exists()


def test_a_score_never_counts_a_standard_of_another_track(county, tracked, inspector):
    """The 138/100 case: a finding of a standard the community is not held to, recorded before
    the rule (here by hand), adds nothing."""
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=standards(tracked, "JC-01", "JC-03", "DJ-01"),
        inspected_on=datetime.date(2015, 6, 1),
    )
    Finding.objects.create(
        inspection=inspection,
        indicator=tracked.indicators.get(code="TS-02"),
        met=True,
        points_awarded=Decimal("38"),
    )
    period = scores_compute(period=year(county))
    row = period.community_scores.get(community=county.community)
    assert row.total == Decimal("100.0")
    breakdown = community_breakdown(period=period, community=county.community)
    assert breakdown["possible"] == Decimal("100")
    assert breakdown["total"] == Decimal("100.0")
    assert "TS-02" not in {r["indicator"].code for r in breakdown["rows"]}


def test_a_prepare_community_is_not_accepted_and_its_slice_has_its_own_line(
    county, tracked, inspector
):
    """No dead end: the prepare track is not inspected for acceptance at all (the lead
    department assesses its readiness), and its slice's line is a share of its own 23 points."""
    prepare = Community.objects.create(town=county.town, name="三桥社区", households=1000)
    CommunityTrack.objects.create(campaign=county.campaign, community=prepare, track="prepare")
    task = CreationTask.objects.create(campaign=county.campaign, community=prepare)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)

    with pytest.raises(Refused) as refused:
        inspection_record(
            community=prepare,
            kind="acceptance",
            by=inspector,
            findings=standards(tracked, "JC-01", "DJ-01"),
            inspected_on=datetime.date(2015, 6, 1),
        )
    assert "今年不验收，由牵头部门作出准备评估" in refused.value.reasons[0]
    assert not Inspection.objects.filter(community=prepare).exists()
    task.refresh_from_db()
    assert task.state == CreationTask.State.UNDER_CONSTRUCTION
    assert tracked.track_maximum("prepare") == Decimal("23")
    assert tracked.pass_line("prepare") == Decimal("18.40")


def test_a_create_track_acceptance_below_its_line_fails(county, tracked, inspector):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)
    findings = standards(tracked, "JC-01", "JC-03", "DJ-01")
    findings[1].met = False  # 服务站 (77 of 100) not met: 23 points, below 80 % of 100
    inspection_record(
        community=county.community,
        kind="acceptance",
        by=inspector,
        findings=findings,
        inspected_on=datetime.date(2015, 6, 1),
    )
    task.refresh_from_db()
    assert task.inspection_pass_line_met is False
    assert task.inspection_outcome.failed


def test_the_period_page_gives_each_tracks_maximum(client_for, county, tracked, lead_clerk):
    from django.urls import reverse

    period = scores_compute(period=year(county))
    page = client_for(lead_clerk).get(reverse("assessments:period_detail", args=[period.pk]))
    text = page.content.decode()
    assert "满分 100 分" in text  # create: JC-01 15 + JC-03 77 + DJ-01 8
    assert "满分 38 分" in text  # distinctive: TS-02
    assert "满分 23 分" in text  # prepare: JC-01 + DJ-01


def test_a_new_version_keeps_its_pass_line(county, tracked):
    from assessments.services import catalogue_copy

    tracked.pass_share = Decimal("75")
    tracked.save()
    copy = catalogue_copy(source=tracked, campaign=county.campaign)
    assert copy.pass_share == Decimal("75")
    assert copy.pass_line("create") == Decimal("75.00")


def test_a_pass_line_above_the_whole_maximum_is_refused_at_the_field(county, tracked):
    from django.core.exceptions import ValidationError

    tracked.pass_share = Decimal("150")
    with pytest.raises(ValidationError) as invalid:
        tracked.full_clean()
    assert "100" in invalid.value.message_dict["pass_share"][0]
