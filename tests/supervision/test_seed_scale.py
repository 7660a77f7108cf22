import pytest
from django.core.management import CommandError, call_command

from supervision.models import Community, CommunityTrack
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
    not_planned = CreationTask.objects.exclude(state="planned").count()
    assert Assignment.objects.count() == not_planned * 20
    call_command("seed_scale", communities=150)
    assert Community.objects.count() == 150 and CreationTask.objects.count() == 150
    call_command("seed_scale", communities=160)
    assert CreationTask.objects.count() == 160


@pytest.mark.django_db
def test_seed_scale_refuses_a_silly_size():
    with pytest.raises(CommandError, match="社区总数应在"):
        call_command("seed_scale", communities=0)
