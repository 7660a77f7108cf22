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
    assert states["inspected"] == 1 and states["rectifying"] == 1
    assert states["passed"] + states["distinctive"] == 2 and states["distinctive"] == 1
    work = Counter(Assignment.objects.values_list("state", flat=True))
    assert set(work) == set(Assignment.State.values)
    lights = Counter(Assignment.objects.open().with_light().values_list("light", flat=True))
    assert lights["red"] >= 3 and lights["yellow"] >= 1 and lights["green"] >= 1
    # Every state change went through a real transition with its audit row.
    assert (
        TaskTransition.objects.count()
        == sum(
            {"planned": 0, "under_construction": 1, "inspected": 2, "rectifying": 3}.get(s, 0) * n
            for s, n in states.items()
        )
        + 3 * states["passed"]
        + 4 * states["distinctive"]
    )


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_campaign():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
