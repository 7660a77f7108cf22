"""The demo county's tasks come with their processes, however often seed_demo runs."""

from io import StringIO

from django.core.management import call_command
from viewflow.workflow.models import Process

from workflows.flows import CreationFlow, open_flow_tasks
from workflows.models import CreationTask


def test_seed_demo_leaves_each_task_with_one_process_waiting_for_the_plan(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    tasks = CreationTask.objects.all()
    assert tasks.exists()
    assert Process.objects.filter(flow_class=CreationFlow).count() == tasks.count()
    for task in tasks:
        # Inside the test's transaction the processes are not advanced after each transition.
        assert [t.flow_task.name for t in open_flow_tasks(task=task)] == ["submit_plan"]
