"""Who sees which creation tasks and assignments, decided once: the pages, the home pages, the
exports and the inbox all ask these. A selector returns what the person may open, or None when
they may not open that kind of record at all (the page answers 403)."""

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from supervision.models import CommunityTrack, Role, Track
from supervision.roles import person_of
from workflows.models import (
    OPEN_FOR_WORK,
    REMINDABLE_STATES,
    Assignment,
    AssignmentEvent,
    CreationTask,
    ExtensionEvent,
    ExtensionRequest,
    Light,
    ProgressReport,
    Reminder,
    TaskTransition,
    TrackPlan,
    TrackPlanEvent,
)


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


# What waits for whom: each person's 待办, the inbox and the home pages count these. A queryset
# for those it concerns, an empty one for anyone else.


def _latest_comment(*actions: str):
    """The comment of the task's latest of `actions` (a returned plan's reason)."""
    rows = TaskTransition.objects.filter(task=OuterRef("pk"), action__in=actions).order_by(
        "-at", "-id"
    )
    return Subquery(rows.values("comment")[:1])


def _on_track(tasks, campaign, track: str):
    """The tasks of communities on `track` in `campaign` (one semi-join, no duplicate rows)."""
    return tasks.filter(
        community__in=CommunityTrack.objects.filter(campaign=campaign, track=track).values(
            "community"
        )
    )


def plans_to_decide_for(*, user, campaign):
    """Plans the lead department submitted (报批), for the leader to approve or return."""
    if not person_of(user).has(Role.LEADER):
        return CreationTask.objects.none()
    return CreationTask.objects.filter(campaign=campaign, state=CreationTask.State.PLAN_SUBMITTED)


def plans_to_submit_for(*, user, campaign):
    """Plans still to submit, a returned one with the leader's reason (`returned_reason`)."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return CreationTask.objects.none()
    return (
        CreationTask.objects.filter(campaign=campaign, state=CreationTask.State.PLANNED)
        .annotate(returned_reason=_latest_comment("return_plan"))
        # One campaign: by community, as the county lists them (no join to sort by year).
        .order_by("community__name", "pk")
    )


def passes_to_decide_for(*, user, campaign):
    """Acceptances that met the pass line with no critical failure, for the leader."""
    if not person_of(user).has(Role.LEADER):
        return CreationTask.objects.none()
    acceptances = CreationTask.objects.filter(
        campaign=campaign,
        state=CreationTask.State.INSPECTED,
        inspection_pass_line_met=True,
        inspection_critical_failures=0,
    )
    # A distinctive-track community passed in an earlier year: it waits to be named distinctive.
    return acceptances.exclude(
        pk__in=_on_track(acceptances, campaign, Track.DISTINCTIVE).values("pk")
    )


# The leader's refusals that send a task back to rectifying, with what to put right.
REFUSED_DECISIONS = ("refuse_pass", "refuse_distinctive")


def passes_refused_for(*, user, campaign):
    """The community's task the leader did not pass (不予通过) or did not name distinctive, with
    the reason as what to put right (`refused_reason`), while it is still rectifying from that
    refusal."""
    person = person_of(user)
    if not (person.has(Role.COMMUNITY_STAFF) and person.community):
        return CreationTask.objects.none()
    latest = TaskTransition.objects.filter(task=OuterRef("pk")).order_by("-at", "-id")
    return (
        CreationTask.objects.filter(
            campaign=campaign, community=person.community, state=CreationTask.State.RECTIFYING
        )
        .annotate(latest_action=Subquery(latest.values("action")[:1]))
        .filter(latest_action__in=REFUSED_DECISIONS)
        .annotate(refused_reason=_latest_comment(*REFUSED_DECISIONS))
    )


def distinctive_to_decide_for(*, user, campaign):
    """Distinctive-track communities whose inspection met the distinctive standards' line with
    no critical failure, for the leader to name distinctive (or not, with a reason)."""
    if not person_of(user).has(Role.LEADER):
        return CreationTask.objects.none()
    inspected = CreationTask.objects.filter(
        campaign=campaign,
        state=CreationTask.State.INSPECTED,
        inspection_pass_line_met=True,
        inspection_critical_failures=0,
    )
    return _on_track(inspected, campaign, Track.DISTINCTIVE)


def readiness_to_assess_for(*, user, campaign):
    """Prepare-track communities whose departments' preparation is all accepted, for the lead
    department to say whether they are ready to be created next year."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return CreationTask.objects.none()
    preparing = CreationTask.objects.filter(
        campaign=campaign, state=CreationTask.State.UNDER_CONSTRUCTION
    )
    open_work = Assignment.objects.filter(task=OuterRef("pk")).exclude(
        state=Assignment.State.ACCEPTED
    )
    return (
        _on_track(preparing, campaign, Track.PREPARE)
        .exclude(Exists(open_work))
        .order_by("community__name", "pk")
    )


