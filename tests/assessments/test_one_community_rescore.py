"""Recording an inspection scores that one community again in the periods it changes, and the
result is what a full count of the county gives: its points, its total and every rank of its
track. A period that is already behind its data, or fixed by a published circular, is left
alone. The statements it costs do not grow with the county."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ScoringPeriod
from assessments.scoring import (
    circular_generate,
    circular_transition,
    period_freshness,
    scores_compute,
)
from assessments.services import FindingInput, inspection_record
from supervision.models import Community, CommunityTrack
from tests.assessments.scoring_county import event

MARCH = datetime.date(2015, 3, 15)


def communities(county, count, track="create", prefix="测试"):
    made = []
    for number in range(count):
        community = Community.objects.create(
            town=county.town, name=f"{prefix}{track}{number:03d}社区", households=1000
        )
        CommunityTrack.objects.create(campaign=county.campaign, community=community, track=track)
        made.append(community)
    return made


def record(community, catalogue, inspector, on, *, premises=True, elderly=True, party=True):
    by_code = {i.code: i for i in catalogue.indicators.all()}
    return inspection_record(
        community=community,
        kind="spot_check",
        by=inspector,
        inspected_on=on,
        findings=[
            FindingInput(indicator=by_code["JC-01"], measured_value=100000 if premises else 0),
            FindingInput(indicator=by_code["JC-02"], measured_value=100000 if elderly else 0),
            FindingInput(indicator=by_code["DJ-01"], met=party),
        ],
    )


def rows_of(period):
    return sorted(
        (row.community_id, row.track, row.total, row.rank, tuple(sorted(row.by_area.items())))
        for row in period.community_scores.all()
    )


def recounted(period):
    scores_compute(period=period)
    return rows_of(period)


@pytest.fixture
def counted(county, catalogue):
    """A county of ten create-track and five distinctive communities, March and April counted."""
    create = communities(county, 10)
    distinctive = communities(county, 5, track="distinctive")
    periods = [
        ScoringPeriod.objects.create(
            campaign=county.campaign,
            kind="month",
            label=label,
            starts_on=starts,
            ends_on=ends,
        )
        for label, starts, ends in (
            ("2015年3月", datetime.date(2015, 3, 1), datetime.date(2015, 3, 31)),
            ("2015年4月", datetime.date(2015, 4, 1), datetime.date(2015, 4, 30)),
        )
    ]
    for period in periods:
        scores_compute(period=period)
    return create + distinctive, periods


def test_an_inspection_rescores_its_community_and_the_period_stays_current(
    counted, catalogue, inspector
):
    members, (march, april) = counted
    counted_at = ScoringPeriod.objects.get(pk=march.pk).computed_at
    record(members[3], catalogue, inspector, MARCH, elderly=False)

    row = march.community_scores.get(community=members[3])
    assert row.total == Decimal("80.0")
    assert row.rank == 1
    assert row.counted_at is not None
    assert april.community_scores.get(community=members[3]).total == Decimal("80.0")
    # Nobody had to press 重新计分: the period is still current and was not counted afresh.
    march.refresh_from_db()
    assert march.computed_at == counted_at
    assert period_freshness(period=march)["stale"] is False
    assert rows_of(march) == recounted(march)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_inspections_ends_where_a_full_count_does(
    counted, catalogue, inspector, seed
):
    members, (march, april) = counted
    chance = random.Random(seed)
    for _step in range(24):
        record(
            chance.choice(members),
            catalogue,
            inspector,
            datetime.date(2015, chance.choice([3, 4]), chance.randint(1, 28)),
            premises=chance.random() < 0.6,
            elderly=chance.random() < 0.5,
            party=chance.random() < 0.7,
        )
    incremental = [rows_of(march), rows_of(april)]
    assert not ScoringPeriod.objects.get(pk=march.pk).scores_behind_data()
    assert not ScoringPeriod.objects.get(pk=april.pk).scores_behind_data()
    assert incremental == [recounted(march), recounted(april)]


def test_an_inspection_after_a_period_ends_leaves_that_period_alone(counted, catalogue, inspector):
    members, (march, april) = counted
    record(members[0], catalogue, inspector, datetime.date(2015, 4, 20))
    assert march.community_scores.get(community=members[0]).total == 0
    assert march.community_scores.get(community=members[0]).counted_at is None
    assert april.community_scores.get(community=members[0]).total == 100


def test_a_period_already_behind_its_data_waits_for_a_full_recount(
    counted, county, catalogue, inspector, lead_clerk
):
    members, (march, _april) = counted
    from tests.assessments.scoring_county import assignment
    from workflows.models import CreationTask

    task = CreationTask.objects.create(campaign=county.campaign, community=members[0])
    work = assignment(task, county.finance, "2015-03-10")
    event(work, "returned", "2015-03-09", lead_clerk)  # recorded now: March is behind its data
    assert ScoringPeriod.objects.get(pk=march.pk).scores_behind_data()

    record(members[1], catalogue, inspector, MARCH)
    assert march.community_scores.get(community=members[1]).total == 0
    assert ScoringPeriod.objects.get(pk=march.pk).scores_behind_data()


def test_a_period_fixed_by_a_published_circular_is_never_rescored(
    counted, catalogue, inspector, lead_clerk, leader
):
    members, (march, _april) = counted
    circular = circular_generate(period=march, by=lead_clerk)
    for action, by in (("submit", lead_clerk), ("approve", leader)):
        circular_transition(circular=circular, action=action, by=by)
    circular_transition(circular=circular, action="publish", by=leader)

    record(members[2], catalogue, inspector, MARCH)
    assert march.community_scores.get(community=members[2]).total == 0


def test_a_draft_still_waits_for_its_figures_to_be_copied_again(
    counted, catalogue, inspector, lead_clerk
):
    members, (march, _april) = counted
    draft = circular_generate(period=march, by=lead_clerk)
    record(members[4], catalogue, inspector, MARCH)
    # The scores are current, the draft's copy of them is not.
    counted = ScoringPeriod.objects.get(pk=march.pk)
    assert not counted.scores_behind_data()
    assert draft.is_stale()
    # Copying them again is enough: the period is not counted afresh.
    circular_transition(circular=draft, action="recount", by=lead_clerk)
    assert ScoringPeriod.objects.get(pk=march.pk).computed_at == counted.computed_at
    assert not draft.is_stale()
    row = next(c for c in draft.figures["communities"] if c["name"] == members[4].name)
    assert Decimal(row["total"]) == 100


def test_the_period_page_says_a_community_was_scored_again(
    client_for, counted, catalogue, inspector, lead_clerk
):
    members, (march, _april) = counted
    record(members[5], catalogue, inspector, MARCH)
    page = client_for(lead_clerk).get(reverse("assessments:period_detail", args=[march.pk]))
    text = page.content.decode()
    assert "还不是最新的" not in text
    assert "录入督查后已逐个社区重新计分" in text
    # Counted afresh afterwards: nothing was scored alone since.
    scores_compute(period=march)
    page = client_for(lead_clerk).get(reverse("assessments:period_detail", args=[march.pk]))
    assert "录入督查后已逐个社区重新计分" not in page.content.decode()


def test_the_statements_do_not_grow_with_the_county(county, catalogue, inspector, counted):
    members, _periods = counted

    def statements(community):
        with CaptureQueriesContext(connection) as captured:
            record(community, catalogue, inspector, MARCH, party=False)
        return len(captured)

    statements(members[0])  # the first of a process looks up what later ones have at hand
    small = statements(members[1])
    communities(county, 40, prefix="新增")
    communities(county, 20, track="distinctive", prefix="新增")
    for period in ScoringPeriod.objects.all():
        scores_compute(period=period)
    assert statements(members[2]) == small
