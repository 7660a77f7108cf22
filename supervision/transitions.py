"""Every state change of every state machine goes through here.

A model's state is a django-fsm `FSMField(protected=True)` moved only by its `@transition`
methods, whose `conditions` (`Condition`) say in Chinese why they are not met and whose
`permission` (`Permission`) names the roles that may take them. A `Machine` says how one such
model is changed and recorded: its audit model, its actions with their Chinese names, which
actions need a reason. `transition_take` locks the row, checks, changes, saves and writes the
audit row in one transaction; it raises `Refused` with the Chinese reasons.

This is the only module that reads django-fsm's transition tables.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from supervision.models import AuditRecord, Role
from supervision.roles import person_of


class Refused(Exception):
    """A change that may not happen now; `reasons` says why, in Chinese."""

    def __init__(self, reasons):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("；".join(self.reasons))


class Condition:
    """A transition condition that can say, in Chinese, why it is not met."""

    def __init__(self, check: Callable[[object], bool], message, *, detail=None):
        self.check = check
        self.message = message
        # What in particular is not met, said after the message ("：JC-01 自报180，标准300").
        self.detail = detail
        self.__name__ = check.__name__

    def __call__(self, instance) -> bool:
        return bool(self.check(instance))

    def reason(self, instance) -> str:
        said = self.detail(instance) if self.detail else ""
        return f"{self.message}{_('：')}{said}" if said else str(self.message)


class Permission:
    """Who may take a transition: a person holding one of `roles`, and, where `check` is
    given, only on the objects it allows (`check(instance, person)`).

    `rules` are (check, message) pairs that refuse, with their reason, someone who otherwise
    may (four eyes: not on work one did oneself); they do not make the page forbidden."""

    def __init__(self, message, *, roles: tuple[Role, ...], check=None, rules=()):
        self.message = message
        self.roles = tuple(roles)
        self.check = check
        self.rules = tuple(rules)

    def rule_refusals(self, instance, user) -> list[str]:
        person = person_of(user)
        return [str(message) for check, message in self.rules if not check(instance, person)]

    def __call__(self, instance, user) -> bool:
        if not user.is_authenticated:
            return False
        person = person_of(user)
        return person.has(*self.roles) and (
            self.check is None or bool(self.check(instance, person))
        )


@dataclass(frozen=True)
class Machine:
    """How one FSM model is changed: its audit rows, its actions and their Chinese names."""

    audit: type[AuditRecord]
    # The object in a sentence: "该任务已被他人处理".
    subject: str
    # Action → its Chinese name; the action is the @transition method of the same name unless
    # `methods` names another.
    actions: Mapping[str, str]
    methods: Mapping[str, str] = field(default_factory=dict)
    # Action → what to say when its reason is left blank (every negative action has one).
    reasons_required: Mapping[str, str] = field(default_factory=dict)
    # Negative action → the actions that answer it: its reason is shown until one of them.
    answered_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Irreversible action → what it does and to whom (%(object)s: the object), said on the
    # second step that confirms it.
    confirmations: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        # Each audit row names its action as its machine does (准许先行验收, not waive_work).
        self.audit.machine = self

    def reason_label(self, actions) -> str:
        """The comment field's label where `actions` are offered: which of them need a reason,
        or "" when none does ("意见（退回修改、不予通过时必须填写理由）")."""
        needing = [str(self.actions[a]) for a in actions if a in self.reasons_required]
        if not needing:
            return ""
        return _("意见（%(actions)s时必须填写理由）") % {"actions": _("、").join(needing)}

    def method(self, action: str) -> str:
        if action not in self.actions:
            raise ValueError(f"unknown action {action!r}")
        return self.methods.get(action, action)


def _transitions(model, method: str) -> list:
    state = model._meta.get_field("state")
    return [t for t in state.get_all_transitions(model) if t.name == method]


def transition_now(machine: Machine, instance, action: str):
    """The django-fsm transition `action` would take from the instance's state, or None."""
    method = machine.method(action)
    found = [t for t in _transitions(type(instance), method) if t.source == instance.state]
    return found[0] if found else None


