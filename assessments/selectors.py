"""Who sees what of the assessments, decided once: every page, home page, export and panel
asks these. A selector returns the queryset the person may see, or None when they may not open
that kind of record at all (the page answers 403)."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from assessments.models import (
    Circular,
    CircularEvent,
    Indicator,
    Inspection,
    OrderEvent,
    RectificationOrder,
    SpotCheckDraw,
    SpotCheckPick,
)
from assessments.services import catalogue_current, indicators_for
from supervision.models import Campaign, Community, CommunityTrack, Evidence, Role, Track
from supervision.roles import NOT_OWN_COMMUNITY, OVERSEERS, person_of
from workflows.models import Assignment, CreationTask, TaskTransition

# Who sees every period's scores; who sees every circular, drafts included.
SCORE_READERS = OVERSEERS
DRAFT_READERS = (Role.LEADER, Role.LEAD_DEPARTMENT, Role.ADMINISTRATOR)


def communities_inspectable_by(*, user):
    """The communities whose inspections this person may list and choose among, or None."""
    person = person_of(user)
    if person.is_overseer:
        return Community.objects.select_related("town")
    if person.community is not None:
        return Community.objects.filter(pk=person.community.pk)
    return None


def inspections_visible_to(*, user):
    """The inspections this user may read: all for supervisors, their own community's for
    community staff, none (None) for anyone else."""
    person = person_of(user)
    inspections = Inspection.objects.select_related("community", "inspector")
    if person.is_overseer:
        return inspections
    if person.community is not None:
        return inspections.filter(community=person.community)
    return None


def orders_visible_to(*, user):
    """The orders a person sees: all for supervisors, their own for departments and communities."""
    person = person_of(user)
    orders = RectificationOrder.objects.select_related(
        "finding__indicator",
        "finding__inspection__community",
        "responsible_department",
        "responsible_community",
    )
    if person.is_overseer:
        return orders
    if person.department is not None:
        return orders.filter(responsible_department=person.department)
    if person.community is not None:
        return orders.filter(responsible_community=person.community)
    return orders.none()


def orders_overdue_for(*, user):
    """Open orders past their deadline that this person's unit must answer."""
    person = person_of(user)
    open_overdue = RectificationOrder.objects.filter(
        state__in=RectificationOrder.OPEN_STATES, deadline__lt=timezone.localdate()
    ).select_related(
        "finding__indicator",
        "finding__inspection__community",
        "responsible_department",
        "responsible_community",
    )
    if person.department is not None:
        return open_overdue.filter(responsible_department=person.department)
    if person.community is not None:
        return open_overdue.filter(responsible_community=person.community)
    return open_overdue.none()


def orders_to_verify_for(*, user):
    """Answered orders waiting for this inspector's check, never of their own community."""
    person = person_of(user)
    if not person.has(Role.INSPECTOR):
        return RectificationOrder.objects.none()
    orders = RectificationOrder.objects.filter(
        state=RectificationOrder.State.ANSWERED
    ).select_related(
        "finding__indicator",
        "finding__inspection__community",
        "responsible_department",
        "responsible_community",
    )
    orders = NOT_OWN_COMMUNITY.exclude(orders, person, field="finding__inspection__community")
    # Four eyes: never an order this inspector answered themselves.
    orders = orders.exclude(
        Exists(OrderEvent.objects.filter(order=OuterRef("pk"), action="answer", actor=user))
    )
    return orders.order_by("answered_at", "pk")


