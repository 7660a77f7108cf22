"""The demo county (`seed_demo`): the seed's town, communities, departments and people, then a
campaign lived through real services: tasks driven through their transitions, inspections
recorded, orders raised and answered, periods scored, a circular published.

Every seeder is idempotent: rows are found by natural keys, and work is driven only while it
is still where a fresh seed leaves it.
"""

import datetime
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Assistance,
    Circular,
    Inspection,
    RectificationOrder,
    ScoringPeriod,
    SpotCheckDraw,
)
from assessments.scoring import (
    circular_generate,
    circular_narrative_update,
    circular_transition,
    periods_create_for_campaign,
    scores_compute,
    weights_for,
)
from assessments.services import (
    FindingInput,
    catalogue_2015_load,
    catalogue_current,
    indicators_for,
    inspection_record,
    order_issue,
    order_transition,
    spot_check_draw,
)
from demo import data as demo_data
from supervision.models import (
    Campaign,
    Community,
    CommunityTrack,
    Department,
    Membership,
    Role,
    Town,
)
from supervision.roles import groups_ensure
from workflows.models import Assignment, CreationTask, ProgressReport
from workflows.services import (
    assignment_transition,
    duty_matrix_seed,
    task_transition,
    tasks_create_for_campaign,
)


def demo_seed() -> list:
    """The whole demo county; returns the demo logins. Each part adds its data once the county
    exists."""
    logins = demo_county_seed()
    duty_matrix_seed()
    tasks_create_for_campaign(campaign=Campaign.objects.active())
    demo_assessments_seed()
    demo_workflow_seed()
    demo_scoring_seed()
    return logins


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    where: str


