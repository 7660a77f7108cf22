"""The viewflow process is read off the task's state machine and cannot drift from it.

Its steps are the machine's actions, taken by the roles their permissions name; walking the
machine along every path, the process waits exactly for the actions whose conditions now hold.
"""

import pytest
from viewflow.workflow import flow

from supervision.models import Community, CommunityTrack
from supervision.transitions import permitted, transition_now, transition_roles
from tests.builders import work_accepted
from tests.conftest import make_user
from workflows.flows import STEPS, CreationFlow, open_flow_tasks, process_advance, process_start
from workflows.models import (
    HAS_ASSIGNMENTS,
    TASK_MACHINE,
    Assignment,
    CreationTask,
    DutyRule,
    work_ready_for_acceptance,
)
from workflows.services import task_transition

from .conftest import LOW_SCORE, PASSING

HUMAN_NODES = {node.name for node in CreationFlow.instance.nodes() if isinstance(node, flow.Handle)}
STEP_OF = {action: step for step in STEPS.values() for action in step.actions}


def test_every_human_step_is_an_action_of_the_machine_and_every_action_has_its_step():
    # The wait for the departments' work is the one step named otherwise: the lead
    # department's waiver (准许先行验收) takes it when the work is not all accepted.
    assert HUMAN_NODES - set(TASK_MACHINE.actions) == {"wait_assignments"}
    assert set(STEPS) == HUMAN_NODES
    assert STEPS["wait_assignments"].actions == ("waive_work",)
    # Each action is taken in one step: a decision's refusal in its approval's step.
    taken_in = [action for step in STEPS.values() for action in step.actions]
    assert sorted(taken_in) == sorted(TASK_MACHINE.actions)


@pytest.mark.parametrize("action", list(TASK_MACHINE.actions))
def test_each_step_is_taken_by_the_roles_its_transition_permits(action, county):
    roles = STEP_OF[action].roles
    assert roles == transition_roles(TASK_MACHINE, CreationTask, action)
    task = CreationTask(campaign=county.campaign, community=county.community)
    holder = make_user(f"holder-{action}", *roles)
    others = [role for role in {r for step in STEPS.values() for r in step.roles} - set(roles)]
    stranger = make_user(f"stranger-{action}", *others)
    assert permitted(TASK_MACHINE, task, action, by=holder)
    assert not permitted(TASK_MACHINE, task, action, by=stranger)


def _waiting(task) -> set[str]:
    return {flow_task.flow_task.name for flow_task in open_flow_tasks(task=task)}


def _expected(task) -> set[str]:
    """The actions the machine would let someone take now (conditions met), and before the
    acceptance the wait for the departments' work."""
    task.refresh_from_db()
    ready = set()
    for action in TASK_MACHINE.actions:
        meta = transition_now(TASK_MACHINE, task, action)
        # Approving a plan creates the assignments its condition asks for.
        conditions = [c for c in meta.conditions if c is not HAS_ASSIGNMENTS] if meta else []
        if meta is not None and all(condition(task) for condition in conditions):
            ready.add(STEP_OF[action].action)
    if task.state == CreationTask.State.UNDER_CONSTRUCTION and not work_ready_for_acceptance(task):
        return {"wait_assignments"}
    # A decision that left the state as it was (a waiver) is not asked again.
    last = task.history.order_by("-id").first()
    if last and last.source == last.target:
        ready.discard(STEP_OF[last.action].action)
    return ready


