"""Two leaders approving the same task at the same moment, on a real PostgreSQL."""

import threading

import pytest
from django.db import connection

from supervision.models import Role
from supervision.transitions import Refused
from tests.builders import make_user, work_accepted
from workflows.models import CreationTask, TaskTransition
from workflows.services import task_transition

from .conftest import PASSING

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_two_leaders_approving_at_once_give_one_transition(county, duty_matrix, inspector):
    leaders = [make_user(f"leader{i}", Role.LEADER) for i in range(2)]
    lead = make_user("lead", Role.LEAD_DEPARTMENT, department=county.mzj)
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    task_transition(task=task, action="submit_plan", by=lead)
    task_transition(task=task, action="approve_plan", by=leaders[0])
    work_accepted(task)
    task_transition(task=task, action="record_inspection", by=inspector, outcome=PASSING)
    task.refresh_from_db()

    barrier = threading.Barrier(2)
    outcomes = []

    def approve(leader):
        mine = CreationTask.objects.get(pk=task.pk)
        barrier.wait()
        try:
            task_transition(task=mine, action="approve_pass", by=leader)
            outcomes.append("ok")
        except Refused as refused:
            outcomes.append(refused.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(leader,)) for leader in leaders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[0] == "ok"
    assert outcomes.count("ok") == 1
    assert "已被他人处理" in [o for o in outcomes if o != "ok"][0]
    assert TaskTransition.objects.filter(task=task, target="passed").count() == 1
