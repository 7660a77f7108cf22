"""Every figure on a home page is a link to the list it counts, and that list says 共 N 条
with the same N: on the demo county, and again after the county grows and work moves."""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from workflows.models import Assignment, CreationTask

PERSONAS = ["leader", "lead", "dept", "inspector", "community"]
FIGURE = re.compile(r'<a [^>]*href="([^"]+)"[^>]*data-figure="(\d+)"')
TOTAL = re.compile(r"共 (\d+) 条")

pytestmark = pytest.mark.django_db


def figures_of(client) -> list[tuple[str, int]]:
    page = client.get(reverse("home")).content.decode()
    return [(html.unescape(url), int(n)) for url, n in FIGURE.findall(page)]


def mismatches(client) -> list[tuple[str, int, list[str]]]:
    wrong = []
    for url, n in figures_of(client):
        listing = client.get(url)
        totals = TOTAL.findall(listing.content.decode()) if listing.status_code == 200 else []
        if totals != [str(n)]:
            wrong.append((url, n, totals or [str(listing.status_code)]))
    return wrong


@pytest.fixture
def demo(client):
    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    assert sorted(users) == sorted(PERSONAS)

    def as_(name):
        client.force_login(users[name])
        return client

    return as_


def test_the_home_pages_have_figures_and_each_opens_its_list_with_that_many_rows(demo):
    counted = {name: figures_of(demo(name)) for name in PERSONAS}
    # The cockpit: 3 headline figures, one per state, one per state column of the board, and
    # four per department with work; a department's home: its three lights.
    states = len(CreationTask.State.choices)
    assert len(counted["leader"]) >= 3 + 2 * states + 4
    assert len(counted["dept"]) == 3
    for name in PERSONAS:
        assert mismatches(demo(name)) == [], name


def test_figures_still_match_after_the_county_grows_and_work_moves(demo):
    call_command("seed_scale", communities=60, stdout=io.StringIO())
    # Some work finished, some overdue: the lights and the done column move.
    open_work = Assignment.objects.open().order_by("pk")
    Assignment.objects.filter(pk__in=open_work.values("pk")[:7]).update(state="accepted")
    for name in PERSONAS:
        assert mismatches(demo(name)) == [], name


def test_the_lead_departments_own_counters_keep_its_department(demo):
    client = demo("lead")
    own = [url for url, _n in figures_of(client) if "department=" in url and "light=" in url]
    assert own, "the lead department's home shows its own department's lights"
    for url in own:
        assert "department=" in url