def work_to_accept_for(*, user):
    """Submitted work for the lead department to accept, but never work the person reported or
    submitted themselves (four eyes)."""
    person = person_of(user)
    if not person.has(Role.LEAD_DEPARTMENT):
        return Assignment.objects.none()
    # The person's own few, looked up once (not a subquery per submitted item).
    submitted_by = AssignmentEvent.objects.filter(action="submit", actor=user).values("assignment")
    reported_by = ProgressReport.objects.filter(author=user).values("assignment")
    return (
        Assignment.objects.filter(state=Assignment.State.SUBMITTED)
        .exclude(pk__in=submitted_by)
        .exclude(pk__in=reported_by)
    )


def work_to_do_for(*, user):
    """The department's work to start, continue or redo (a returned one with its reason)."""
    person = person_of(user)
    if not (person.has(Role.DEPARTMENT_STAFF) and person.department):
        return Assignment.objects.none()
    returned = AssignmentEvent.objects.filter(assignment=OuterRef("pk"), action="return_work")
    return (
        Assignment.objects.filter(department=person.department, state__in=REMINDABLE_STATES)
        .filter(task__state__in=OPEN_FOR_WORK)
        .annotate(returned_reason=Subquery(returned.order_by("-at", "-id").values("comment")[:1]))
    )


def overdue_to_remind_for(*, user):
    """Overdue work the county's lead department has not yet reminded today (催办)."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return Assignment.objects.none()
    return (
        Assignment.objects.lit(Light.RED)
        .filter(state__in=REMINDABLE_STATES)
        .exclude(reminders__day=timezone.localdate())
    )


def extensions_to_decide_for(*, user):
    """延期申请 waiting for the lead department, never one the person asked for (four eyes)."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return ExtensionRequest.objects.none()
    return ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).exclude(
        requested_by=user
    )


def extensions_refused_for(*, user):
    """The department's open work whose latest extension request was refused, with the lead
    department's reason: the old deadline stands."""
    person = person_of(user)
    if not (person.has(Role.DEPARTMENT_STAFF) and person.department):
        return ExtensionRequest.objects.none()
    latest = ExtensionRequest.objects.filter(assignment=OuterRef("assignment")).order_by(
        "-requested_at", "-id"
    )
    reason = ExtensionEvent.objects.filter(request=OuterRef("pk"), action="refuse").order_by("-at")
    return ExtensionRequest.objects.filter(
        state=ExtensionRequest.State.REFUSED,
        assignment__department=person.department,
        assignment__state__in=REMINDABLE_STATES,
        assignment__task__state__in=OPEN_FOR_WORK,
        pk=Subquery(latest.values("pk")[:1]),
    ).annotate(refused_reason=Subquery(reason.values("comment")[:1]))


def track_plans_to_decide_for(*, user, campaign):
    """The year's track plan once the lead department submitted it, for the leader."""
    if not person_of(user).has(Role.LEADER):
        return TrackPlan.objects.none()
    return TrackPlan.objects.filter(campaign=campaign, state=TrackPlan.State.SUBMITTED)


def track_plans_returned_for(*, user, campaign):
    """The year's track plan the leader returned, with the reason (`returned_reason`), for the
    lead department; it stays here until it is submitted again."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return TrackPlan.objects.none()
    latest = TrackPlanEvent.objects.filter(plan=OuterRef("pk")).order_by("-at", "-id")
    return (
        TrackPlan.objects.filter(campaign=campaign, state=TrackPlan.State.DRAFT)
        .annotate(
            last_action=Subquery(latest.values("action")[:1]),
            returned_reason=Subquery(latest.values("comment")[:1]),
        )
        .filter(last_action="return_plan")
    )