def refusal_reasons(machine: Machine, instance, action: str, *, by, comment: str = "") -> list:
    """Why `by` may not take `action` on `instance` now; empty when they may."""
    meta = transition_now(machine, instance, action)
    if meta is None:
        return [
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": instance.get_state_display(), "action": machine.actions[action]}
        ]
    if not meta.has_perm(instance, by):
        return [str(meta.permission.message)]
    reasons = meta.permission.rule_refusals(instance, by) if meta.permission else []
    reasons += [
        condition.reason(instance) for condition in meta.conditions if not condition(instance)
    ]
    if action in machine.reasons_required and not comment.strip():
        reasons.append(str(machine.reasons_required[action]))
    return reasons


def open_refusal(machine: Machine, instance):
    """The latest negative action on `instance` (its audit row: who, when, why) that nobody has
    answered since; None when there is none. Pages show it in a banner."""
    negative = list(machine.answered_by)
    if not negative:
        return None
    history = machine.audit.objects.filter(**{machine.audit.subject_field: instance})
    last = (
        history.filter(action__in=negative).select_related("actor").order_by("-at", "-id").first()
    )
    if last is None:
        return None
    answered = history.filter(action__in=machine.answered_by[last.action]).filter(
        Q(at__gt=last.at) | Q(at=last.at, id__gt=last.id)
    )
    return None if answered.exists() else last


def permitted(machine: Machine, instance, action: str, *, by) -> bool:
    """Whether `by` may take `action` on this object at all, whatever its state now."""
    return any(
        t.has_perm(instance, by) for t in _transitions(type(instance), machine.method(action))
    )


def actions_for(machine: Machine, instance, *, by) -> list[str]:
    """The actions `by` may take on `instance` now (a reason is asked for on the form)."""
    return [
        action
        for action in machine.actions
        if not refusal_reasons(machine, instance, action, by=by, comment="-")
    ]


def transition_roles(machine: Machine, model, action: str) -> tuple[Role, ...]:
    """The roles the permission of `action` names (the same on every source state)."""
    roles = {t.permission.roles for t in _transitions(model, machine.method(action))}
    if len(roles) != 1:
        raise ValueError(f"{model.__name__}.{action} names different roles per source state")
    return roles.pop()


def transition_graph(machine: Machine, model) -> dict[str, tuple[set, str]]:
    """Action → (its source states, its target state), for the processes that follow a model."""
    graph = {}
    for action in machine.actions:
        transitions = _transitions(model, machine.method(action))
        targets = {t.target for t in transitions}
        if len(targets) != 1:
            raise ValueError(f"{model.__name__}.{action} has several targets")
        graph[action] = ({t.source for t in transitions}, targets.pop())
    return graph


def transition_take(
    machine: Machine,
    instance,
    *,
    action: str,
    by,
    comment: str = "",
    before: Callable | None = None,
    after: Callable | None = None,
    **kwargs,
):
    """Take `action` on `instance` as `by`: lock, check, change state, save, write the audit row.

    `instance` is what the caller saw: if its state changed meanwhile, the action is refused.
    `before(locked)` runs under the lock before the checks (it may prepare what they look at and
    return extra arguments for the transition); `after(locked)` runs once it is saved, in the
    same transaction. Returns the saved row; `instance` is refreshed to it.
    """
    model = type(instance)
    busy = _("%(subject)s已被他人处理，请刷新后再试。") % {"subject": machine.subject}
    with transaction.atomic():
        # Lock the row: two people may act on the same object at once.
        locked = model.objects.select_for_update().get(pk=instance.pk)
        if locked.state != instance.state:
            raise Refused(
                [
                    _("%(subject)s已被他人处理，当前状态为“%(state)s”，请刷新后再试。")
                    % {"subject": machine.subject, "state": locked.get_state_display()}
                ]
            )
        if before is not None:
            kwargs.update(before(locked) or {})
        reasons = refusal_reasons(machine, locked, action, by=by, comment=comment)
        if reasons:
            raise Refused(reasons)
        source = locked.state
        getattr(locked, machine.method(action))(**kwargs)
        try:
            locked.save()
        except ConcurrentTransition:
            raise Refused([busy]) from None
        machine.audit.objects.create(
            **{machine.audit.subject_field: locked},
            action=action,
            source=source,
            target=locked.state,
            actor=by,
            comment=comment.strip(),
        )
        if after is not None:
            after(locked)
    instance.refresh_from_db()
    return locked
