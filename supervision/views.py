from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.services import orders_overdue_for
from supervision.filters import CommunityFilter
from supervision.listing import table_page
from supervision.models import Campaign, Community, CommunityTrack, Department, Role, Track
from supervision.roles import person_of
from supervision.services import cockpit_figures
from supervision.tables import CommunityTable

# The home page names the first few of a list and links to the whole of it.
HOME_ROWS = 20


@login_required
def home(request):
    person = person_of(request.user)
    campaign = Campaign.objects.active()
    context = {"person": person, "campaign": campaign, "role": person.primary_role}
    if campaign and person.has(Role.LEADER, Role.LEAD_DEPARTMENT, Role.ADMINISTRATOR):
        by_track = dict(
            CommunityTrack.objects.filter(campaign=campaign)
            .values_list("track")
            .annotate(n=Count("id"))
            .values_list("track", "n")
        )
        context["track_counts"] = [
            (label, by_track.get(value, 0)) for value, label in CommunityTrack.track.field.choices
        ]
        context["cockpit"] = cockpit_figures(campaign=campaign)
    if person.has(Role.LEAD_DEPARTMENT):
        context["departments"] = Department.objects.all()
    if person.has(Role.INSPECTOR):
        communities = Community.objects.select_related("town").order_by("town__name", "name")
        context["communities"] = communities[:HOME_ROWS]
        context["communities_total"] = communities.count()
    if person.community:
        context["community_track"] = (
            CommunityTrack.objects.filter(campaign=campaign, community=person.community).first()
            if campaign
            else None
        )
    context.update(_campaign_work(person, campaign))
    context["overdue_orders"] = orders_overdue_for(user=request.user)
    return render(request, "supervision/home.html", context)


def _campaign_work(person, campaign) -> dict:
    """Each role's share of the campaign's work: lights, reminders, approvals, overdue work."""
    from workflows.models import Assignment, CreationTask, Light, Reminder

    context = {}
    if person.has(Role.DEPARTMENT_STAFF) and person.department:
        mine = Assignment.objects.filter(department=person.department).open().with_light()
        by_light = dict(mine.values_list("light").annotate(n=Count("id")).values_list("light", "n"))
        context["my_lights"] = [
            (value, label, by_light.get(value, 0)) for value, label in Light.choices
        ]
        context["my_assignments"] = mine.select_related("task__community").order_by("deadline")[:20]
        context["unread_reminders"] = (
            Reminder.objects.filter(assignment__department=person.department, is_read=False)
            .select_related("assignment__task__community", "sent_by")
            .order_by("-sent_at")[:20]
        )
    if person.has(Role.LEADER) and campaign:
        waiting = CreationTask.objects.filter(campaign=campaign).filter(
            Q(state__in=[CreationTask.State.PLANNED, CreationTask.State.INSPECTED])
            | Q(
                state=CreationTask.State.PASSED,
                community__tracks__campaign=campaign,
                community__tracks__track=Track.DISTINCTIVE,
            )
        )
        context["awaiting_approval"] = waiting.select_related("community__town").order_by(
            "state", "community__name"
        )[:HOME_ROWS]
        context["awaiting_total"] = waiting.count()
    if person.has(Role.LEAD_DEPARTMENT):
        context["overdue_assignments"] = (
            Assignment.objects.open()
            .filter(deadline__lt=timezone.localdate())
            .select_related("task__community", "department")
            .order_by("deadline")[:50]
        )
    return context


OVERSEERS = (Role.LEADER, Role.LEAD_DEPARTMENT, Role.INSPECTOR, Role.ADMINISTRATOR)


@login_required
def community_list(request):
    from workflows.models import CreationTask

    if not person_of(request.user).has(*OVERSEERS):
        raise PermissionDenied(_("您没有查看社区一览的权限。"))
    campaign = Campaign.objects.active()
    track = CommunityTrack.objects.filter(campaign=campaign, community=OuterRef("pk"))
    task = CreationTask.objects.filter(campaign=campaign, community=OuterRef("pk"))
    rows = Community.objects.select_related("town").annotate(
        track_value=Subquery(track.values("track")[:1]),
        task_state=Subquery(task.values("state")[:1]),
        task_id=Subquery(task.values("pk")[:1]),
    )
    filterset = CommunityFilter(request.GET, queryset=rows)
    return table_page(
        request,
        filterset=filterset,
        table=CommunityTable(filterset.qs),
        template="supervision/community_list.html",
        heading=_("社区一览"),
    )


class PasswordChange(PasswordChangeView):
    """Everyone changes their own password; the validators in settings decide what is allowed."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)
