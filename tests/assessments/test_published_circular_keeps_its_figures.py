"""A published circular never changes: new findings move neither its figures nor its snapshot."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from assessments.models import CommunityScore
from assessments.scoring import (
    circular_generate,
    circular_transition,
    scores_compute,
)
from supervision.transitions import Refused
from tests.assessments.scoring_county import inspect


def published(march, lead_clerk, leader):
    circular = circular_generate(period=march, by=lead_clerk)
    for action, actor in [("submit", lead_clerk), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=circular, action=action, by=actor)
    return circular


def test_published_circular_keeps_figures_after_findings_change(
    scored_county, county, catalogue, inspector, lead_clerk, leader
):
    _sanqiao, march, _april = scored_county
    circular = published(march, lead_clerk, leader)
    before = circular.figures
    erji = next(c for c in before["communities"] if c["name"] == "二机社区")
    assert erji["total"] == "80.0"

    # A late-recorded inspection dated in March would change March's score.
    inspect(county, catalogue, inspector, county.community, "2015-03-30", JC_02=True)
    with pytest.raises(Refused):
        scores_compute(period=march)
    with pytest.raises(CommandError, match="已发布"):
        call_command("compute_scores", period="2015年3月")

    circular.refresh_from_db()
    assert circular.figures == before
    assert CommunityScore.objects.get(period=march, community=county.community).total == 80


def test_draft_circular_figures_are_copied_not_live(
    scored_county, county, catalogue, inspector, lead_clerk
):
    _sanqiao, march, _april = scored_county
    circular = circular_generate(period=march, by=lead_clerk)
    inspect(county, catalogue, inspector, county.community, "2015-03-30", JC_02=True)
    scores_compute(period=march)
    circular.refresh_from_db()
    erji = next(c for c in circular.figures["communities"] if c["name"] == "二机社区")
    assert erji["total"] == "80.0"
    assert march.community_scores.get(community=county.community).total == 100


def test_circular_figures_hold_the_headline_and_red_list(scored_county, county, lead_clerk):
    _sanqiao, march, _april = scored_county
    figures = circular_generate(period=march, by=lead_clerk).figures
    assert figures["communities_total"] == 1
    assert sum(s["count"] for s in figures["states"]) == 1
    red = {row["name"]: row for row in figures["red_list"]}
    assert red["县房管局"] == {
        "name": "县房管局",
        "assignments": 1,
        "orders": 1,
        # The party, so each count links to the list it counts.
        "department_id": county.housing.pk,
        "community_id": None,
    }
    assert "县财政局" not in red
    problems = {(p["community"], p["code"]) for p in figures["problems"]}
    assert problems == {("二机社区", "JC-02"), ("湘赣社区", "JC-01")}
    # 财政 ranks first but scores 69.5, below the line of 80: named in 下步要求, not praised.
    assert figures["commend"]["departments"] == []
    assert figures["urge"]["departments"] == ["财政", "房管"]
    assert datetime.date.fromisoformat(figures["ends_on"]) == march.ends_on
