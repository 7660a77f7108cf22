"""seed_demo scores this year and leaves one published circular and one draft; running it again
changes nothing."""

from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from assessments.models import Circular, CommunityScore, ScoringPeriod


def test_seed_demo_scores_periods_and_circulars(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert ScoringPeriod.objects.count() == 17
    year = timezone.localdate().year
    assert CommunityScore.objects.filter(period__label=f"{year}年度").count() == 10
    states = sorted(Circular.objects.values_list("state", flat=True))
    assert states == ["draft", "published"]
    published = Circular.objects.get(state="published")
    figures = published.figures
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Circular.objects.count() == 2
    assert ScoringPeriod.objects.count() == 17
    published.refresh_from_db()
    assert published.figures == figures
    assert published.serial_label == f"{year}年第1期"
    # The demo's work happened today, so this month's circular shows it.
    assert published.period.starts_on <= timezone.localdate() <= published.period.ends_on
    assert published.figures["passed_this_period"] >= 1
    assert any(Decimal(c["total"]) > 0 for c in published.figures["communities"])
