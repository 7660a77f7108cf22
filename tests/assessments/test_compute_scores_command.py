"""`manage.py compute_scores --period` recomputes a snapshot; the same data gives the same one."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import CommunityScore, DepartmentScore


def snapshot(period):
    communities = list(
        CommunityScore.objects.filter(period=period)
        .order_by("community_id")
        .values_list("community_id", "track", "by_area", "total", "rank", "previous_rank")
    )
    departments = list(
        DepartmentScore.objects.filter(period=period)
        .order_by("department_id")
        .values_list(
            "department_id",
            "assignments_due",
            "on_time",
            "returns",
            "overdue_days",
            "orders_issued",
            "orders_closed",
            "assistance_points",
            "total",
            "rank",
        )
    )
    return communities, departments


def test_recomputing_a_period_gives_the_same_snapshot(scored_county):
    _sanqiao, march, _april = scored_county
    call_command("compute_scores", period="2015年3月")
    first = snapshot(march)
    assert first[0] and first[1]
    call_command("compute_scores", period=str(march.pk))
    assert snapshot(march) == first
    march.refresh_from_db()
    assert march.computed_at is not None


def test_unknown_period_is_refused(county):
    with pytest.raises(CommandError, match="没有考核周期"):
        call_command("compute_scores", period="2099年1月")
