"""A costly cockpit is kept a minute and says when it was counted; a cheap one is always fresh."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from workflows.models import CreationTask

NOW = datetime.datetime(2015, 6, 1, 9, 30, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def planned_count(page: str) -> str:
    """The number beside 列入计划 in the cockpit's table of states."""
    row = page.split('id="table-states"')[1].split("state-planned")[1]
    return row.split('data-figure="')[1].split('"')[0]


def home(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    return page, len(queries)


@pytest.fixture
def costly(settings):
    """Every count counts as costly: the figures are kept for a minute."""
    settings.COCKPIT_CACHE_SECONDS = 60
    settings.COCKPIT_CACHE_AFTER_MS = 0


def test_costly_figures_are_kept_a_minute_and_say_when_they_were_counted(
    costly, client_for, leader, county
):
    client = client_for(leader)
    with freeze_time(NOW):
        first, first_queries = home(client)
        assert "统计于 17:30:00，每 60 秒更新一次" in first  # Beijing time
        assert planned_count(first) == "0"
        CreationTask.objects.create(campaign=county.campaign, community=county.community)
        kept, kept_queries = home(client)
    assert planned_count(kept) == "0" and "统计于 17:30:00" in kept
    assert kept_queries < first_queries

    with freeze_time(NOW + datetime.timedelta(seconds=61)):
        fresh, _queries = home(client)
    assert planned_count(fresh) == "1" and "统计于 17:31:01" in fresh


def test_kept_figures_follow_the_language(costly, client_for, leader, county):
    client = client_for(leader)
    assert "列入计划" in home(client)[0]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = home(client)[0]
    assert "Planned" in page and "Counted at" in page


def test_cheap_figures_show_every_change_at_once(settings, client_for, leader, county):
    settings.COCKPIT_CACHE_SECONDS = 60
    settings.COCKPIT_CACHE_AFTER_MS = 60_000
    client = client_for(leader)
    first, _queries = home(client)
    assert planned_count(first) == "0" and "统计于" in first and "秒更新一次" not in first
    CreationTask.objects.create(campaign=county.campaign, community=county.community)
    assert planned_count(home(client)[0]) == "1"
