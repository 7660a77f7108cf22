"""Writes that meet at the same moment, on a real PostgreSQL (row locks, READ COMMITTED)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Catalogue,
    Circular,
    CommunityScore,
    DepartmentScore,
    Finding,
    Indicator,
    Inspection,
    Measure,
    ScoringPeriod,
    WorkArea,
)
from assessments.scoring import scores_compute
from assessments.spreadsheets.imports import workbook_import
from supervision.models import Community, CommunityTrack, Role
from tests.assessments.workbooks import COMMUNITY_HEADERS, xlsx
from tests.conftest import make_user
from workflows.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRole,
    CreationTask,
    DutyArea,
    ProgressReport,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*jobs):
    """Start the jobs at one moment, each on its own connection; return their errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a job hung (deadlock?)"
    return errors


def test_two_clerks_submitting_the_same_assignment_give_one_submission(county, dept_clerk):
    second_clerk = make_user("dept-b", Role.DEPARTMENT_STAFF, department=county.finance)
    task = CreationTask.objects.create(campaign=county.campaign, community=county.community)
    CreationTask.objects.filter(pk=task.pk).update(state=CreationTask.State.UNDER_CONSTRUCTION)
    works = []
    for area in (DutyArea.FUNDING, DutyArea.STAFFING, DutyArea.SUPPORT):
        work = Assignment.objects.create(
            task=task,
            department=county.finance,
            area=area,
            role=AssignmentRole.LEAD,
            owed="落实社区工作经费",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
        Assignment.objects.filter(pk=work.pk).update(state=Assignment.State.IN_PROGRESS)
        ProgressReport.objects.create(assignment=work, author=dept_clerk, text="已拨付。")
        works.append(work)
    clients = []
    for clerk in (dept_clerk, second_clerk):
        client = Client()
        client.force_login(clerk)
        clients.append(client)

    # Three rounds, one per assignment: a single race can end before the other starts.
    for work in works:
        url = reverse("workflows:assignment_action", args=[work.pk])
        statuses = []

        def submit(client, url=url, statuses=statuses):
            statuses.append(client.post(url, {"action": "submit", "comment": "已完成"}).status_code)

        assert run_together(*(lambda c=c: submit(c) for c in clients)) == []
        assert statuses == [302, 302]
        work.refresh_from_db()
        assert work.state == Assignment.State.SUBMITTED
        submissions = AssignmentEvent.objects.filter(assignment=work, action="submit")
        assert submissions.count() == 1
        assert submissions.get().actor in (dept_clerk, second_clerk)


COMMUNITIES = 60
NEW_COMMUNITIES = 60


@pytest.fixture
def scored_period(county, inspector):
    """A county of tracked communities, each inspected once, and a period scored once."""
    catalogue = Catalogue.objects.create(campaign=county.campaign, title="2015年创建标准")
    indicators = [
        Indicator.objects.create(
            catalogue=catalogue,
            code=f"DJ-{n:02}",
            name=f"标准{n}",
            work_area=WorkArea.PARTY_BUILDING,
            measure=Measure.YES_NO,
            points=Decimal("20"),
            sort_order=n,
        )
        for n in range(1, 6)
    ]
    communities = Community.objects.bulk_create(
        Community(town=county.town, name=f"测试{n:03}社区", households=100 + n)
        for n in range(COMMUNITIES)
    )
    CommunityTrack.objects.bulk_create(
        CommunityTrack(
            campaign=county.campaign, community=c, track="create" if n % 2 else "distinctive"
        )
        for n, c in enumerate(communities)
    )
    today = timezone.localdate()
    inspections = Inspection.objects.bulk_create(
        Inspection(
            campaign=county.campaign,
            catalogue=catalogue,
            community=c,
            kind=Inspection.Kind.SPOT_CHECK,
            inspector=inspector,
            inspected_on=today,
        )
        for c in communities
    )
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            indicator=indicator,
            met=(n + i) % 3 != 0,
            points_awarded=indicator.points if (n + i) % 3 else 0,
        )
        for n, inspection in enumerate(inspections)
        for i, indicator in enumerate(indicators)
    )
    period = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind=ScoringPeriod.Kind.MONTH,
        label="本月",
        starts_on=today.replace(day=1),
        ends_on=today,
    )
    return scores_compute(period=period)


def snapshot_of(period):
    return sorted(
        CommunityScore.objects.filter(period=period).values_list(
            "community_id", "track", "total", "rank"
        )
    )


def test_import_while_scoring_loses_nothing_and_never_shows_half_a_snapshot(county, scored_period):
    tracked = CommunityTrack.objects.filter(campaign=county.campaign).count()
    first = snapshot_of(scored_period)
    assert len(first) == tracked
    departments = DepartmentScore.objects.filter(period=scored_period).count()
    workbook = xlsx(
        {
            "社区": [COMMUNITY_HEADERS]
            # Every existing community's figures change, and new ones arrive.
            + [
                ["禾川镇", f"测试{n:03}社区", 500 + n, 1500, 320, 40, 7, 1, 3, 1, 5]
                for n in range(COMMUNITIES)
            ]
            + [
                ["禾川镇", f"新建{n:03}社区", 200 + n, 600, 300, 20, 5, 0, 1, 0, 2]
                for n in range(NEW_COMMUNITIES)
            ]
        }
    )
    done = threading.Event()
    reports, computed, seen = [], [], []

    def import_workbook():
        try:
            reports.append(workbook_import(file=workbook))
        finally:
            done.set()

    def compute_until_imported():
        # Recompute for as long as the import runs, and once more after it.
        while True:
            finished = done.is_set()
            computed.append(scores_compute(period=scored_period).computed_at)
            if finished:
                return

    def watch_snapshot():
        while not done.is_set() or len(seen) < 5:
            seen.append(CommunityScore.objects.filter(period=scored_period).count())

    assert run_together(import_workbook, compute_until_imported, watch_snapshot) == []

    report = reports[0]
    assert report.ok, report.problems
    assert report.counts["社区"] == {
        "created": NEW_COMMUNITIES,
        "updated": COMMUNITIES,
        "unchanged": 0,
    }
    imported = Community.objects.filter(name__startswith="测试")
    assert sorted(imported.values_list("households", flat=True)) == [
        500 + n for n in range(COMMUNITIES)
    ]
    assert Community.objects.filter(name__startswith="新建").count() == NEW_COMMUNITIES
    # Every read of the snapshot, mid-computation or not, saw it whole.
    assert set(seen) == {tracked}
    scored_period.refresh_from_db()
    assert scored_period.computed_at == computed[-1]
    assert snapshot_of(scored_period) == first
    assert DepartmentScore.objects.filter(period=scored_period).count() == departments


def test_generating_a_circular_from_several_presses_at_once_makes_one_draft(county, lead_clerk):
    period = ScoringPeriod.objects.create(
        campaign=county.campaign,
        kind="month",
        label="2015年6月",
        starts_on=datetime.date(2015, 6, 1),
        ends_on=datetime.date(2015, 6, 30),
    )
    url = reverse("assessments:circular_new", args=[period.pk])
    statuses = []

    def press():
        client = Client()
        client.force_login(lead_clerk)
        statuses.append(client.post(url).status_code)

    assert run_together(press, press, press, press) == []
    assert statuses == [302] * 4
    assert Circular.objects.filter(period=period).count() == 1
    assert Circular.objects.get(period=period).state == Circular.State.DRAFT
