"""Claiming a waiting step from the role's queue (待领取) into one's own list (我的待办)."""

import pytest
from django.urls import reverse

from supervision.models import Role
from tests.conftest import make_user
from workflows.flows import open_flow_tasks, process_start
from workflows.models import CreationTask

State = CreationTask.State


@pytest.fixture
def plan_step(task):
    process_start(task=task)
    return open_flow_tasks(task=task).get()


@pytest.fixture
def other_leader(county):
    return make_user("leader2", Role.LEADER, first_name="县长", last_name="王")


def claim(client, flow_task, **data):
    return client.post(reverse("workflows:flow_claim", args=[flow_task.pk]), data)


def sections(client):
    body = client.get(reverse("workflows:flow_inbox")).content.decode()
    mine, queue = body.split("待领取</h2>")
    return mine, queue


def test_leader_claims_a_plan_approval_into_my_list(plan_step, leader, client_for):
    client = client_for(leader)
    mine, queue = sections(client)
    step_url = reverse("workflows:flow_step", args=[plan_step.pk])
    assert step_url in queue and step_url not in mine

    response = claim(client, plan_step)
    assert response.status_code == 302
    plan_step.refresh_from_db()
    assert plan_step.owner == leader
    mine, queue = sections(client)
    assert step_url in mine and step_url not in queue


def test_claimed_step_is_hidden_from_and_refused_to_another_leader(
    plan_step, task, leader, other_leader, client_for
):
    claim(client_for(leader), plan_step)
    client = client_for(other_leader)
    mine, queue = sections(client)
    assert reverse("workflows:flow_step", args=[plan_step.pk]) not in mine + queue

    response = claim(client, plan_step)
    assert response.status_code == 302
    plan_step.refresh_from_db()
    assert plan_step.owner == leader
    response = client.post(reverse("workflows:flow_step", args=[plan_step.pk]), follow=True)
    assert "此环节已由李建国领取。" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.PLAN_SUBMITTED
    assert not task.history.exclude(action="submit_plan").exists()


def test_release_puts_the_step_back_in_the_queue(plan_step, leader, client_for):
    client = client_for(leader)
    claim(client, plan_step)
    claim(client, plan_step, release="1")
    plan_step.refresh_from_db()
    assert plan_step.owner is None


def test_claimer_takes_the_step(plan_step, task, leader, client_for):
    client = client_for(leader)
    claim(client, plan_step)
    client.post(reverse("workflows:flow_step", args=[plan_step.pk]), {"comment": "同意"})
    task.refresh_from_db()
    assert task.state == State.UNDER_CONSTRUCTION


@pytest.mark.parametrize("persona", ["inspector", "lead_clerk", "dept_clerk", "outsider"])
def test_wrong_role_cannot_claim(request, plan_step, client_for, persona):
    response = claim(client_for(request.getfixturevalue(persona)), plan_step)
    assert response.status_code == 403
    plan_step.refresh_from_db()
    assert plan_step.owner is None


def test_claim_needs_post(plan_step, leader, client_for):
    response = client_for(leader).get(reverse("workflows:flow_claim", args=[plan_step.pk]))
    assert response.status_code == 405
