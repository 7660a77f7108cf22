"""The system's period scores equal the ones worked out by hand in scoring_county.py."""

from decimal import Decimal

from assessments.models import Catalogue, CommunityScore, DepartmentScore
from assessments.scoring import scores_compute


def community_totals(period):
    return {
        s.community.name: (s.track, s.total, s.rank, s.previous_rank)
        for s in CommunityScore.objects.filter(period=period).select_related("community")
    }


def test_community_scores_by_track_match_hand_count(scored_county):
    _sanqiao, march, april = scored_county
    scores_compute(period=march)
    assert community_totals(march) == {
        "二机社区": ("create", Decimal("80"), 1, None),
        "三桥社区": ("create", Decimal("0"), 2, None),
        "湘赣社区": ("distinctive", Decimal("40"), 1, None),
    }
    erji = CommunityScore.objects.get(period=march, community__name="二机社区")
    assert erji.by_area == {"infrastructure": "40.0", "party_building": "40.0"}


def test_latest_finding_as_of_period_end_counts(scored_county):
    _sanqiao, march, april = scored_county
    scores_compute(period=march)
    scores_compute(period=april)
    scores = community_totals(april)
    # The April follow-up met JC-02; the May spot-check of 湘赣 is after April's end.
    assert scores["二机社区"] == ("create", Decimal("100"), 1, 1)
    assert scores["湘赣社区"] == ("distinctive", Decimal("40"), 1, 1)


def test_a_later_failure_cancels_an_earlier_pass(scored_county, county):
    import datetime

    from assessments.models import ScoringPeriod

    _sanqiao, _march, _april = scored_county
    may = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label="2015年5月",
        starts_on=datetime.date(2015, 5, 1),
        ends_on=datetime.date(2015, 5, 31),
    )
    scores_compute(period=may)
    # 湘赣 met DJ-01 on 3-20 but failed it on 5-02: nothing left of its 40 points.
    assert community_totals(may)["湘赣社区"][1] == Decimal("0")
    assert community_totals(may)["二机社区"][1] == Decimal("100")


def test_points_come_from_the_catalogue_version_in_force(scored_county, catalogue):
    import datetime

    from django.utils import timezone

    from assessments.services import catalogue_copy

    _sanqiao, march, april = scored_county
    second = catalogue_copy(source=catalogue, campaign=catalogue.campaign)
    second.indicators.filter(code="DJ-01").update(points=Decimal("30"))
    in_april = timezone.make_aware(datetime.datetime(2015, 4, 1, 9))
    Catalogue.objects.filter(pk=second.pk).update(created_at=in_april)
    scores_compute(period=march)
    scores_compute(period=april)
    assert community_totals(march)["二机社区"][1] == Decimal("80")
    assert community_totals(april)["二机社区"][1] == Decimal("90")


def test_department_scores_match_hand_count(scored_county, county):
    _sanqiao, march, _april = scored_county
    scores_compute(period=march)
    finance = DepartmentScore.objects.get(period=march, department=county.finance)
    housing = DepartmentScore.objects.get(period=march, department=county.housing)
    assert (finance.assignments_due, finance.on_time, finance.returns) == (2, 1, 1)
    assert (finance.overdue_days, finance.assistance_points) == (5, Decimal("4"))
    assert finance.total == Decimal("69.50")
    assert (housing.assignments_due, housing.on_time, housing.overdue_days) == (1, 0, 21)
    assert (housing.orders_issued, housing.orders_closed) == (2, 1)
    assert housing.total == Decimal("29.50")
    assert (finance.rank, housing.rank) == (1, 2)


def test_weights_an_administrator_sets_change_the_score(scored_county, county):
    from assessments.scoring import weights_for

    _sanqiao, march, _april = scored_county
    weights = weights_for(campaign=county.campaign)
    weights.on_time, weights.assistance = Decimal("50"), Decimal("0")
    weights.save()
    scores_compute(period=march)
    finance = DepartmentScore.objects.get(period=march, department=county.finance)
    # 50×1/2 + 8 + 17.5 + 20 + 0
    assert finance.total == Decimal("70.50")


def test_an_acceptance_after_midnight_beijing_time_is_a_day_late(scored_county, county, lead_clerk):
    """The acceptance's day is the county's calendar day, not the UTC one stored."""
    import datetime

    from django.utils import timezone

    from tests.assessments.scoring_county import assignment
    from workflows.models import AssignmentEvent, CreationTask

    _sanqiao, march, _april = scored_county
    task = CreationTask.objects.get(community=county.community)
    work = assignment(task, county.housing, "2015-03-12", area="staffing")
    # 2015-03-13 05:00 in Beijing is 2015-03-12 21:00 in UTC: the day after the deadline.
    AssignmentEvent.objects.create(
        assignment=work,
        action="accepted",
        source="submitted",
        target="accepted",
        actor=lead_clerk,
        at=timezone.make_aware(datetime.datetime(2015, 3, 13, 5, 0)),
    )
    scores_compute(period=march)
    housing = DepartmentScore.objects.get(period=march, department=county.housing)
    assert (housing.assignments_due, housing.on_time) == (2, 0)
    assert housing.overdue_days == 21 + 1
