from decimal import Decimal

from assessments.models import Catalogue, Inspection
from assessments.services import (
    catalogue_copy,
    catalogue_current,
    indicators_for,
    inspection_record,
)
from supervision.models import Campaign
from tests.assessments.helpers import rows


def test_editing_a_new_version_keeps_old_scores(county, catalogue, inspector):
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(catalogue, premises="320"),
    )
    revised = catalogue_copy(source=catalogue, campaign=county.campaign)
    premises = revised.indicators.get(code="JC-01")
    premises.threshold = Decimal("350")
    premises.points = Decimal("50")
    premises.save()

    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.catalogue == catalogue
    assert inspection.score == Decimal("100")
    finding = inspection.findings.get(indicator__code="JC-01")
    assert finding.met is True and finding.points_awarded == Decimal("40")
    assert finding.indicator.threshold == Decimal("300")
    assert catalogue_current(campaign=county.campaign) == revised
    assert catalogue.is_used and not revised.is_used


def test_later_inspections_are_scored_under_the_version_in_force(county, catalogue, inspector):
    revised = catalogue_copy(source=catalogue, campaign=county.campaign)
    revised.indicators.filter(code="JC-01").update(threshold=Decimal("350"))
    inspection = inspection_record(
        community=county.community,
        kind="spot_check",
        by=inspector,
        findings=rows(revised, premises="320"),
    )
    assert inspection.catalogue == revised
    assert inspection.findings.get(indicator__code="JC-01").met is False


def test_a_new_year_copies_last_years_catalogue(county, catalogue):
    catalogue.indicators.get(code="JC-01").departments.add(county.housing)
    next_year = Campaign.objects.create(year=2016, title="2016年创建工作")
    copy = catalogue_copy(source=catalogue, campaign=next_year)
    assert copy.version == 1 and copy.based_on == catalogue
    assert sorted(copy.indicators.values_list("code", flat=True)) == ["DJ-01", "JC-01", "JC-02"]
    assert list(copy.indicators.get(code="JC-01").departments.all()) == [county.housing]
    assert catalogue.indicators.count() == 3
    assert Catalogue.objects.filter(campaign=county.campaign).count() == 1


def test_indicators_follow_the_communitys_track(county, catalogue):
    catalogue.indicators.filter(code="DJ-01").update(for_create=False, for_distinctive=True)
    catalogue.indicators.exclude(code="DJ-01").update(for_distinctive=False)
    create = set(
        indicators_for(catalogue=catalogue, community=county.community).values_list(
            "code", flat=True
        )
    )
    distinctive = set(
        indicators_for(catalogue=catalogue, community=county.other_community).values_list(
            "code", flat=True
        )
    )
    assert create == {"JC-01", "JC-02"}
    assert distinctive == {"DJ-01"}