@transaction.atomic
def demo_county_seed() -> list[DemoLogin]:
    """Build the seed's county. Idempotent: every row is found by its natural key."""
    groups = groups_ensure()
    town, _created = Town.objects.update_or_create(
        name=demo_data.TOWN, defaults={"kind": Town.Kind.TOWN}
    )
    communities = {}
    for (
        name,
        named,
        households,
        population,
        premises,
        elderly,
        staff,
        social_workers,
        filed,
        registered,
        computers,
    ) in demo_data.COMMUNITIES:
        communities[name], _created = Community.objects.update_or_create(
            town=town,
            name=name,
            defaults={
                "is_demo": not named,
                "households": households,
                "population": population,
                "premises_area": Decimal(premises),
                "elderly_care_area": Decimal(elderly),
                "staff_count": staff,
                "certified_social_workers": social_workers,
                "filed_social_organisations": filed,
                "registered_social_organisations": registered,
                "office_computers": computers,
            },
        )
    departments = {}
    for order, (code, name, short, kind, lead, duties) in enumerate(demo_data.DEPARTMENTS):
        departments[code], _created = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "is_lead": lead,
                "duties": duties,
                "sort_order": order,
            },
        )
    year, title = demo_data.campaign_for(timezone.localdate().year)
    Campaign.objects.exclude(year=year).filter(is_active=True).update(is_active=False)
    campaign, _created = Campaign.objects.update_or_create(
        year=year, defaults={"title": title, "is_active": True}
    )
    for track, names in demo_data.TRACKS.items():
        for name in names:
            CommunityTrack.objects.update_or_create(
                campaign=campaign, community=communities[name], defaults={"track": track}
            )
    logins = []
    for username, last, first, roles, dept_code, community_name in demo_data.DEMO_USERS:
        is_admin = Role.ADMINISTRATOR.value in roles
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        user.set_password(demo_data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([groups[Role(role)] for role in roles])
        department = departments.get(dept_code)
        community = communities.get(community_name)
        Membership.objects.update_or_create(
            user=user, defaults={"department": department, "community": community}
        )
        logins.append(
            DemoLogin(
                username=username,
                password=demo_data.DEMO_PASSWORD,
                role="、".join(roles),
                where=str(department or community or ""),
            )
        )
    # Every other department has a clerk too, so the demo's work can be done department by
    # department; they do not log in (no password), the demo logins above do.
    staffed = {dept_code for *_rest, dept_code, _community in demo_data.DEMO_USERS}
    for code, department in departments.items():
        if code in staffed:
            continue
        clerk, created = User.objects.get_or_create(
            username=f"{demo_data.DEPARTMENT_CLERK_PREFIX}{code}",
            defaults={"last_name": department.short_name, "first_name": "经办人"},
        )
        if created:
            clerk.set_unusable_password()
            clerk.save(update_fields=["password"])
        # A lead department's clerk leads too (民政局 牵头指导): work the demo lead reported is
        # accepted by a second pair of eyes.
        roles = [Role.DEPARTMENT_STAFF] + ([Role.LEAD_DEPARTMENT] if department.is_lead else [])
        clerk.groups.set([groups[role] for role in roles])
        Membership.objects.update_or_create(
            user=clerk, defaults={"department": department, "community": None}
        )
    return logins


def _demo_report(assignment: Assignment, by, text: str) -> None:
    if not assignment.reports.exists():
        ProgressReport.objects.create(assignment=assignment, author=by, text=text)


def demo_workflow_seed() -> None:
    """Move the demo county's tasks through real transitions into a living campaign.

    Idempotent: a task is only driven while it is still planned, so a second run changes nothing.
    """
    campaign = Campaign.objects.active()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["leader", "inspector", "lead", "dept"])
    }
    if campaign is None or len(users) < 4:
        return
    leader, inspector, lead, dept = (users[n] for n in ["leader", "inspector", "lead", "dept"])
    # One clerk per department who may work its assignments (the demo login first).
    clerks = {}
    for user in (
        User.objects.filter(
            membership__department__isnull=False, groups__name=Role.DEPARTMENT_STAFF
        )
        .select_related("membership")
        .order_by("pk")
    ):
        clerks.setdefault(user.membership.department_id, user)
    # Who accepts: the demo lead, unless they did the work themselves (four eyes).
    second_lead = (
        User.objects.filter(groups__name=Role.LEAD_DEPARTMENT, membership__department__is_lead=True)
        .exclude(pk=lead.pk)
        .order_by("pk")
        .first()
    )

    def acceptor(assignment):
        did_it = (
            assignment.reports.filter(author=lead).exists()
            or assignment.history.filter(action="submit", actor=lead).exists()
        )
        return second_lead if did_it else lead

    today = timezone.localdate()
    tasks = {
        t.community.name: t
        for t in CreationTask.objects.filter(campaign=campaign).select_related("community")
    }

    def drive(name, *steps):
        task = tasks.get(name)
        # Only a task nobody has touched: a returned plan is planned again, but driven already.
        if task is None or task.state != CreationTask.State.PLANNED or task.history.exists():
            return None
        for step in steps:
            if callable(step):
                step(task)
                task.refresh_from_db()
            else:
                action, by, kwargs = step
                task_transition(task=task, action=action, by=by, **kwargs)
        return task

    def accept_inspection(task):
        # A real acceptance inspection from the self-report: its findings decide the outcome,
        # and a failed one raises orders, which sends the task into rectification.
        demo_inspection_record(task=task, kind=Inspection.Kind.ACCEPTANCE, by=inspector)

    def work(task, department_code, *actions):
        assignment = task.assignments.filter(department__code=department_code).first()
        if assignment is None:
            return None
        for action, by, comment in actions:
            if action == "report":
                _demo_report(assignment, by, comment)
            else:
                assignment_transition(assignment=assignment, action=action, by=by, comment=comment)
        return assignment

    def all_work_done(task):
        # Each department reports, submits and has its work accepted by the lead department.
        for assignment in task.assignments.select_related("department").order_by("pk"):
            clerk = clerks.get(assignment.department_id)
            if clerk is None or assignment.state == Assignment.State.ACCEPTED:
                continue
            if assignment.state == Assignment.State.ASSIGNED:
                assignment_transition(assignment=assignment, action="start_work", by=clerk)
            _demo_report(assignment, clerk, "已按职责完成，附工作台账。")
            if assignment.state != Assignment.State.SUBMITTED:
                assignment_transition(
                    assignment=assignment, action="submit", by=clerk, comment="请验收。"
                )
            assignment_transition(
                assignment=assignment,
                action="accept",
                by=acceptor(assignment),
                comment="验收通过。",
            )

    submit = ("submit_plan", lead, {"comment": "已按职责矩阵拟定创建计划，请审批。"})
    approve = ("approve_plan", leader, {"comment": "同意按计划创建。"})
    started = ("start_work", dept, "")
    reported = ("report", dept, "已拨付社区工作经费首期款，附拨款文件。")
    submitted = ("submit", dept, "经费已全部落实，请验收。")
    organised = ("report", lead, "社区党组织换届完成，五好党组织创建方案已印发。")

    # Under construction, with the departments' work in every state and some of it late.
    task = drive("二机社区", submit, approve)
    if task:
        work(task, "czj", started, reported)
        work(task, "zzb", ("start_work", lead, ""))
        task.assignments.exclude(department__code__in=["czj", "zzb"]).filter(
            area__in=["premises", "support"]
        ).update(deadline=today - timedelta(days=12))
        task.assignments.filter(department__code="czj").update(deadline=today + timedelta(days=5))
    task = drive("东门社区", submit, approve)
    if task:
        work(task, "czj", started, reported, submitted)
        task.assignments.filter(area="staffing").update(deadline=today - timedelta(days=3))
    # Every department's work accepted: ready for the inspectors' acceptance.
    task = drive("城南社区", submit, approve)
    if task:
        work(task, "czj", started, reported, submitted, ("accept", lead, "经费落实到位。"))
        work(task, "zzb", ("start_work", lead, ""), ("report", lead, organised[2]))
        all_work_done(task)
    task = drive("新华社区", submit, approve)
    if task:
        work(
            task,
            "czj",
            started,
            reported,
            submitted,
            ("return_work", lead, "缺少社区工作人员待遇落实的依据，请补充。"),
        )
        task.assignments.filter(area__in=["participation", "funding"]).update(
            deadline=today - timedelta(days=20)
        )
    # Inspected and waiting for the leader; in rectification.
    drive("湘赣社区", submit, approve, all_work_done, accept_inspection)
    # 西门社区 reports 298.5 m² of premises: the acceptance fails the 300 m² standard.
    drive("西门社区", submit, approve, all_work_done, accept_inspection)
    # The distinctive track: its own work, inspected against the distinctive standards, then
    # named distinctive by the leader (文化社区) or waiting for that decision (南门社区).
    inspected = [submit, approve, all_work_done, accept_inspection]
    drive("文化社区", *inspected, ("approve_distinctive", leader, {"comment": "打造特色社区。"}))
    drive("南门社区", *inspected)
    # Plans of the prepare track: one waits for the leader, one was returned with a reason.
    drive("北门社区", submit)
    drive(
        "建设社区",
        submit,
        ("return_plan", leader, {"comment": "请补充社区用房选址和人员配备方案后再报批。"}),
    )


