"""Who sees which creation tasks and assignments, decided once: the pages, the home pages, the
exports and the inbox all ask these. A selector returns what the person may open, or None when
they may not open that kind of record at all (the page answers 403)."""

from supervision.models import Role
from supervision.roles import person_of
from workflows.models import Assignment, CreationTask, Reminder


def tasks_visible_to(*, user):
    """The tasks this person may open, of every campaign: all for overseers, the ones it works
    on for a department, its own for a community; None for anyone else."""
    person = person_of(user)
    tasks = CreationTask.objects.all()
    if person.is_overseer:
        return tasks
    if person.has(Role.DEPARTMENT_STAFF) and person.department:
        # A subquery, not a join: the task's light must still weigh every department's work.
        worked_on = Assignment.objects.filter(department=person.department).values("task")
        return tasks.filter(pk__in=worked_on)
    if person.has(Role.COMMUNITY_STAFF) and person.community:
        return tasks.filter(community=person.community)
    return None


def assignments_visible_to(*, user):
    """Every assignment for overseers, a department's own for its staff, None for others."""
    person = person_of(user)
    if person.is_overseer:
        return Assignment.objects.all()
    if person.has(Role.DEPARTMENT_STAFF) and person.department:
        return Assignment.objects.filter(department=person.department)
    return None


def reminders_for(*, user):
    """The reminders sent to this person's department (none for anyone else)."""
    person = person_of(user)
    if person.department is None:
        return Reminder.objects.none()
    return Reminder.objects.filter(assignment__department=person.department)
