"""seed_demo scores 2015 and leaves one published circular and one draft; running it again changes nothing."""

from django.core.management import call_command

from assessments.models import Circular, CommunityScore, ScoringPeriod


def test_seed_demo_scores_periods_and_circulars(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert ScoringPeriod.objects.count() == 17
    assert CommunityScore.objects.filter(period__label="2015年度").count() == 10
    states = sorted(Circular.objects.values_list("state", flat=True))
    assert states == ["draft", "published"]
    published = Circular.objects.get(state="published")
    figures = published.figures
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Circular.objects.count() == 2
    assert ScoringPeriod.objects.count() == 17
    published.refresh_from_db()
    assert published.figures == figures
    assert published.serial_label == "2015年第1期"
