"""seed_demo leaves a living campaign, and running it again changes nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from workflows.models import (
    Assignment,
    AssignmentEvent,
    CreationTask,
    ProgressReport,
    TaskTransition,
)


def seed():
    call_command("seed_demo", stdout=StringIO())


def snapshot():
    return (
        Counter(CreationTask.objects.values_list("state", flat=True)),
        Counter(Assignment.objects.values_list("state", flat=True)),
        TaskTransition.objects.count(),
        AssignmentEvent.objects.count(),
        ProgressReport.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_leaves_tasks_in_several_states_and_some_work_overdue():
    seed()
    states = Counter(CreationTask.objects.values_list("state", flat=True))
    assert states["planned"] >= 1 and states["under_construction"] >= 3
    # 湘赣 (create) waits for its pass, 南门 (distinctive) to be named distinctive.
    assert states["inspected"] == 2 and states["rectifying"] == 1
    # 文化 was named distinctive straight from its inspection: never passed a second time.
    assert states["distinctive"] == 1 and states["passed"] == 0
    work = Counter(Assignment.objects.values_list("state", flat=True))
    assert set(work) == set(Assignment.State.values)
    lights = Counter(Assignment.objects.open().with_light().values_list("light", flat=True))
    assert lights["red"] >= 3 and lights["yellow"] >= 1 and lights["green"] >= 1
    # Every state change went through a real transition with its audit row.
    # Every plan that moved was submitted (报批) first; 建设社区's came back (退回修改).
    assert states["plan_submitted"] == 1
    per_state = {
        "planned": 2,
        "plan_submitted": 1,
        "under_construction": 2,
        "inspected": 3,
        "rectifying": 4,
        "passed": 4,
        "distinctive": 4,
    }
    assert TaskTransition.objects.count() == sum(per_state[s] * n for s, n in states.items())


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_campaign():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo_gives_every_role_work_on_its_home_page(client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    seed()
    # Communities inspected or beyond had every department's work accepted first.
    beyond = ["inspected", "rectifying", "passed", "distinctive"]
    assert not Assignment.objects.filter(task__state__in=beyond).open().exists()
    client.force_login(User.objects.get(username="inspector"))
    page = client.get(reverse("home")).content.decode()
    ready = page.split('id="inspections-due"')[1].split("抽查待录入")[0]
    assert "城南社区" in ready and "录入验收" in ready
    drawn = page.split("抽查待录入")[1].split("</table>")[0]
    assert drawn.count("录入抽查") == 3
    assert "待核验的整改" in page and "已反馈" in page
