"""The viewflow process that drives each creation task (创建任务) through its stages.

The task's FSM stays the single source of truth. Every step of the flow is a Handle node
that waits for one FSM transition; the step page calls `task_transition`, and
`process_advance` then completes whichever waiting flow task the task's new state answers.
The same happens when a transition is taken outside the flow (the inspection form, the task
page): `task_transition` calls `process_advance` after commit, so the process never lags.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import STATUS, flow
from viewflow.workflow.models import Process, Task

from supervision.models import Track
from supervision.roles import person_of
from supervision.transitions import transition_graph, transition_roles
from workflows.models import TASK_MACHINE, CreationTask, work_ready_for_acceptance

State = CreationTask.State
OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@dataclass(frozen=True)
class Step:
    """A human step: the FSM action that completes it (and, for a decision, the refusal that
    completes it too), who takes it, and the task's states in which it is done. All of it is
    read off the task's state machine, never restated."""

    action: str
    roles: tuple
    done_in: frozenset
    actions: tuple


# A leader's decision is one step, done by approving or by refusing.
REFUSALS = {
    "approve_plan": "return_plan",
    "approve_pass": "refuse_pass",
    "approve_distinctive": "refuse_distinctive",
    "assess_ready": "assess_not_ready",
}


# The wait for the departments' work ends when it is accepted, or by the lead department's
# waiver (准许先行验收): the one step not named after the action that takes it.
TAKEN_BY = {"wait_assignments": "waive_work"}


def _state_of(activation) -> str:
    return _task_of(activation.process).state


class CreationFlow(flow.Flow):
    process_title = _("创建任务流程")
    process_description = _(
        "计划报批与审批、部门交办、验收、整改、达标审批和特色社区认定；明年达标类社区作准备评估。"
    )

    start = (
        flow.StartHandle(this.start_process).Annotation(title=_("列入计划")).Next(this.submit_plan)
    )
    submit_plan = (
        flow.Handle(this.step_done)
        .Annotation(title=_("牵头部门报批创建计划"))
        .Next(this.approve_plan)
    )
    approve_plan = (
        flow.Handle(this.step_done).Annotation(title=_("县领导审批创建计划")).Next(this.check_plan)
    )
    check_plan = (
        flow.If(lambda activation: _state_of(activation) == State.PLANNED)
        .Annotation(title=_("计划是否退回修改"))
        .Then(this.submit_plan)
        .Else(this.wait_assignments)
    )
    wait_assignments = (
        flow.Handle(this.step_done)
        .Annotation(title=_("各部门办理交办任务"))
        .Next(this.check_prepare)
    )
    check_prepare = (
        flow.If(lambda activation: _task_of(activation.process).track == Track.PREPARE)
        .Annotation(title=_("是否明年达标"))
        .Then(this.assess_ready)
        .Else(this.record_inspection)
    )
    assess_ready = (
        flow.Handle(this.step_done).Annotation(title=_("牵头部门作出准备评估")).Next(this.end)
    )
    record_inspection = (
        flow.Handle(this.step_done).Annotation(title=_("督查组验收")).Next(this.check_outcome)
    )
    check_outcome = (
        flow.If(lambda activation: _task_of(activation.process).inspection_outcome.failed)
        .Annotation(title=_("验收是否合格"))
        .Then(this.start_rectification)
        .Else(this.check_track)
    )
    check_track = (
        flow.If(lambda activation: _task_of(activation.process).track == Track.DISTINCTIVE)
        .Annotation(title=_("是否创出特色"))
        .Then(this.approve_distinctive)
        .Else(this.approve_pass)
    )
    start_rectification = (
        flow.Handle(this.step_done).Annotation(title=_("下达整改")).Next(this.resume_construction)
    )
    resume_construction = (
        flow.Handle(this.step_done).Annotation(title=_("确认整改完成")).Next(this.record_inspection)
    )
    approve_pass = (
        flow.Handle(this.step_done).Annotation(title=_("县领导审批创建达标")).Next(this.check_pass)
    )
    check_pass = (
        flow.If(lambda activation: _state_of(activation) == State.RECTIFYING)
        .Annotation(title=_("是否不予通过"))
        .Then(this.resume_construction)
        .Else(this.end)
    )
    approve_distinctive = (
        flow.Handle(this.step_done)
        .Annotation(title=_("县领导认定特色社区"))
        .Next(this.check_distinctive)
    )
    check_distinctive = (
        flow.If(lambda activation: _state_of(activation) == State.RECTIFYING)
        .Annotation(title=_("是否不予认定"))
        .Then(this.resume_construction)
        .Else(this.end)
    )
    end = flow.End().Annotation(title=_("结束"))

    def start_process(self, activation, task):
        activation.process.artifact = task
        return activation.process

    def step_done(self, activation):
        """The FSM transition has happened; the step only records it."""


