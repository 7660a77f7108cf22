"""Panels of assessment data that pages of the apps below show without importing this one: a
creation task's page loads them in its template (`{% load assessment_panels %}`)."""

from django import template

from assessments.selectors import inspections_visible_to, orders_visible_to

register = template.Library()


@register.inclusion_tag("includes/task_assessments.html", takes_context=True)
def task_assessments(context, task):
    """The inspections of the task's community this year and the task's orders, as far as the
    person may see them."""
    user = context["request"].user
    inspections = inspections_visible_to(user=user)
    return {
        "inspections": (
            inspections.filter(
                campaign=task.campaign_id, community=task.community_id
            ).with_possible()
            if inspections is not None
            else None
        ),
        "orders": orders_visible_to(user=user)
        .filter(task=task)
        .select_related("finding__indicator", "finding__inspection__community"),
    }
