import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Finding, Inspection, OrderEvent, RectificationOrder, ScoringPeriod
from supervision.models import Campaign, Community, CommunityTrack
from workflows.models import Assignment, CreationTask


@pytest.mark.django_db
def test_seed_scale_builds_the_requested_county_and_is_repeatable(capsys):
    call_command("seed_scale", communities=150)
    assert "新增社区 150 个" in capsys.readouterr().out
    assert Community.objects.filter(town__name__startswith="规模测试").count() == 150
    assert CommunityTrack.objects.count() == CreationTask.objects.count() == 150
    states = set(CreationTask.objects.values_list("state", flat=True))
    assert states == {
        "planned",
        "under_construction",
        "inspected",
        "rectifying",
        "passed",
        "distinctive",
    }
    # Each track its own work: 20 creation items, 6 distinctive ones, 7 to prepare next year.
    owed = {"create": 20, "distinctive": 6, "prepare": 7}
    for track, items in owed.items():
        tasks = CreationTask.objects.exclude(state="planned").filter(community__tracks__track=track)
        assert Assignment.objects.filter(task__in=tasks).count() == tasks.count() * items
    inspections = Inspection.objects.count()
    call_command("seed_scale", communities=150)
    assert Community.objects.count() == 150 and CreationTask.objects.count() == 150
    assert Inspection.objects.count() == inspections
    call_command("seed_scale", communities=160)
    assert CreationTask.objects.count() == 160


@pytest.mark.django_db
def test_seed_scale_refuses_a_silly_size():
    with pytest.raises(CommandError, match="社区总数应在"):
        call_command("seed_scale", communities=0)


@pytest.mark.django_db
def test_seed_scale_inspects_by_state_and_orders_every_failure(capsys):
    call_command("seed_scale", communities=300)
    inspected = CreationTask.objects.filter(
        state__in=["inspected", "rectifying", "passed", "distinctive"]
    )
    acceptance = Inspection.objects.filter(kind="acceptance")
    assert acceptance.count() == inspected.count()
    assert not inspected.filter(inspected_at__isnull=True).exists()
    assert set(Inspection.objects.values_list("kind", flat=True)) == {
        "acceptance",
        "spot_check",
        "follow_up",
    }
    year = Campaign.objects.active().year
    days = set(Inspection.objects.values_list("inspected_on", flat=True))
    assert {d.year for d in days} == {year} and max(days) <= timezone.localdate()
    failed = Finding.objects.filter(met=False)
    assert RectificationOrder.objects.count() == failed.count() > 0
    assert set(RectificationOrder.objects.values_list("state", flat=True)) == {
        "issued",
        "answered",
        "verified",
        "reopened",
    }
    passed = RectificationOrder.objects.filter(task__state__in=["passed", "distinctive"])
    assert not passed.exclude(state="verified").exists()
    for order in RectificationOrder.objects.select_related("finding__inspection")[:50]:
        assert order.issued_at.date() > order.finding.inspection.inspected_on
        assert order.events.first().target == "issued"
    assert OrderEvent.objects.filter(target="verified").count() == (
        RectificationOrder.objects.filter(state="verified").count()
    )
    assert ScoringPeriod.objects.count() == 17