def _done_in(graph: dict, action: str) -> frozenset:
    """The states the task reaches by taking `action` and going on, up to a state from which
    `action` may be taken again (then a new step of the same name waits)."""
    sources, target = graph[action]
    done, frontier = set(), [target]
    while frontier:
        state = frontier.pop()
        if state in done or state in sources:
            continue
        done.add(state)
        frontier += [t for s, t in graph.values() if state in s]
    return frozenset(done)


def _steps() -> dict[str, Step]:
    """The flow's human steps, by node name: one per FSM action the flow waits for."""
    graph = transition_graph(TASK_MACHINE, CreationTask)
    steps = {}
    for node in CreationFlow.instance.nodes():
        action = TAKEN_BY.get(node.name, node.name)
        if not isinstance(node, flow.Handle) or action not in TASK_MACHINE.actions:
            continue
        actions = (action, REFUSALS[action]) if action in REFUSALS else (action,)
        steps[node.name] = Step(
            action=action,
            roles=transition_roles(TASK_MACHINE, CreationTask, action),
            done_in=frozenset().union(*(_done_in(graph, action) for action in actions)),
            actions=actions,
        )
    return steps


STEPS = _steps()


def _task_of(process) -> CreationTask:
    return CreationTask.objects.get(pk=process.artifact_object_id)


def _processes_of(task: CreationTask):
    return Process.objects.filter(
        flow_class=CreationFlow,
        artifact_content_type=ContentType.objects.get_for_model(CreationTask),
        artifact_object_id=task.pk,
    )


def process_start(*, task: CreationTask) -> Process:
    """Start the task's process; one process per task, so an existing one is returned."""
    existing = _processes_of(task).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        process = CreationFlow.start.run(task=task)
    process_advance(task=task)
    return process


def step_is_done(*, flow_task: Task, task: CreationTask) -> bool:
    """Whether the task's state answers the step; or, for a decision that leaves the state as
    it was, whether it was taken since the step began."""
    node_name = flow_task.flow_task.name
    if node_name == "wait_assignments":
        return task.state != State.UNDER_CONSTRUCTION or work_ready_for_acceptance(task)
    step = STEPS.get(node_name)
    if step is None:
        return False
    return (
        task.state in step.done_in
        or task.history.filter(action__in=step.actions, at__gte=flow_task.created).exists()
    )


def open_flow_tasks(*, task: CreationTask):
    return Task.objects.filter(process__in=_processes_of(task), status__in=OPEN).order_by("pk")


def process_advance(*, task: CreationTask) -> None:
    """Complete every waiting flow task that the task's current state answers.

    Called after each FSM transition and after each accepted assignment; safe to call at
    any time. Loops because one state may answer several steps (e.g. an inspection recorded
    outside the flow before the last assignment was accepted).
    """
    if not _processes_of(task).exists():
        process_start(task=task)
        return
    with transaction.atomic():
        # Lock the process: the commit hook and the assignment service may advance it at once.
        list(_processes_of(task).select_for_update())
        task = CreationTask.objects.get(pk=task.pk)
        for _round in range(len(STEPS) + 2):
            advanced = False
            for flow_task in open_flow_tasks(task=task):
                if step_is_done(flow_task=flow_task, task=task):
                    flow_task.flow_task.run(flow_task)
                    advanced = True
            if not advanced:
                return


def step_for(flow_task: Task) -> Step | None:
    return STEPS.get(flow_task.flow_task.name)


def user_may_take(*, user, flow_task: Task) -> bool:
    step = step_for(flow_task)
    return step is not None and person_of(user).has(*step.roles)
