"""The migration that lets a period hold one unpublished circular, on a county whose clerks had
pressed 生成通报 several times: the circular furthest along stays, with any paragraph it lacked,
the rest go with their history, published ones are untouched. Runs on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import Circular, CircularEvent

BEFORE = [("assessments", "0010_old_evidence_tables_gone")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def migrated(transactional_db):
    apps = _migrate(BEFORE)
    user = apps.get_model("auth", "User").objects.create(username="lead", password="!")
    campaign = apps.get_model("supervision", "Campaign").objects.create(year=2015, title="2015")
    period_model = apps.get_model("assessments", "ScoringPeriod")
    circular_model = apps.get_model("assessments", "Circular")
    event_model = apps.get_model("assessments", "CircularEvent")
    march, april = (
        period_model.objects.create(
            campaign=campaign,
            kind="month",
            label=label,
            starts_on=datetime.date(2015, month, 1),
            ends_on=datetime.date(2015, month, 28),
        )
        for label, month in [("3月", 3), ("4月", 4)]
    )

    def circular(period, title, state="draft", **text):
        made = circular_model.objects.create(
            campaign=campaign, period=period, title=title, state=state, created_by=user, **text
        )
        if state != "draft":
            event_model.objects.create(
                circular=made, action="submit", source="draft", target="submitted", actor=user
            )
        return made.pk

    ids = {
        "published": circular(march, "已发布", state="published", serial_number=1),
        "draft_with_text": circular(march, "草稿一", overview="本月总体平稳。"),
        "submitted": circular(march, "已报审", state="submitted", problems="用房不足。"),
        "empty_draft": circular(march, "草稿二"),
        "april_1": circular(april, "四月一"),
        "april_2": circular(april, "四月二", next_steps="抓紧整改。"),
    }
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return ids


def test_the_circular_furthest_along_stays_with_the_paragraphs_it_lacked(migrated):
    kept = Circular.objects.get(pk=migrated["submitted"])
    assert (kept.overview, kept.problems) == ("本月总体平稳。", "用房不足。")
    assert not Circular.objects.filter(
        pk__in=[migrated["draft_with_text"], migrated["empty_draft"]]
    ).exists()
    assert CircularEvent.objects.filter(circular=kept).count() == 1


def test_among_drafts_the_newest_stays(migrated):
    assert list(Circular.objects.filter(period__label="4月").values_list("pk", "next_steps")) == [
        (migrated["april_2"], "抓紧整改。")
    ]


def test_published_circulars_are_untouched(migrated):
    published = Circular.objects.get(pk=migrated["published"])
    assert (published.state, published.serial_number) == ("published", 1)
    assert Circular.objects.count() == 3
