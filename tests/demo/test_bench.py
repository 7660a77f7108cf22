import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from assessments.models import ScoringPeriod
from assessments.scoring import scores_compute
from demo.bench import PAGES
from supervision.models import Campaign


@pytest.mark.django_db
def test_bench_prints_one_table_with_every_measure(settings):
    # Import limits small enough for a test: the files the import lines build follow them.
    settings.UPLOAD_MAX_BYTES = 256 * 1024
    settings.IMPORT_MAX_ROWS = 300
    settings.IMPORT_MAX_UNPACKED_BYTES = 4 * 1024 * 1024
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_scale", communities=30, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", repeat=1, scoring_repeat=1, stdout=out)
    table = out.getvalue()
    rows = [line for line in table.splitlines() if line.startswith("| 40 |")]
    year = Campaign.objects.active().year
    assert "社区 N = 40" in table and f"{year}年度" in table
    assert any("scores_compute" in row for row in rows)
    assert any("export_assessment" in row for row in rows)
    assert any("data_changed_at" in row for row in rows)
    for label, _name, username, _settings in PAGES:
        assert any(label in row and f"（{username}）" in row for row in rows), label
    imports = [row for row in rows if "拒绝：" in row or "导入：" in row]
    assert len(imports) == 4
    assert any("社区得分明细" in row for row in rows)
    assert any("部门得分明细" in row for row in rows)
    assert any("单社区重新计分" in row for row in rows)
    assert sum("数字明细" in row for row in rows) == 3
    assert len(rows) == 10 + len(PAGES) + len(imports)
    # The rescore line undoes what it measures: the scores are those of a full count.
    period = ScoringPeriod.objects.get(campaign__year=year, kind="year")
    left = sorted(period.community_scores.values_list("community_id", "total", "rank"))
    scores_compute(period=period)
    assert left == sorted(period.community_scores.values_list("community_id", "total", "rank"))


@pytest.mark.django_db
def test_bench_without_demo_logins_says_what_to_run():
    call_command("seed_scale", communities=5, stdout=io.StringIO())
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench", repeat=1, scoring_repeat=1, stdout=io.StringIO())


@pytest.mark.django_db
def test_the_bare_sql_baseline_counts_what_scores_compute_counts():
    """The baseline is only a baseline if it computes the same points (each track's own)."""
    from assessments.scoring import community_points, periods_create_for_campaign
    from demo.bench import scores_bare_sql

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_scale", communities=30, stdout=io.StringIO())
    campaign = Campaign.objects.active()
    periods_create_for_campaign(campaign=campaign)
    period = ScoringPeriod.objects.get(campaign=campaign, kind="year")
    bare, _parts = scores_bare_sql(period=period)
    django = community_points(campaign=campaign, on=period.ends_on)
    assert (
        bare["points"]
        and {
            pk: {area: Decimal(v) for area, v in areas.items()}
            for pk, areas in bare["points"].items()
        }
        == django
    )
