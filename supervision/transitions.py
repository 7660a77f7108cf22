"""The last step every state change shares: apply the transition, save, write the audit row.

Each service (creation task, assignment, rectification order, circular) first locks its row
and checks who may do what; then it calls `transition_save` so that the change and its audit
row are written the same way everywhere.
"""

from collections.abc import Callable

from django_fsm import ConcurrentTransition

from supervision.models import AuditRecord


def transition_save(
    subject,
    *,
    apply: Callable[[], object],
    audit: type[AuditRecord],
    action: str,
    by,
    comment: str = "",
    conflict: Exception,
) -> AuditRecord:
    """Run `apply` (the FSM transition) on the locked `subject`, save it, record the change.

    Raises `conflict` if another transaction saved the row meanwhile. Call inside the
    transaction that holds the row lock.
    """
    source = subject.state
    apply()
    try:
        subject.save()
    except ConcurrentTransition:
        raise conflict from None
    return audit.objects.create(
        **{audit.subject_field: subject},
        action=action,
        source=source,
        target=subject.state,
        actor=by,
        comment=comment,
    )