def demo_inspection_record(*, task, kind: str, by, remarks: str = "", overdue_days: int = 5):
    """A demo inspection that takes the community's self-report at its word, with orders.

    Numeric standards are judged from the self-reported facts, yes/no ones are met; every
    failed standard gets an order: the premises to 房管, the rest to the community itself,
    one of them already overdue so the demo shows red.
    """
    community = task.community
    catalogue = catalogue_current(campaign=task.campaign)
    rows = [
        FindingInput(
            indicator=indicator,
            measured_value=indicator.self_reported_value(community),
            met=True,
            remarks="",
        )
        for indicator in indicators_for(catalogue=catalogue, community=community)
    ]
    inspection = inspection_record(
        community=community,
        kind=kind,
        by=by,
        findings=rows,
        campaign=task.campaign,
        remarks=remarks,
    )
    housing = Department.objects.filter(code="fgj").first()
    for finding in inspection.findings.filter(met=False).select_related("indicator"):
        premises = finding.indicator.code == "JC-01"
        order_issue(
            finding=finding,
            by=by,
            requirement=_("按标准补足：%(name)s") % {"name": finding.indicator.name},
            deadline=timezone.localdate() + timedelta(days=30 if premises else -overdue_days),
            responsible_department=housing if premises else None,
            responsible_community=None if premises else community,
        )
    return inspection


