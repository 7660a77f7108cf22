"""The one set of test builders: the conftests' fixtures, the browser tests and the permission
matrix all build their county, people, tasks and standards with these."""

from decimal import Decimal

from assessments.models import Catalogue, Indicator, Measure, WorkArea


def catalogue_build(campaign) -> Catalogue:
    """A small catalogue: a critical premises standard, an elderly-care ratio and a yes/no one."""
    catalogue = Catalogue.objects.create(campaign=campaign, title="2015年创建标准")
    Indicator.objects.create(
        catalogue=catalogue,
        code="JC-01",
        name="管理和服务用房不少于300平方米",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.AT_LEAST,
        fact="premises_area",
        threshold=Decimal("300"),
        points=Decimal("40"),
        is_critical=True,
        sort_order=1,
    )
    Indicator.objects.create(
        catalogue=catalogue,
        code="JC-02",
        name="养老服务用房每百户20平方米",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.PER_100_HOUSEHOLDS,
        fact="elderly_care_area",
        threshold=Decimal("20"),
        points=Decimal("20"),
        sort_order=2,
    )
    Indicator.objects.create(
        catalogue=catalogue,
        code="DJ-01",
        name="五好社区党组织",
        work_area=WorkArea.PARTY_BUILDING,
        measure=Measure.YES_NO,
        points=Decimal("40"),
        sort_order=3,
    )
    return catalogue


def inspection_form_data(catalogue, *, premises="300", elderly="30", party="1", **extra):
    """What an inspector posts on the acceptance form for `catalogue_build`'s three standards."""
    ids = {i.code: i.pk for i in catalogue.indicators.all()}
    data = {
        "kind": "acceptance",
        "inspected_on": "2015-09-01",
        "remarks": "",
        f"f{ids['JC-01']}-measured_value": premises,
        f"f{ids['JC-02']}-measured_value": elderly,
        f"f{ids['DJ-01']}-met": party,
    }
    data.update(extra)
    return data
