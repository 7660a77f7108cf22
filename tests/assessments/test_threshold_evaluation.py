from decimal import Decimal

import pytest

from tests.assessments.conftest import indicator


@pytest.mark.parametrize(
    "area, met",
    [(Decimal("300"), True), (Decimal("300.01"), True), (Decimal("299.9"), False), (0, False)],
)
def test_premises_of_at_least_300_square_metres(catalogue, area, met):
    assert indicator(catalogue, "JC-01").is_met_by(value=area) is met


@pytest.mark.parametrize(
    "households, area, met",
    [
        (150, Decimal("30"), True),  # exactly 20 per 100 households
        (150, Decimal("29.99"), False),
        (149, Decimal("29.8"), True),  # exactly 20 per 100 households
        (149, Decimal("29.79"), False),
        (149, Decimal("30"), True),
        (151, Decimal("30"), False),
    ],
)
def test_elderly_care_of_20_per_100_households(catalogue, households, area, met):
    assert indicator(catalogue, "JC-02").is_met_by(value=area, households=households) is met


def test_ratio_standard_is_not_met_without_households(catalogue):
    assert indicator(catalogue, "JC-02").is_met_by(value=Decimal("500"), households=0) is False


@pytest.mark.parametrize("count, met", [(3, True), (4, True), (2, False)])
def test_count_of_filed_social_organisations(catalogue, count, met):
    from assessments.models import Indicator, Measure, WorkArea

    filed = Indicator.objects.create(
        catalogue=catalogue,
        code="TS-02",
        name="备案社区社会组织不少于3个",
        work_area=WorkArea.CO_CONSTRUCTION,
        measure=Measure.COUNT_AT_LEAST,
        fact="filed_social_organisations",
        threshold=3,
        points=10,
    )
    assert filed.is_met_by(value=count) is met


@pytest.mark.parametrize("chosen, met", [(True, True), (False, False)])
def test_yes_no_standard_is_as_chosen(catalogue, chosen, met):
    assert indicator(catalogue, "DJ-01").is_met_by(value=chosen) is met


def test_numeric_standard_without_a_measured_value_is_not_met(catalogue):
    assert indicator(catalogue, "JC-01").is_met_by(value=None) is False