def demo_assessments_seed() -> None:
    """The 2015 catalogue for the demo campaign, a spot-check draw not yet recorded, and for
    二机社区 a spot-check that finds failures, with its orders.

    Idempotent: the inspection is added only once, and only once the creation task exists.
    """
    campaign = Campaign.objects.active()
    if campaign is None:
        return
    catalogue_2015_load(campaign=campaign)
    community = Community.objects.filter(name="二机社区").first()
    inspector = User.objects.filter(username="inspector").first()
    if community is None or inspector is None:
        return
    # A draw the inspector has yet to record: three communities, five standards, a fixed seed.
    if not SpotCheckDraw.objects.filter(campaign=campaign).exists():
        spot_check_draw(
            campaign=campaign, by=inspector, community_count=3, indicator_count=5, seed=2015
        )
    if Inspection.objects.filter(campaign=campaign, community=community).exists():
        return
    task = CreationTask.objects.filter(campaign=campaign, community=community).first()
    if task is None:
        return
    # A spot-check: it does not move the task, so the demo task keeps its own state.
    spot_check = demo_inspection_record(
        task=task,
        kind=Inspection.Kind.SPOT_CHECK,
        by=inspector,
        remarks=_("演示：用房面积不足300平方米。"),
    )
    # The department answers its order (the community's stays overdue): an inspector has one
    # to verify.
    order = (
        RectificationOrder.objects.filter(
            finding__inspection=spot_check, responsible_department__isnull=False
        )
        .order_by("pk")
        .first()
    )
    clerk = (
        User.objects.filter(membership__department=order.responsible_department)
        .order_by("pk")
        .first()
        if order
        else None
    )
    if clerk and order:
        order_transition(
            order=order,
            action="answer",
            by=clerk,
            comment=_("已整改，附整改前后照片。"),
            answer=_("已按要求整改到位，附整改前后照片和工作台账。"),
        )


def demo_scoring_seed() -> None:
    """Periods for the demo campaign, their scores, one published circular and one draft.

    Idempotent: periods are found by their dates, circulars are only made when none exist.
    """
    campaign = Campaign.objects.active()
    users = {u.username: u for u in User.objects.filter(username__in=["leader", "lead"])}
    if campaign is None or len(users) < 2:
        return
    leader, lead = users["leader"], users["lead"]
    weights_for(campaign=campaign)
    if not Assistance.objects.filter(campaign=campaign).exists():
        pairs = list(Department.objects.filter(is_lead=False).order_by("sort_order")[:3])
        communities = list(
            CommunityTrack.objects.filter(campaign=campaign)
            .select_related("community")
            .order_by("community__name")[:3]
        )
        for index, (department, membership) in enumerate(zip(pairs, communities, strict=False)):
            Assistance.objects.create(
                campaign=campaign,
                department=department,
                community=membership.community,
                given_on=max(
                    datetime.date(campaign.year, 1, 1),
                    timezone.localdate() - datetime.timedelta(days=7 * index),
                ),
                description=_("结对帮扶：捐赠办公设备，协助开展便民服务活动。"),
                points=Decimal(5 - index),
                recorded_by=lead,
            )
    periods = periods_create_for_campaign(campaign=campaign)
    for period in periods:
        if not period.is_frozen:
            scores_compute(period=period)
    if Circular.objects.filter(campaign=campaign).exists():
        return
    # The demo happened today: publish this month's circular, leave this quarter's as a draft.
    today = timezone.localdate()

    def current(kind):
        return next(
            (p for p in periods if p.kind == kind and p.starts_on <= today <= p.ends_on),
            next(p for p in reversed(periods) if p.kind == kind),
        )

    published = circular_generate(period=current(ScoringPeriod.Kind.MONTH), by=lead)
    circular_narrative_update(
        circular=published,
        by=lead,
        overview=_("本月，各部门按照职责分工推进创建工作，创建任务全部列入计划并交办到部门。"),
        problems=_("部分社区工作用房面积不足，个别部门任务办理进度滞后。"),
        experience=_("二机社区整合共建单位资源，建成“五室一厅”，经验值得推广。"),
        next_steps=_("各责任部门要对照逾期未完成事项逐项销号，按期完成整改。"),
    )
    for action, actor in [("submit", lead), ("approve", leader), ("publish", leader)]:
        circular_transition(circular=published, action=action, by=actor)
    circular_generate(period=current(ScoringPeriod.Kind.QUARTER), by=lead)
