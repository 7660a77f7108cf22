"""Panels of assessment data that pages of the apps below show without importing this one: a
creation task's page loads them in its template (`{% load assessment_panels %}`)."""

from django import template

from assessments.readiness import critical_gaps, readiness_review
from assessments.selectors import inspections_visible_to, orders_visible_to
from supervision.models import Track

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


@register.inclusion_tag("includes/task_readiness.html", takes_context=True)
def task_readiness(context, task):
    """A prepare-track task's readiness review: each create-track standard against the
    community, and the departments' work that closes each gap, by when."""
    if task.track != Track.PREPARE:
        return {"rows": None}
    rows = readiness_review(task)
    return {
        "rows": rows,
        "task": task,
        "gaps": sum(1 for row in rows if row.met is False),
        "unowned": sum(1 for row in rows if row.unowned),
        "critical": critical_gaps(task),
    }
