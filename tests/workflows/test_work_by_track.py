"""Each track its own work: approving a plan assigns the duty matrix's rows of the community's
track, so a distinctive community does not repeat the creation work and a prepare community
gets the seed's preparation (premises, staffing, funding, led by 民政局)."""

import pytest

from demo.data import DEPARTMENTS
from supervision.models import Community, CommunityTrack, Department
from workflows.duty_matrix import CREATE_MATRIX, DISTINCTIVE_MATRIX, PREPARE_MATRIX
from workflows.models import CreationTask
from workflows.services import duty_matrix_seed, task_transition


@pytest.fixture
def seeded_matrix(county):
    """The seed's duty matrix, over the county's eighteen departments."""
    for code, name, short, kind, lead, _duties in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "is_lead": lead},
        )
    duty_matrix_seed()


def approved(county, community, lead_clerk, leader) -> CreationTask:
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    task_transition(task=task, action="submit_plan", by=lead_clerk)
    task_transition(task=task, action="approve_plan", by=leader)
    return task


def owed(task) -> set:
    return set(task.assignments.values_list("area", "department__code", "role"))


def test_a_create_track_community_gets_the_creation_work(county, seeded_matrix, lead_clerk, leader):
    task = approved(county, county.community, lead_clerk, leader)
    assert owed(task) == {(area, code, role) for area, code, role, *_rest in CREATE_MATRIX}
    assert task.assignments.count() == 20


def test_a_distinctive_community_gets_its_own_work_and_none_of_the_creation_work(
    county, seeded_matrix, lead_clerk, leader
):
    task = approved(county, county.other_community, lead_clerk, leader)
    assert owed(task) == {(area, code, role) for area, code, role, *_rest in DISTINCTIVE_MATRIX}
    texts = " ".join(task.assignments.values_list("owed", flat=True))
    assert "持证社工" in texts and "四点半学校" in texts and "智慧社区" in texts
    assert "不少于300平方米" not in texts


def test_a_prepare_community_prepares_premises_staffing_and_funding_led_by_civil_affairs(
    county, seeded_matrix, lead_clerk, leader
):
    beimen = Community.objects.create(town=county.town, name="北门社区")
    CommunityTrack.objects.create(campaign=county.campaign, community=beimen, track="prepare")
    task = approved(county, beimen, lead_clerk, leader)
    assert owed(task) == {(area, code, role) for area, code, role, *_rest in PREPARE_MATRIX}
    assert set(task.assignments.values_list("area", flat=True)) == {
        "guidance",
        "premises",
        "staffing",
        "funding",
    }
    lead = task.assignments.get(area="guidance")
    assert (lead.department.code, lead.role) == ("mzj", "lead")
    assert "摸清社区底数" in lead.owed


def test_seeding_the_matrix_again_adds_nothing(county, seeded_matrix):
    assert duty_matrix_seed() == 0


def test_an_existing_county_loads_the_other_tracks_rows_by_command(county, seeded_matrix):
    import io

    from django.core.management import call_command

    from workflows.models import DutyRule

    DutyRule.objects.exclude(track="create").delete()  # a database from before the tracks
    out = io.StringIO()
    call_command("seed_duty_matrix", stdout=out)
    assert "新增 13 条规则" in out.getvalue()
    assert DutyRule.objects.filter(track="distinctive").count() == len(DISTINCTIVE_MATRIX)
    assert DutyRule.objects.filter(track="prepare").count() == len(PREPARE_MATRIX)


def test_the_command_names_missing_departments(county):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="缺少部门"):
        call_command("seed_duty_matrix")
