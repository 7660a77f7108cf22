"""The cockpit's overdue work is the red list's work: one rule for "open", counted twice the same.

A task passed while two of its assignments were still open and overdue owes nothing more: the
lists leave that work out, and so must the cockpit (it used to count every assignment not
accepted and showed 2 overdue above an empty red list).
"""

import datetime

from django.urls import reverse

from portal.cockpit import cockpit_figures
from workflows.models import Assignment, CreationTask


def _work(task, department, area, deadline):
    Assignment.objects.create(
        task=task, department=department, area=area, role="lead", owed="…", deadline=deadline
    )


def test_work_of_a_passed_task_is_neither_overdue_in_the_cockpit_nor_in_the_red_list(
    county, leader, lead_clerk, client_for
):
    overdue = datetime.date.today() - datetime.timedelta(days=3)
    passed = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    _work(passed, county.finance, "funding", overdue)
    _work(passed, county.housing, "premises", overdue)
    CreationTask.objects.filter(pk=passed.pk).update(state=CreationTask.State.PASSED)

    figures = cockpit_figures(campaign=county.campaign)
    red_list = client_for(lead_clerk).get(reverse("workflows:assignment_list"), {"light": "red"})
    total = red_list.context["table"].paginator.count

    assert total == 0
    assert figures["overdue"] == total
    assert all(d["red"] == 0 for d in figures["departments"])


def test_open_overdue_work_of_a_task_under_construction_is_counted_alike(
    county, leader, lead_clerk, client_for
):
    overdue = datetime.date.today() - datetime.timedelta(days=3)
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    _work(task, county.finance, "funding", overdue)
    _work(task, county.housing, "premises", overdue)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)

    figures = cockpit_figures(campaign=county.campaign)
    red_list = client_for(lead_clerk).get(reverse("workflows:assignment_list"), {"light": "red"})
    total = red_list.context["table"].paginator.count

    assert figures["overdue"] == total == 2
