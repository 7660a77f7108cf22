"""Many of the same at once from the 待办: the lead department accepts several submitted items
(after one confirming step; each audited, each under four eyes, all or none) and reminds all
the overdue work it ticks (each at most once a day)."""

import datetime

import pytest
from django.urls import reverse

from supervision.models import Role
from supervision.transitions import Refused
from tests.builders import make_user, started_task
from workflows.models import Assignment, AssignmentEvent, AssignmentRole, DutyArea, Reminder
from workflows.services import assignment_transition, assignments_accept_all

from ..workflows.conftest import report


@pytest.fixture
def task(county, leader):
    return started_task(county, leader)


@pytest.fixture
def submitted(task, county, dept_clerk, other_dept_clerk):
    """财政's and 房管's work on 二机, both reported and submitted."""
    started = task
    works = []
    for work, clerk in [
        (started.assignments.get(department=county.finance), dept_clerk),
        (started.assignments.get(department=county.housing), other_dept_clerk),
    ]:
        assignment_transition(assignment=work, action="start_work", by=clerk)
        report(work, clerk)
        assignment_transition(assignment=work, action="submit", by=clerk)
        works.append(work)
    return works


def ids(works):
    return [str(w.pk) for w in works]


def test_accepting_several_asks_once_then_accepts_each_with_its_audit(
    client_for, submitted, lead_clerk
):
    client = client_for(lead_clerk)
    url = reverse("inbox_accept")
    first = client.post(url, {"ids": ids(submitted)})
    page = first.content.decode()
    assert first.status_code == 200 and "请确认：验收通过 2 项部门任务" in page
    assert not Assignment.objects.filter(state=Assignment.State.ACCEPTED).exists()

    done = client.post(url, {"ids": ids(submitted), "confirmed": "1"}, follow=True)
    assert "已验收通过 2 项部门任务。" in done.content.decode()
    for work in submitted:
        work.refresh_from_db()
        assert work.state == Assignment.State.ACCEPTED
        assert AssignmentEvent.objects.get(assignment=work, action="accept").actor == lead_clerk
    # Pressing again finds nothing left to accept and does nothing twice.
    again = client.post(url, {"ids": ids(submitted), "confirmed": "1"}, follow=True)
    assert "请先勾选要验收的部门任务" in again.content.decode()
    assert AssignmentEvent.objects.filter(action="accept").count() == 2


def test_one_that_may_not_be_accepted_stops_them_all(submitted, lead_clerk, other_dept_clerk):
    # 房管 takes its work back after the page was drawn: the batch is refused as a whole.
    assignment_transition(assignment=submitted[1], action="withdraw", by=other_dept_clerk)
    with pytest.raises(Refused) as refused:
        assignments_accept_all(assignments=submitted, by=lead_clerk)
    assert "房管" in refused.value.reasons[0] and "不能验收通过" in refused.value.reasons[0]
    submitted[0].refresh_from_db()
    assert submitted[0].state == Assignment.State.SUBMITTED
    assert not AssignmentEvent.objects.filter(action="accept").exists()


def test_four_eyes_hold_for_each_item(client_for, submitted, county, task):
    # A lead department clerk who also works for 民政局 and submitted its own work.
    both = make_user("both", Role.LEAD_DEPARTMENT, Role.DEPARTMENT_STAFF, department=county.mzj)
    own = Assignment.objects.create(
        task=task,
        department=county.mzj,
        area=DutyArea.GUIDANCE,
        role=AssignmentRole.LEAD,
        owed="指导社区社会组织备案",
        deadline=submitted[0].deadline,
    )
    assignment_transition(assignment=own, action="start_work", by=both)
    report(own, both)
    assignment_transition(assignment=own, action="submit", by=both)
    client = client_for(both)
    inbox = client.get(reverse("inbox")).content.decode()
    assert f'value="{own.pk}"' not in inbox
    # Forcing its id in: it drops out, the others are accepted.
    response = client.post(
        reverse("inbox_accept"), {"ids": [*ids(submitted), str(own.pk)], "confirmed": "1"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == Assignment.State.SUBMITTED
    assert Assignment.objects.filter(state=Assignment.State.ACCEPTED).count() == 2


def test_reminding_all_ticked_overdue_work_once_a_day(client_for, task, lead_clerk):
    works = list(task.assignments.all())
    Assignment.objects.filter(pk__in=[w.pk for w in works]).update(
        deadline=datetime.date(2015, 1, 31)
    )
    client = client_for(lead_clerk)
    inbox = client.get(reverse("inbox")).content.decode()
    assert "催办所选" in inbox and 'name="ids"' in inbox
    done = client.post(reverse("inbox_remind"), {"ids": ids(works)}, follow=True)
    assert "已催办 2 项。" in done.content.decode()
    assert Reminder.objects.count() == 2
    # Done today: they leave the section, and a second press sends nothing more.
    again = client.post(reverse("inbox_remind"), {"ids": ids(works)}, follow=True)
    assert "请先勾选要催办的部门任务" in again.content.decode()
    assert Reminder.objects.count() == 2


def test_only_the_lead_department_acts_many_at_once(client_for, submitted, dept_clerk, leader):
    for user in (dept_clerk, leader):
        client = client_for(user)
        accept = reverse("inbox_accept")
        assert client.post(accept, {"ids": ids(submitted), "confirmed": "1"}).status_code == 403
        assert client.post(reverse("inbox_remind"), {"ids": ids(submitted)}).status_code == 403
    assert not Assignment.objects.filter(state=Assignment.State.ACCEPTED).exists()
