from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from assessments.services import orders_overdue_for
from supervision.models import Campaign, Community, CommunityTrack, Department, Role
from supervision.roles import person_of
from supervision.services import cockpit_figures


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
        context["communities"] = Community.objects.select_related("town")
    if person.community:
        context["community_track"] = (
            CommunityTrack.objects.filter(campaign=campaign, community=person.community).first()
            if campaign
            else None
        )
    context["overdue_orders"] = orders_overdue_for(user=request.user)
    return render(request, "supervision/home.html", context)
