"""Every irreversible action asks for confirmation in a second step that works without script
and says what will happen; pressing twice never does it twice."""

import pytest
from django.urls import reverse

from assessments.models import CircularEvent, OrderEvent
from assessments.scoring import circular_generate, circular_transition
from assessments.services import order_transition

# The apps' own fixtures, for a test that walks all of them.
from tests.assessments.conftest import (  # noqa: F401
    catalogue,
    failed_finding,
    order,
    scored_county,
)
from tests.builders import work_accepted
from tests.workflows.conftest import (  # noqa: F401
    PASSING,
    duty_matrix,
    finance_work,
    planned,
    report,
    started_task,
    task,
)
from workflows.models import AssignmentEvent, CreationTask, TaskTransition
from workflows.services import assignment_transition, task_transition


@pytest.fixture
def submitted_work(finance_work, dept_clerk):  # noqa: F811
    assignment_transition(assignment=finance_work, action="start_work", by=dept_clerk)
    report(finance_work, dept_clerk)
    assignment_transition(assignment=finance_work, action="submit", by=dept_clerk)
    finance_work.refresh_from_db()
    return finance_work


@pytest.fixture
def inspected(started_task, inspector):  # noqa: F811
    work_accepted(started_task)
    task_transition(task=started_task, action="record_inspection", by=inspector, outcome=PASSING)
    started_task.refresh_from_db()
    return started_task


@pytest.fixture
def answered(order, other_dept_clerk):  # noqa: F811
    order_transition(order=order, action="answer", by=other_dept_clerk, answer="已协调用房。")
    order.refresh_from_db()
    return order


@pytest.fixture
def approved_circular(scored_county, lead_clerk, leader):  # noqa: F811
    _sanqiao, march, _april = scored_county
    circular = circular_generate(period=march, by=lead_clerk)
    circular_transition(circular=circular, action="submit", by=lead_clerk)
    circular_transition(circular=circular, action="approve", by=leader)
    return circular


def _accept(request):
    work = request.getfixturevalue("submitted_work")
    return (
        request.getfixturevalue("lead_clerk"),
        reverse("workflows:assignment_action", args=[work.pk]),
        {"action": "accept"},
        lambda: AssignmentEvent.objects.filter(assignment=work, action="accept").count(),
        "计入部门考核的按时完成率",
    )


def _approve_pass(request):
    inspected_task = request.getfixturevalue("inspected")
    return (
        request.getfixturevalue("leader"),
        reverse("workflows:task_action", args=[inspected_task.pk]),
        {"action": "approve_pass"},
        lambda: TaskTransition.objects.filter(task=inspected_task, action="approve_pass").count(),
        "计入全县达标数",
    )


def _verify(request):
    answered_order = request.getfixturevalue("answered")
    return (
        request.getfixturevalue("inspector"),
        reverse("assessments:order_action", args=[answered_order.pk, "verify"]),
        {"comment": "现场核实"},
        lambda: OrderEvent.objects.filter(order=answered_order, action="verify").count(),
        "责任方不再整改",
    )


def _publish(request):
    circular = request.getfixturevalue("approved_circular")
    return (
        request.getfixturevalue("leader"),
        reverse("assessments:circular_action", args=[circular.pk]),
        {"action": "publish"},
        lambda: CircularEvent.objects.filter(circular=circular, action="publish").count(),
        "所有部门和社区都能看到",
    )


ACTIONS = {"accept": _accept, "approve_pass": _approve_pass, "verify": _verify, "publish": _publish}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_the_first_press_asks_and_changes_nothing(request, client_for, name):
    person, url, data, done, what = ACTIONS[name](request)
    response = client_for(person).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请确认：" in html and what in html
    assert "不能撤销" in html or "不能再修改或撤回" in html
    # The second step is a plain form: the same fields again, confirmed, no script needed.
    main = html[html.index("<main") : html.index("</main>")]
    assert 'name="confirmed" value="1"' in main and "<script" not in main
    assert done() == 0


@pytest.mark.parametrize("name", list(ACTIONS))
def test_confirming_does_it_once_however_often_it_is_pressed(request, client_for, name):
    person, url, data, done, _what = ACTIONS[name](request)
    client = client_for(person)
    first = client.post(url, {**data, "confirmed": "1"})
    second = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert first.status_code == 302
    assert done() == 1
    assert "请确认：" not in second.content.decode()


def test_a_refused_action_is_not_offered_for_confirmation(client_for, started_task, leader):  # noqa: F811
    # The task is under construction: nothing to confirm, the refusal says why.
    response = client_for(leader).post(
        reverse("workflows:task_action", args=[started_task.pk]),
        {"action": "approve_pass"},
        follow=True,
    )
    html = response.content.decode()
    assert "请确认：" not in html and "不能审批创建达标" in html
    started_task.refresh_from_db()
    assert started_task.state == CreationTask.State.UNDER_CONSTRUCTION