@pytest.fixture
def walk(django_capture_on_commit_callbacks):
    def step(task, action, by, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            task_transition(task=task, action=action, by=by, **kwargs)
        assert _waiting(task) == _expected(task), (action, task.state)

    return step


def test_the_process_waits_for_what_the_machine_allows_along_every_path(
    county, duty_matrix, leader, inspector, lead_clerk, walk, django_capture_on_commit_callbacks
):
    community = county.other_community  # on the distinctive track
    community.certified_social_workers = 1
    community.filed_social_organisations = 3
    community.save()
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    process_start(task=task)
    assert _waiting(task) == _expected(task) == {"submit_plan"}

    walk(task, "submit_plan", lead_clerk)
    assert _waiting(task) == {"approve_plan"}
    walk(task, "return_plan", leader, comment="请补充用房方案。")
    assert _waiting(task) == {"submit_plan"}
    walk(task, "submit_plan", lead_clerk)
    walk(task, "approve_plan", leader)
    with django_capture_on_commit_callbacks(execute=True):
        Assignment.objects.filter(task=task).update(state=Assignment.State.ACCEPTED)
        process_advance(task=task)
    assert _waiting(task) == _expected(task) == {"record_inspection"}
    walk(task, "record_inspection", inspector, outcome=LOW_SCORE)
    assert _waiting(task) == {"start_rectification"}
    walk(task, "start_rectification", lead_clerk)
    walk(task, "resume_construction", inspector)
    assert _waiting(task) == {"record_inspection"}
    walk(task, "record_inspection", inspector, outcome=PASSING)
    # Passed in an earlier year: named distinctive (or not) straight from the inspection.
    assert _waiting(task) == {"approve_distinctive"}
    walk(task, "refuse_distinctive", leader, comment="尚无持证社工。")
    assert _waiting(task) == {"resume_construction"}
    walk(task, "resume_construction", lead_clerk)
    walk(task, "record_inspection", inspector, outcome=PASSING)
    walk(task, "approve_distinctive", leader)
    assert _waiting(task) == set()


def test_the_waiver_lets_a_distinctive_inspection_go_first(
    county, duty_matrix, leader, inspector, lead_clerk, walk, django_capture_on_commit_callbacks
):
    task = CreationTask.objects.create(campaign=county.campaign, community=county.other_community)
    process_start(task=task)
    walk(task, "submit_plan", lead_clerk)
    walk(task, "approve_plan", leader)
    assert _waiting(task) == {"wait_assignments"}
    walk(task, "waive_work", lead_clerk, comment="房管局用房已落实，手续在办。")
    assert _waiting(task) == {"record_inspection"}
    walk(task, "record_inspection", inspector, outcome=PASSING)
    assert _waiting(task) == {"approve_distinctive"}


def test_a_create_community_is_passed_or_refused_and_then_ends(
    task, leader, inspector, lead_clerk, walk, django_capture_on_commit_callbacks
):
    process_start(task=task)
    walk(task, "approve_plan", leader)
    with django_capture_on_commit_callbacks(execute=True):
        work_accepted(task)
        process_advance(task=task)
    walk(task, "record_inspection", inspector, outcome=PASSING)
    assert _waiting(task) == {"approve_pass"}
    walk(task, "refuse_pass", leader, comment="活动室未对居民开放。")
    assert _waiting(task) == {"resume_construction"}
    walk(task, "resume_construction", lead_clerk)
    walk(task, "record_inspection", inspector, outcome=PASSING)
    walk(task, "approve_pass", leader)
    assert _waiting(task) == set()


@pytest.mark.parametrize("assessment", ["assess_ready", "assess_not_ready"])
def test_a_prepare_community_waits_for_its_work_then_for_the_assessment(
    assessment, county, leader, lead_clerk, walk, django_capture_on_commit_callbacks
):
    DutyRule.objects.create(
        track="prepare", area="premises", department=county.housing, role="lead", owed="谋划用房"
    )
    community = Community.objects.create(town=county.town, name="三桥社区", households=100)
    CommunityTrack.objects.create(campaign=county.campaign, community=community, track="prepare")
    task = CreationTask.objects.create(campaign=county.campaign, community=community)
    process_start(task=task)
    walk(task, "submit_plan", lead_clerk)
    walk(task, "approve_plan", leader)
    assert _waiting(task) == {"wait_assignments"}
    with django_capture_on_commit_callbacks(execute=True):
        work_accepted(task)
        process_advance(task=task)
    assert _waiting(task) == _expected(task) == {"assess_ready"}
    walk(task, assessment, lead_clerk, comment="用房尚差120平方米。")
    assert _waiting(task) == set()
