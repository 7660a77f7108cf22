"""The one set of test builders: the conftests' fixtures, the browser tests and the permission
matrix all build their county, people, duties, tasks and standards with these."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from assessments.models import Catalogue, Indicator, Measure, WorkArea
from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Membership,
    Role,
    Town,
    Track,
)
from supervision.roles import groups_ensure
from workflows.models import Assignment, AssignmentRole, CreationTask, DutyArea, DutyRule
from workflows.services import task_transition

PASSWORD = "pw-for-tests-only"


def make_user(username, *roles, department=None, community=None, **extra) -> User:
    """A person with these roles, working in `department` or `community` if given."""
    groups = groups_ensure()
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    user.groups.set([groups[role] for role in roles])
    if department or community:
        Membership.objects.create(user=user, department=department, community=community)
    return user


def departments_build() -> dict[str, Department]:
    """The two lead departments, 县财政局 and 县房管局, by code."""
    return {
        "zzb": Department.objects.create(
            code="zzb", name="县委组织部", short_name="组织部", kind="party", is_lead=True
        ),
        "mzj": Department.objects.create(
            code="mzj", name="县民政局", short_name="民政局", kind="government", is_lead=True
        ),
        "czj": Department.objects.create(
            code="czj", name="县财政局", short_name="财政", kind="government"
        ),
        "fgj": Department.objects.create(
            code="fgj", name="县房管局", short_name="房管", kind="government"
        ),
    }


@dataclass
class County:
    town: Town
    community: Community
    other_community: Community
    zzb: Department
    mzj: Department
    finance: Department
    housing: Department
    campaign: Campaign


def county_build() -> County:
    """One town with two communities (二机 on the create track, 湘赣 on the distinctive one),
    the departments above and an active campaign."""
    town = Town.objects.create(name="禾川镇")
    community = Community.objects.create(
        town=town, name="二机社区", households=150, premises_area=Decimal("300")
    )
    other = Community.objects.create(town=town, name="湘赣社区", households=149)
    departments = departments_build()
    campaign = Campaign.objects.create(year=2015, title="2015年创建工作", is_active=True)
    CommunityTrack.objects.create(campaign=campaign, community=community, track="create")
    CommunityTrack.objects.create(campaign=campaign, community=other, track="distinctive")
    return County(
        town,
        community,
        other,
        departments["zzb"],
        departments["mzj"],
        departments["czj"],
        departments["fgj"],
        campaign,
    )


def duty_matrix_build(*, finance: Department, housing: Department) -> list[DutyRule]:
    """The create track's two rows of the duty matrix (房管 secures the premises, 财政 the
    funding) and two of the distinctive track's (财政: the smart-community pilot; 房管: the
    elderly-care centre's rooms)."""
    return [
        DutyRule.objects.create(
            area=DutyArea.PREMISES,
            department=housing,
            role=AssignmentRole.LEAD,
            owed="协调解决社区管理和服务用房",
            days_allowed=60,
        ),
        DutyRule.objects.create(
            area=DutyArea.FUNDING,
            department=finance,
            role=AssignmentRole.LEAD,
            owed="落实社区工作经费",
            days_allowed=30,
        ),
        # The distinctive track's own work (湘赣社区's): no second round of the creation work.
        DutyRule.objects.create(
            track=Track.DISTINCTIVE,
            area=DutyArea.FUNDING,
            department=finance,
            role=AssignmentRole.LEAD,
            owed="保障智慧社区试点：办公电脑每人一台",
            days_allowed=60,
        ),
        DutyRule.objects.create(
            track=Track.DISTINCTIVE,
            area=DutyArea.PREMISES,
            department=housing,
            role=AssignmentRole.SUPPORT,
            owed="为居家养老服务中心提供用房",
            days_allowed=60,
        ),
    ]


def planned_task(county: County) -> CreationTask:
    """二机社区's task with the duty matrix above, its plan submitted (报批) by the lead
    department and waiting for the leader."""
    duty_matrix_build(finance=county.finance, housing=county.housing)
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    lead = make_user("plan-lead", Role.LEAD_DEPARTMENT, department=county.mzj)
    task_transition(task=task, action="submit_plan", by=lead)
    task.refresh_from_db()
    return task


def started_task(county: County, leader) -> CreationTask:
    """The planned task approved by the leader: 财政 and 房管 owe work."""
    task = planned_task(county)
    task_transition(task=task, action="approve_plan", by=leader)
    task.refresh_from_db()
    return task


def work_accepted(task: CreationTask) -> CreationTask:
    """Every department's work on the task accepted, as its acceptance inspection needs: the way
    there is the assignment tests' business."""
    Assignment.objects.filter(task=task).update(state=Assignment.State.ACCEPTED)
    return task


def _indicator(catalogue, code, **fields) -> Indicator:
    """A standard of the create and the distinctive tracks unless `fields` say otherwise (the
    test counties put 湘赣社区 on the distinctive track, held to the same few standards)."""
    fields.setdefault("for_distinctive", True)
    return Indicator.objects.create(catalogue=catalogue, code=code, **fields)


PREMISES = {
    "name": "管理和服务用房不少于300平方米",
    "work_area": WorkArea.INFRASTRUCTURE,
    "measure": Measure.AT_LEAST,
    "fact": "premises_area",
    "threshold": Decimal("300"),
    "is_critical": True,
}
PARTY = {"name": "五好社区党组织", "work_area": WorkArea.PARTY_BUILDING, "measure": Measure.YES_NO}


def catalogue_build(campaign) -> Catalogue:
    """A small catalogue: a critical premises standard, an elderly-care ratio and a yes/no one."""
    catalogue = Catalogue.objects.create(campaign=campaign, title="2015年创建标准")
    _indicator(catalogue, "JC-01", **PREMISES, points=Decimal("40"), sort_order=1)
    _indicator(
        catalogue,
        "JC-02",
        name="养老服务用房每百户20平方米",
        work_area=WorkArea.INFRASTRUCTURE,
        measure=Measure.PER_100_HOUSEHOLDS,
        fact="elderly_care_area",
        threshold=Decimal("20"),
        points=Decimal("20"),
        sort_order=2,
    )
    _indicator(catalogue, "DJ-01", **PARTY, points=Decimal("40"), sort_order=3)
    return catalogue


def catalogue_of_two_build(campaign) -> Catalogue:
    """The smallest catalogue a page can be walked with: the premises (60) and the party (40)."""
    catalogue = Catalogue.objects.create(campaign=campaign, title="2015年创建标准")
    _indicator(catalogue, "JC-01", **PREMISES, points=Decimal("60"), sort_order=1)
    _indicator(catalogue, "DJ-01", **PARTY, points=Decimal("40"), sort_order=2)
    return catalogue


def inspection_form_data(catalogue, *, premises="300", elderly="30", party="1", **extra):
    """What an inspector posts on the acceptance form for `catalogue_build`'s three standards."""
    ids = {i.code: i.pk for i in catalogue.indicators.all()}
    data = {
        "kind": "acceptance",
        "inspected_on": "2015-09-01",
        "remarks": "",
        f"f{ids['JC-01']}-measured_value": premises,
        f"f{ids['JC-02']}-measured_value": elderly,
        f"f{ids['DJ-01']}-met": party,
    }
    data.update(extra)
    return data


def refusal_banner(client, url) -> str:
    """The refusal banner at the top of the page at `url` ("" when it shows none)."""
    text = client.get(url).content.decode()
    start = text.find('class="banner refusal"')
    return "" if start < 0 else text[start : text.index("</div>", start)]
