"""Reminders (催办): sent by the lead department or the scheduler, at most once a day."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from freezegun import freeze_time

from workflows.models import Assignment, Reminder

TODAY = date(2015, 6, 1)


def send_reminders():
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def due_and_late(started_task, county):
    started_task.assignments.filter(department=county.finance).update(
        deadline=TODAY + timedelta(days=3)
    )
    started_task.assignments.filter(department=county.housing).update(
        deadline=TODAY - timedelta(days=1)
    )
    return started_task


@freeze_time("2015-06-01 08:00:00+08:00")
def test_send_reminders_reminds_due_and_overdue_work_once_a_day(due_and_late):
    assert "已发送催办 2 条" in send_reminders()
    assert "已发送催办 0 条" in send_reminders()
    messages = dict(Reminder.objects.values_list("assignment__department__code", "message"))
    assert "将于2015-06-04到期" in messages["czj"]
    assert "已超过完成期限" in messages["fgj"]
    assert not Reminder.objects.filter(sent_by__isnull=False).exists()
    with freeze_time("2015-06-02 08:00:00+08:00"):
        assert "已发送催办 2 条" in send_reminders()
    assert Reminder.objects.count() == 4


@freeze_time("2015-06-01 08:00:00+08:00")
def test_send_reminders_skips_green_accepted_and_submitted_work(started_task, county):
    started_task.assignments.update(deadline=TODAY + timedelta(days=8))
    assert "已发送催办 0 条" in send_reminders()
    started_task.assignments.update(deadline=TODAY - timedelta(days=8))
    started_task.assignments.filter(department=county.finance).update(state="accepted")
    started_task.assignments.filter(department=county.housing).update(state="submitted")
    assert "已发送催办 0 条" in send_reminders()


@freeze_time("2015-06-01 08:00:00+08:00")
def test_database_holds_one_reminder_per_assignment_a_day(finance_work):
    Reminder.objects.create(assignment=finance_work, message="请办理")
    with pytest.raises(IntegrityError):
        Reminder.objects.create(assignment=finance_work, message="再催")


@freeze_time("2015-06-01 08:00:00+08:00")
def test_lead_department_reminds_and_the_department_sees_it(
    client_for, finance_work, lead_clerk, dept_clerk
):
    client = client_for(lead_clerk)
    url = reverse("workflows:assignment_remind", args=[finance_work.pk])
    page = client.post(url, {"message": "请本周内拨付经费"}, follow=True).content.decode()
    assert "已向县财政局催办" in page
    page = client.post(url, {"message": "再催"}, follow=True).content.decode()
    assert "今天已催办过" in page
    reminder = Reminder.objects.get()
    assert reminder.sent_by == lead_clerk and reminder.message == "请本周内拨付经费"
    home = client_for(dept_clerk).get(reverse("home")).content.decode()
    assert "催办提醒" in home and "请本周内拨付经费" in home
    client_for(dept_clerk).post(reverse("workflows:reminder_read", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.is_read
    assert "请本周内拨付经费" not in client_for(dept_clerk).get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    "persona", ["dept_clerk", "other_dept_clerk", "leader", "inspector", "outsider"]
)
def test_only_the_lead_department_sends_reminders(request, client_for, finance_work, persona):
    url = reverse("workflows:assignment_remind", args=[finance_work.pk])
    response = client_for(request.getfixturevalue(persona)).post(url)
    assert response.status_code == 403
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("persona", ["other_dept_clerk", "outsider"])
def test_other_departments_cannot_mark_a_reminder_read(request, client_for, finance_work, persona):
    reminder = Reminder.objects.create(assignment=finance_work, message="请办理")
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("workflows:reminder_read", args=[reminder.pk])
    )
    assert response.status_code in (403, 404)
    reminder.refresh_from_db()
    assert not reminder.is_read


def test_accepted_work_is_not_reminded(client_for, finance_work, lead_clerk):
    Assignment.objects.filter(pk=finance_work.pk).update(state="accepted")
    url = reverse("workflows:assignment_remind", args=[finance_work.pk])
    page = client_for(lead_clerk).post(url, follow=True).content.decode()
    assert "已完成，无需催办" in page
    assert not Reminder.objects.exists()
