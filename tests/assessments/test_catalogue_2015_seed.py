from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from assessments.models import Catalogue, Indicator, Inspection, Measure, RectificationOrder
from supervision.models import Campaign


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())
    return Campaign.objects.active()


def test_create_track_points_sum_to_100(seeded):
    catalogue = Catalogue.objects.get(campaign=seeded)
    total = catalogue.indicators.filter(for_create=True).aggregate(t=Sum("points"))["t"]
    assert total == Decimal("100")
    distinctive = catalogue.indicators.filter(for_distinctive=True).aggregate(t=Sum("points"))
    assert distinctive["t"] == Decimal("100")


def test_the_seeds_numbers_are_in_the_catalogue(seeded):
    indicators = Indicator.objects.filter(catalogue__campaign=seeded)
    premises = indicators.get(fact="premises_area")
    assert premises.measure == Measure.AT_LEAST and premises.threshold == 300
    assert premises.is_critical
    assert set(premises.departments.values_list("code", flat=True)) == {"gtj", "ghj", "fgj"}
    elderly = indicators.get(fact="elderly_care_area")
    assert elderly.measure == Measure.PER_100_HOUSEHOLDS and elderly.threshold == 20
    assert indicators.get(fact="certified_social_workers").threshold == 1
    assert indicators.get(fact="filed_social_organisations").threshold == 3
    assert set(indicators.values_list("work_area", flat=True)) == {
        "party_building",
        "self_governance",
        "infrastructure",
        "informatisation",
        "services",
        "co_construction",
    }


def test_seeding_twice_adds_nothing(seeded):
    counts = (
        Indicator.objects.count(),
        Inspection.objects.count(),
        RectificationOrder.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    again = (
        Indicator.objects.count(),
        Inspection.objects.count(),
        RectificationOrder.objects.count(),
    )
    assert again == counts
    kinds = sorted(Inspection.objects.values_list("kind", flat=True))
    assert kinds == ["acceptance"] * 4 + ["spot_check"]
    west = RectificationOrder.objects.get(task__community__name="西门社区")
    assert west.is_critical and west.task.state == "rectifying"


def test_seeding_keeps_the_administrators_edits(seeded):
    Indicator.objects.filter(code="DJ-02").update(points=Decimal("5"))
    call_command("seed_demo", stdout=StringIO())
    assert Indicator.objects.get(code="DJ-02").points == Decimal("5")
