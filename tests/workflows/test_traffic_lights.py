"""Traffic lights (红黄绿灯): the rule in Python and in the database agree at every edge."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from workflows.models import Assignment, CreationTask, traffic_light

TODAY = date(2015, 6, 1)


@pytest.mark.parametrize(
    "days, light",
    [(-1, "red"), (0, "yellow"), (1, "yellow"), (7, "yellow"), (8, "green"), (60, "green")],
)
@freeze_time("2015-06-01 23:30:00+08:00")
def test_light_by_days_to_deadline(finance_work, days, light):
    Assignment.objects.filter(pk=finance_work.pk).update(deadline=TODAY + timedelta(days=days))
    finance_work.refresh_from_db()
    assert finance_work.traffic_light == light
    assert Assignment.objects.with_light().get(pk=finance_work.pk).light == light
    # The list's light filter, by deadline ranges, picks the same work.
    assert [
        other
        for other in ("red", "yellow", "green")
        if Assignment.objects.lit(other).filter(pk=finance_work.pk)
    ] == [light]


@freeze_time("2015-06-01 09:00:00+08:00")
def test_work_of_a_passed_task_has_no_light_and_no_filter_finds_it(finance_work):
    Assignment.objects.filter(pk=finance_work.pk).update(deadline=TODAY - timedelta(days=3))
    CreationTask.objects.filter(pk=finance_work.task_id).update(state="passed")
    assert Assignment.objects.with_light().get(pk=finance_work.pk).light == ""
    assert not any(Assignment.objects.lit(light).exists() for light in ("red", "yellow", "green"))


@freeze_time("2015-06-01 09:00:00+08:00")
def test_due_soon_days_is_configurable(settings, finance_work):
    settings.DUE_SOON_DAYS = 3
    Assignment.objects.filter(pk=finance_work.pk).update(deadline=TODAY + timedelta(days=4))
    assert Assignment.objects.with_light().get(pk=finance_work.pk).light == "green"
    assert traffic_light(deadline=TODAY + timedelta(days=3)) == "yellow"


@freeze_time("2015-06-01 09:00:00+08:00")
def test_accepted_work_has_no_light(finance_work):
    Assignment.objects.filter(pk=finance_work.pk).update(
        state="accepted", deadline=TODAY - timedelta(days=30)
    )
    finance_work.refresh_from_db()
    assert finance_work.traffic_light is None
    assert Assignment.objects.with_light().get(pk=finance_work.pk).light == ""


@freeze_time("2015-06-01 09:00:00+08:00")
def test_task_light_is_the_worst_of_its_open_assignments(started_task, county):
    work = started_task.assignments
    work.filter(department=county.finance).update(deadline=TODAY + timedelta(days=3))
    work.filter(department=county.housing).update(deadline=TODAY + timedelta(days=30))
    assert CreationTask.objects.with_light().get(pk=started_task.pk).light == "yellow"
    work.filter(department=county.housing).update(deadline=TODAY - timedelta(days=1))
    assert CreationTask.objects.with_light().get(pk=started_task.pk).light == "red"
    work.filter(department=county.housing).update(state="accepted")
    assert CreationTask.objects.with_light().get(pk=started_task.pk).light == "yellow"
    work.update(state="accepted")
    assert CreationTask.objects.with_light().get(pk=started_task.pk).light == ""


def test_planned_task_has_no_light(task):
    assert CreationTask.objects.with_light().get(pk=task.pk).light == ""


@freeze_time("2015-06-01 09:00:00+08:00")
def test_lists_show_the_light_in_words(client_for, started_task, leader):
    from django.urls import reverse

    started_task.assignments.update(deadline=TODAY - timedelta(days=2))
    page = client_for(leader).get(reverse("workflows:task_list")).content.decode()
    assert 'class="light red"' in page and "红灯" in page
    page = client_for(leader).get(reverse("workflows:assignment_list")).content.decode()
    assert 'class="light red"' in page and "红灯" in page


@freeze_time("2015-06-01 09:00:00+08:00")
def test_department_sees_the_tasks_whole_light_not_only_its_own(
    client_for, started_task, county, dept_clerk
):
    from django.urls import reverse

    work = started_task.assignments
    work.filter(department=county.finance).update(deadline=TODAY + timedelta(days=30))
    work.filter(department=county.housing).update(deadline=TODAY - timedelta(days=1))
    page = client_for(dept_clerk).get(reverse("workflows:task_list")).content.decode()
    assert "二机社区" in page and 'class="light red"' in page