def inspections_due_for(*, user, campaign: Campaign) -> dict:
    """What an inspector has to inspect: tasks whose departments' work is all accepted, or whose
    acceptance the lead department allowed first (an acceptance inspection), and communities
    drawn for a spot-check not yet recorded."""
    person = person_of(user)
    if not person.has(Role.INSPECTOR):
        return {
            "acceptance": CreationTask.objects.none(),
            "spot_checks": SpotCheckDraw.communities.through.objects.none(),
        }
    # No work open, or a waiver: two uncorrelated sets of ids, each planned once (hashed),
    # rather than a correlated test of every task in the county for either.
    work = Assignment.objects.filter(task=OuterRef("pk"))
    # The prepare track is not inspected for acceptance: the lead department assesses it.
    preparing = CommunityTrack.objects.filter(campaign=campaign, track=Track.PREPARE)
    building = CreationTask.objects.filter(
        campaign=campaign, state=CreationTask.State.UNDER_CONSTRUCTION
    ).exclude(community__in=preparing.values("community"))
    work_done = building.exclude(Exists(work.exclude(state=Assignment.State.ACCEPTED)))
    waivers = TaskTransition.objects.filter(action="waive_work", task__campaign=campaign)
    ready = (
        building.filter(Q(pk__in=work_done.values("pk")) | Q(pk__in=waivers.values("task_id")))
        .annotate(waived=Exists(waivers.filter(task=OuterRef("pk"))))
        .select_related("community__town")
        .order_by("community__town__name", "community__name")
    )
    picks = SpotCheckPick.objects.filter(draw=OuterRef("spotcheckdraw"))
    drawn = (
        SpotCheckDraw.communities.through.objects.filter(spotcheckdraw__campaign=campaign)
        .exclude(
            Exists(
                Inspection.objects.filter(
                    draw=OuterRef("spotcheckdraw"), community=OuterRef("community")
                )
            )
        )
        # A community whose track had no standard to draw has nothing to record.
        .exclude(Exists(picks) & ~Exists(picks.filter(community=OuterRef("community"))))
    )
    ready = NOT_OWN_COMMUNITY.exclude(ready, person)
    drawn = NOT_OWN_COMMUNITY.exclude(drawn, person)
    drawn = drawn.select_related("spotcheckdraw", "community__town").order_by(
        "-spotcheckdraw__drawn_at", "community__name"
    )
    return {"acceptance": ready, "spot_checks": drawn}


def circulars_visible_to(*, user):
    """Every circular for those who draft and approve them; published ones for everyone with a
    role (they are for every department and community); None for anyone else."""
    person = person_of(user)
    if person.has(*DRAFT_READERS):
        return Circular.objects.all()
    if person.roles:
        return Circular.objects.filter(state=Circular.State.PUBLISHED)
    return None


def scores_visible_to(*, user) -> bool:
    """Whether this person reads the periods' scores (all of them, or none)."""
    return person_of(user).has(*SCORE_READERS)


def orders_to_answer_for(*, user):
    """Orders this person's department or community must answer (issued, or sent back with
    the inspector's reason: `reopened_reason`)."""
    person = person_of(user)
    reopened = OrderEvent.objects.filter(order=OuterRef("pk"), action="reopen").order_by(
        "-at", "-id"
    )
    orders = RectificationOrder.objects.unanswered().annotate(
        reopened_reason=Subquery(reopened.values("comment")[:1])
    )
    if person.department is not None:
        return orders.filter(responsible_department=person.department)
    if person.has(Role.COMMUNITY_STAFF) and person.community is not None:
        return orders.filter(responsible_community=person.community)
    return orders.none()


def circulars_to_decide_for(*, user):
    """Circulars the leader approves (submitted) or publishes (approved)."""
    if not person_of(user).has(Role.LEADER):
        return Circular.objects.none()
    # Lists never load the figures: a province's circular carries every community's.
    return Circular.objects.filter(
        state__in=[Circular.State.SUBMITTED, Circular.State.APPROVED]
    ).defer("figures")


def circulars_to_submit_for(*, user):
    """Drafts for the lead department to finish and submit, a returned one with the leader's
    reason (`returned_reason`)."""
    if not person_of(user).has(Role.LEAD_DEPARTMENT):
        return Circular.objects.none()
    returned = CircularEvent.objects.filter(circular=OuterRef("pk"), action="send_back")
    return (
        Circular.objects.filter(state=Circular.State.DRAFT)
        .defer("figures")
        .annotate(returned_reason=Subquery(returned.order_by("-at", "-id").values("comment")[:1]))
    )


def standards_without_evidence_for(*, user, campaign):
    """The standards of the community's track in the catalogue in force for which it has
    uploaded no evidence yet (its self-report is how inspections are spared a second ask)."""
    person = person_of(user)
    if not (person.has(Role.COMMUNITY_STAFF) and person.community) or campaign is None:
        return Indicator.objects.none()
    catalogue = catalogue_current(campaign=campaign)
    if catalogue is None:
        return Indicator.objects.none()
    given = Evidence.objects.filter(community=person.community, indicator_code=OuterRef("code"))
    return indicators_for(catalogue=catalogue, community=person.community).exclude(Exists(given))
